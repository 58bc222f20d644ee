import type { Command } from 'commander';
import { synthNation } from '../../synth/nation.js';
import { lastCompleteYear, synthDispensings } from '../../synth/dispensings/index.js';
import { terminalProgress } from '../../shared/progress.js';
import { action, intArg } from '../command.js';
import { isIsoDate } from '../../shared/dates.js';
import { badRequest } from '../../shared/outcome.js';

export function register(program: Command): void {
  const synth = program.command('synth').description('synthetic data: a nation, and pharmacy dispensings for it');
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

  synth
    .command('dispensings')
    .description('write dispensing messages, as pharmacies send them, for the nation imported into --data')
    .option('--year <y>', 'calendar year of the dispensings (default: the last complete year)', intArg('--year', 2004))
    .option('--count <n>', 'dispensings in all, invalid ones, corrections and cancellations included', intArg('--count', 0), 100_000)
    .option('--error-rate <r>', 'share of the dispensings made invalid on purpose (0–1), spread evenly over the simulated rules', '0')
    .option('--seed <s>', 'seed: the same seed and nation give the same file', 'lmr')
    .option('--format <f>', 'ndjson (one message per line) or fhir (one FHIR transaction Bundle per line)', 'ndjson')
    .requiredOption('--out <file>', 'output file; <file>.truth.json gets what was made on purpose')
    .addHelpText(
      'after',
      `
Reads the reference store and the identity vault under --data (each bulk reveal of numbers is logged in the
vault). A message is one pharmacy's report of one day (at most 1,000 dispensings); messages come in date
order, and a correction or cancellation comes a few days after the dispensing it changes, from the same
pharmacy. <file>.truth.json: {"dispensings","invalid","corrections","cancellations","byRule"}.`,
    )
    .action(
      action(async ({ layout, out }, opts: { year?: number; count: number; errorRate: string; seed: string; format: string; out: string }) => {
        const errorRate = Number(opts.errorRate);
        if (opts.errorRate.trim() === '' || !(errorRate >= 0 && errorRate <= 1)) throw badRequest('must be a share from 0 to 1', { path: '--error-rate' });
        if (opts.format !== 'ndjson' && opts.format !== 'fhir') throw badRequest("must be 'ndjson' or 'fhir'", { path: '--format' });
        const s = await synthDispensings({
          layout,
          year: opts.year ?? lastCompleteYear(),
          count: opts.count,
          errorRate,
          seed: opts.seed,
          out: opts.out,
          format: opts.format,
          progress: terminalProgress(),
        });
        out.result(s, () =>
          `wrote ${s.dispensings} dispensings in ${s.messages} messages (${s.invalid} invalid, ${s.corrections} corrections, ${s.cancellations} cancellations) for ${s.year} to ${s.out} in ${s.seconds.toFixed(1)} s; truth in ${s.truthFile}`,
        );
      }),
    );
}
