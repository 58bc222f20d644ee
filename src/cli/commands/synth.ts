import type { Command } from 'commander';
import { synthNation } from '../../synth/nation.js';
import { terminalProgress } from '../../shared/progress.js';
import { action, intArg } from '../command.js';
import { isIsoDate } from '../../shared/dates.js';
import { badRequest } from '../../shared/outcome.js';

export function register(program: Command): void {
  const synth = program.command('synth').description('synthetic data: a nation and, later, pharmacy dispensings');
  synth
    .command('nation')
    .description('write a synthetic nation: fest.xml, population.ndjson, prescribers.ndjson, pharmacies.ndjson, codelists/')
    .option('--persons <n>', 'number of persons', intArg('--persons', 1), 200_000)
    .option('--seed <s>', 'seed: the same seed gives the same files', '1')
    .option('--as-of <date>', 'the extraction date of the sources', '2025-01-01')
    .requiredOption('--out <dir>', 'output folder')
    .addHelpText('after', '\nAll identity numbers are synthetic (month + 80, the national test-population convention).')
    .action(
      action(async ({ out }, opts: { persons: number; seed: string; asOf: string; out: string }) => {
        if (!isIsoDate(opts.asOf)) throw badRequest('must be a date (YYYY-MM-DD)', { path: '--as-of' });
        const s = await synthNation({ persons: opts.persons, seed: opts.seed, out: opts.out, asOf: opts.asOf, progress: terminalProgress() });
        out.result(s, () =>
          `wrote ${s.persons} persons, ${s.prescribers} prescribers, ${s.pharmacies} pharmacies, ${s.packs} packs (${s.atc5} ATC level-5 substances) to ${s.out} in ${s.seconds.toFixed(1)} s`,
        );
      }),
    );
}
