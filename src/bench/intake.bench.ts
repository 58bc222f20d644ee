import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { measure } from './measure.js';

/**
 * `npm run bench:intake`: a synthetic nation and a year of its dispensings, ingested through the real
 * CLI (`lmr ingest`), with dispensings per second and peak RSS; then, on the same file, a plain DuckDB
 * `read_json` into a table, and our throughput as a share of it. Targets: a national year (60 M) in
 * under 15 minutes, ≥ 40 % of read_json, RSS < 4 GiB.
 *
 * LMR_BENCH_PERSONS (default 1,000,000), LMR_BENCH_DISPENSINGS (default 10,000,000), LMR_BENCH_DIR,
 * LMR_BENCH_KEEP=1 keeps the work directory.
 */
const persons = Number(process.env.LMR_BENCH_PERSONS ?? 1_000_000);
const count = Number(process.env.LMR_BENCH_DISPENSINGS ?? 10_000_000);
const cli = resolve(import.meta.dirname, '..', 'cli', 'main.js');
const work = await mkdtemp(join(process.env.LMR_BENCH_DIR ?? tmpdir(), 'lmr-bench-intake-'));
const data = join(work, 'data');
const file = join(work, 'dispensings.ndjson');
const line = (label: string, seconds: number, rss?: number, extra = ''): void =>
  console.log(`${label.padEnd(22)} ${seconds.toFixed(1).padStart(8)} s${rss === undefined ? '' : `   peak RSS ${String(rss).padStart(5)} MiB`}${extra}`);

try {
  console.log(`bench:intake: ${persons.toLocaleString('en')} persons, ${count.toLocaleString('en')} dispensings, work dir ${work}`);
  const nation = await measure(process.execPath, [cli, '--json', 'synth', 'nation', '--persons', String(persons), '--seed', 'bench', '--out', join(work, 'nation')]);
  if (nation.status !== 0) throw new Error('synth nation failed');
  const imp = await measure(process.execPath, [cli, '--data', data, '--json', 'reference', 'import', join(work, 'nation')]);
  if (imp.status !== 0) throw new Error('reference import failed');
  line('nation + reference', nation.seconds + imp.seconds, Math.max(nation.peakRssMiB, imp.peakRssMiB));
  const year = new Date().getFullYear() - 1;
  const gen = await measure(process.execPath, [cli, '--data', data, '--json', 'synth', 'dispensings', '--year', String(year), '--count', String(count), '--error-rate', '0.02', '--seed', 'bench', '--out', file]);
  if (gen.status !== 0) throw new Error('synth dispensings failed');
  const bytes = (await stat(file)).size;
  line('simulate', gen.seconds, gen.peakRssMiB, `   ${(bytes / 2 ** 20).toFixed(0)} MiB file`);
  const ing = await measure(process.execPath, [cli, '--data', data, '--json', 'ingest', file]);
  if (ing.status !== 0) throw new Error('ingest failed');
  const summary = JSON.parse(ing.stdout) as { dispensings: number; accepted: number; rejected: number; corrected: number; cancelled: number };
  const ours = summary.dispensings / ing.seconds;
  line('lmr ingest', ing.seconds, ing.peakRssMiB, `   ${Math.round(ours).toLocaleString('en')} dispensings/s`);
  console.log(`  ${JSON.stringify(summary)}`);
  // CPU or waiting: at 60 M in 15 min on 2 cores, a dispensing may take 30 µs of CPU if no core idles.
  console.log(
    `  CPU ${ing.cpuSeconds.toFixed(0)} s (both processes: ${((ing.cpuSeconds / summary.dispensings) * 1e6).toFixed(1)} µs a dispensing, ` +
      `${(ing.cpuSeconds / ing.seconds).toFixed(2)} of ${ing.cores} cores); the machine was busy ${(ing.machineBusy * 100).toFixed(0)} % of the time`,
  );

  // The same file, read by DuckDB alone into a table: the ceiling for parsing this JSON on this machine.
  const db = await DuckDBInstance.create(join(work, 'plain.duckdb'));
  const conn = await db.connect();
  const t = performance.now();
  await conn.run(`CREATE TABLE plain AS SELECT * FROM read_json('${file}', format = 'newline_delimited', maximum_object_size = 67108864)`);
  const n = Number((await conn.runAndReadAll(`SELECT sum(len(dispensings)) FROM plain`)).getRowsJS()[0]![0]);
  const plainSeconds = (performance.now() - t) / 1000;
  conn.closeSync();
  db.closeSync();
  const plain = n / plainSeconds;
  line('plain read_json', plainSeconds, undefined, `   ${Math.round(plain).toLocaleString('en')} dispensings/s`);
  const ratio = ours / plain;
  const national = 60_000_000 / ours;
  console.log(`ratio ${(ratio * 100).toFixed(0)} % of read_json (target ≥ 40 %)`);
  console.log(`a national year (60 M) at this rate: ${(national / 60).toFixed(1)} min (target < 15 min); 20 years: ${((national * 20) / 3600).toFixed(1)} h`);
  console.log(`peak RSS of ingest, with its parser process: ${ing.peakRssMiB} MiB (target < 4096 MiB); the sum of each process's own peak: ${ing.peakRssBoundMiB} MiB`);
} finally {
  if (!process.env.LMR_BENCH_KEEP) await rm(work, { recursive: true, force: true });
}
