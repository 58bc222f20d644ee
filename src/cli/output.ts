import { exitCode, formatIssue, isError, normalizeError, type Issue } from '../shared/outcome.js';

/** How a command reports: JSON on stdout with `--json`, else human text. */
export interface Out {
  json: boolean;
  result(value: unknown, human: () => string): void;
  warn(issues: readonly Issue[]): void;
}

export function createOut(json: boolean): Out {
  return {
    json,
    result(value, human) {
      process.stdout.write(json ? JSON.stringify(value, jsonReplacer) + '\n' : human() + '\n');
    },
    warn(issues) {
      for (const i of issues) if (!isError(i)) process.stderr.write(`warning: ${formatIssue(i)}\n`);
    },
  };
}

export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * The one place a CLI failure becomes output: a one-line reason on stderr (more lines only when
 * there are several issues), the outcome as JSON on stdout with `--json`, and a non-zero exit code.
 */
export function fail(err: unknown, json: boolean): never {
  const outcome = normalizeError(err);
  const errors = outcome.issues.filter(isError);
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  process.stderr.write(`lmr: ${first ? formatIssue(first) : 'failed'}${more}\n`);
  for (const i of errors.slice(1)) process.stderr.write(`  ${formatIssue(i)}\n`);
  if (json) process.stdout.write(JSON.stringify({ error: outcome }) + '\n');
  if (!(err instanceof Error && 'outcome' in err) && process.env.LMR_DEBUG) {
    // Only on explicit request, and only the stack frames: internal messages can carry input data.
    const frames = String((err as Error).stack).split('\n').filter((l) => /^\s+at /.test(l));
    process.stderr.write(`${(err as Error).name}\n${frames.join('\n')}\n`);
  }
  process.exit(exitCode(outcome) || 1);
}
