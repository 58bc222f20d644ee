import type { Command } from 'commander';
import { buildStatistics, createRelease } from '../../statistics/build.js';
import { openStatisticsStores } from '../../statistics/register.js';
import { action, intArg } from '../command.js';

export function register(program: Command): void {
  const stats = program.command('stats').description('the public statistics bank: build the cube with disclosure control, freeze final releases');
  stats
    .command('build')
    .description('compute the preliminary release from the dispensing store (incremental: only the years new data touched)')
    .option('--full', 'recompute every year')
    .addHelpText(
      'after',
      `
Users, users per 1,000, dispensings, DDD, DDD per 1,000 inhabitants per day and cost (AUP), by ATC
(levels 1–5), year, sex, 5-year age group (90+) and county (current structure, from the residence on the
dispensing date), with every margin. Denominators: residents on 1 January. Cells resting on 1–4
persons are suppressed, with secondary suppression so that none can be recovered by subtraction.

--json prints {"release","years","cells","primary","secondary","seconds"}.`,
    )
    .action(
      action(async ({ layout, out }, opts: { full?: boolean }) => {
        const store = await openStatisticsStores(layout);
        try {
          const s = await buildStatistics(store, { full: Boolean(opts.full) });
          out.result(s, () =>
            s.years.length === 0
              ? `statistics up to date (${s.cells} cells)`
              : `built ${s.release} for ${s.years.join(', ')}: ${s.cells} cells, ${s.primary} suppressed (1–4 persons), ${s.secondary} suppressed to protect them, in ${s.seconds.toFixed(1)} s`,
          );
        } finally {
          store.close();
        }
      }),
    );
  stats
    .command('release')
    .description('freeze years of the statistics as a named final release, which never changes')
    .argument('<name>', 'the release name, e.g. 2025-final')
    .requiredOption('--year <year...>', 'the years to include', (v: string, acc: number[] | undefined) => [...(acc ?? []), intArg('--year', 1900)(v)])
    .action(
      action(async ({ layout, out }, name: string, opts: { year: number[] }) => {
        const store = await openStatisticsStores(layout);
        try {
          const r = await createRelease(store, name, opts.year);
          out.result(r, () => `release ${r.release}: ${r.years.join(', ')}, ${r.cells} cells`);
        } finally {
          store.close();
        }
      }),
    );
}
