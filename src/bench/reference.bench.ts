import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure } from './measure.js';

/**
 * `npm run bench:reference`: generates a national-scale synthetic nation and imports it, printing the
 * seconds and peak RSS of each step. Targets: under 10 minutes in all, and under 4 GiB.
 * `LMR_BENCH_PERSONS` overrides the size (default 5,500,000).
 */
const persons = Number(process.env.LMR_BENCH_PERSONS ?? 5_500_000);
const cli = resolve(import.meta.dirname, '..', 'cli', 'main.js');
const work = await mkdtemp(join(process.env.LMR_BENCH_DIR ?? tmpdir(), 'lmr-bench-reference-'));
const sources = join(work, 'nation');
const data = join(work, 'data');

try {
  console.log(`bench:reference: ${persons.toLocaleString('en')} persons, work dir ${work}`);
  const gen = await measure(process.execPath, [cli, '--json', 'synth', 'nation', '--persons', String(persons), '--seed', 'bench', '--out', sources]);
  if (gen.status !== 0) throw new Error(`synth nation failed (${gen.status})`);
  console.log(`generate  ${gen.seconds.toFixed(1).padStart(7)} s   peak RSS ${String(gen.peakRssMiB).padStart(5)} MiB`);
  const imp = await measure(process.execPath, [cli, '--data', data, '--json', 'reference', 'import', sources]);
  if (imp.status !== 0) throw new Error(`reference import failed (${imp.status})`);
  console.log(`import    ${imp.seconds.toFixed(1).padStart(7)} s   peak RSS ${String(imp.peakRssMiB).padStart(5)} MiB`);
  for (const r of (JSON.parse(imp.stdout) as { imports: { source: string; rows: number; seconds: number }[] }).imports) {
    console.log(`  ${r.source.padEnd(12)} ${String(r.rows).padStart(9)} rows ${r.seconds.toFixed(1).padStart(7)} s`);
  }
  const total = gen.seconds + imp.seconds;
  const peak = Math.max(gen.peakRssMiB, imp.peakRssMiB);
  console.log(`total     ${total.toFixed(1).padStart(7)} s   peak RSS ${String(peak).padStart(5)} MiB   (targets: < 600 s, < 4096 MiB)`);
  console.log(JSON.stringify({ bench: 'reference', persons, generateSeconds: gen.seconds, generatePeakRssMiB: gen.peakRssMiB, importSeconds: imp.seconds, importPeakRssMiB: imp.peakRssMiB, totalSeconds: total }));
} finally {
  if (!process.env.LMR_BENCH_KEEP) await rm(work, { recursive: true, force: true });
}
