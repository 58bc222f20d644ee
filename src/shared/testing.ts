import { LmrError } from './outcome.js';

/**
 * Support for unit tests (the register itself never calls it): the rule of the LmrError a promise
 * rejects with. Any other error is rethrown, and a promise that resolves fails the test.
 */
export async function rejectionRule(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    if (err instanceof LmrError) return err.outcome.issues[0]?.rule;
    throw err;
  }
  throw new Error('expected a rejection');
}
