import type { Command } from 'commander';
import type { Application } from '../../extracts/application.js';
import { drawSample } from '../../extracts/sample.js';
import { LmrError, issue } from '../../shared/outcome.js';
import { action, intArg } from '../command.js';
import { readPem, withExtractStores } from './linkage.js';

const range = (option: string, value: string): [string, string] => {
  const m = /^([^:]+):([^:]+)$/.exec(value);
  if (!m) throw new LmrError(issue('invalid', `${option} must be FROM:TO`, { path: option, rule: 'sample.criteria' }));
  return [m[1]!, m[2]!];
};

export function register(program: Command): void {
  program
    .command('sample')
    .description("draw a reproducible random sample of persons meeting a project's criteria (e.g. for a survey)")
    .requiredOption('--project <id>', 'the project id')
    .requiredOption('--size <n>', 'how many persons', intArg('--size', 1))
    .requiredOption('--seed <text>', 'the seed: the same seed on the same data draws the same persons')
    .requiredOption('--out <file>', 'the file to write (must not exist)')
    .option('--atc <pattern...>', 'ATC codes or prefixes ending in * (replaces the project\'s)')
    .option('--period <from:to>', 'dispensed in this period, YYYY-MM-DD:YYYY-MM-DD')
    .option('--age <min:max>', 'age on the dispensing date')
    .option('--sex <code...>', '1 (male) or 2 (female)')
    .option('--county <code...>', 'two-digit county codes (residence on the dispensing date)')
    .option('--recipient-key <pem>', 'deliver identity numbers in a key file encrypted to this RSA key, for an authorised recipient who contacts the persons')
    .addHelpText('after', `
Criteria not given are the project's. Without --recipient-key the sample is a CSV of the project's
person numbers (pasient_lopenr). The seed, the definition and the persons drawn are recorded in the
disclosure log (lmr disclosures --project P).

--json prints {"projectId","deliveryId","seed","size","population","drawn","definition","dataState","out","format","sha256"}.`)
    .action(
      action(async ({ layout, out }, opts: { project: string; size: number; seed: string; out: string; atc?: string[]; period?: string; age?: string; sex?: string[]; county?: string[]; recipientKey?: string }) => {
        const criteria: Partial<Application['population']> = {};
        if (opts.atc) criteria.atc = opts.atc;
        if (opts.period) {
          const [from, to] = range('--period', opts.period);
          criteria.period = { from, to };
        }
        if (opts.age) {
          const [min, max] = range('--age', opts.age).map((v) => intArg('--age')(v));
          criteria.age = { min: min!, max: max! };
        }
        if (opts.sex) criteria.sex = opts.sex as ('1' | '2')[];
        if (opts.county) criteria.county = opts.county;
        const recipientPublicKeyPem = opts.recipientKey ? await readPem(opts.recipientKey, '--recipient-key') : undefined;
        const r = await withExtractStores(layout, (store, vault) =>
          drawSample(store, vault, opts.project, { size: opts.size, seed: opts.seed, criteria, out: opts.out, ...(recipientPublicKeyPem ? { recipientPublicKeyPem } : {}) }),
        );
        out.result(r, () => `drew ${r.drawn} of ${r.population} persons for ${r.projectId} (seed ${r.seed}) to ${r.out}`);
      }),
    );
}
