import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { measure } from './measure.js';

/**
 * `npm run bench:extract`: every opioid (N02A) user's dispensings for a national year, extracted with
 * `lmr extract run` (target < 60 s). The extract writes CSV and Parquet for each unit, the codebook,
 * the signed manifest and the disclosure log; the figure is the whole command.
 *
 * A national year is 60 M dispensings. The bench simulates and ingests LMR_BENCH_DISPENSINGS (default
 * 2,000,000) for LMR_BENCH_PERSONS (default 200,000) persons, then scales the dispensing store up
 * LMR_BENCH_SCALE times (default 30, so 60 M rows) by copying its rows under new keys and new patient
 * ids: the extract then scans a store of national size and finds a national number of users.
 * LMR_BENCH_DATA=<data dir> runs on an existing register instead (no simulation, no scaling unless
 * LMR_BENCH_SCALE is set). LMR_BENCH_KEEP=1 keeps the work directory.
 */
const cli = resolve(import.meta.dirname, '..', 'cli', 'main.js');
const persons = Number(process.env.LMR_BENCH_PERSONS ?? 200_000);
const count = Number(process.env.LMR_BENCH_DISPENSINGS ?? 2_000_000);
const scale = Number(process.env.LMR_BENCH_SCALE ?? (process.env.LMR_BENCH_DATA ? 1 : 30));
const work = await mkdtemp(join(process.env.LMR_BENCH_DIR ?? tmpdir(), 'lmr-bench-extract-'));
const data = process.env.LMR_BENCH_DATA ? resolve(process.env.LMR_BENCH_DATA) : join(work, 'data');
const year = new Date().getFullYear() - 1;
const line = (label: string, s: number, rss?: number, extra = ''): void =>
  console.log(`${label.padEnd(22)} ${s.toFixed(1).padStart(8)} s${rss === undefined ? '' : `   peak RSS ${String(rss).padStart(5)} MiB`}${extra}`);

async function step(label: string, args: string[]): Promise<{ stdout: string; seconds: number; rss: number }> {
  const m = await measure(process.execPath, [cli, '--data', data, '--json', ...args]);
  if (m.status !== 0) throw new Error(`${label} failed`);
  line(label, m.seconds, m.peakRssMiB);
  return { stdout: m.stdout, seconds: m.seconds, rss: m.peakRssMiB };
}

/** Copies every dispensing `times - 1` more times, each copy under new keys and new patient ids. */
async function scaleUp(times: number): Promise<number> {
  const started = performance.now();
  const db = await DuckDBInstance.create(':memory:', { memory_limit: '4GB' });
  const conn = await db.connect();
  try {
    await conn.run(`ATTACH '${join(data, 'dispensing', 'dispensing.duckdb')}' AS dispensing`);
    for (let k = 1; k < times; k++) {
      await conn.run(`INSERT INTO dispensing.dispensing
        SELECT * REPLACE (ref || '~${String(k)}' AS ref, xor(patient_id, ${String(k)}::BIGINT << 48) AS patient_id, md5_number_lower(pharmacy || '|' || ref || '~${String(k)}') AS key_hash)
        FROM dispensing.dispensing WHERE NOT contains(ref, '~')`);
    }
    const rows = Number((await conn.runAndReadAll('SELECT count(*) FROM dispensing.current_dispensing')).getRowsJS()[0]![0]);
    line(`scale up ×${String(times)}`, (performance.now() - started) / 1000, undefined, `   ${rows.toLocaleString('en')} current dispensings`);
    return rows;
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

try {
  if (!process.env.LMR_BENCH_DATA) {
    console.log(`bench:extract: ${persons.toLocaleString('en')} persons, ${count.toLocaleString('en')} dispensings ×${String(scale)}, work dir ${work}`);
    await step('synth nation', ['synth', 'nation', '--persons', String(persons), '--seed', 'bench', '--out', join(work, 'nation')]);
    await step('reference import', ['reference', 'import', join(work, 'nation')]);
    const file = join(work, 'dispensings.ndjson');
    await step('simulate', ['synth', 'dispensings', '--year', String(year), '--count', String(count), '--error-rate', '0', '--seed', 'bench', '--out', file]);
    await step('ingest', ['ingest', file]);
    await rm(file);
  } else console.log(`bench:extract on ${data}`);
  const total = scale > 1 ? await scaleUp(scale) : (JSON.parse((await step('dispensings stats', ['dispensings', 'stats'])).stdout) as { current: number }).current;

  const application = {
    projectId: 'BENCH-N02A',
    title: 'Opioid users, one year',
    legalBasis: 'helseregisterloven § 19 a',
    approval: { reference: 'REK bench', date: '2026-01-01' },
    variables: [
      'pasient_lopenr:exact', 'pasient_kjonn:exact', 'pasient_fodselsar:year', 'pasient_bostedskommune:municipality', 'forskriver_lopenr:exact', 'forskriver_yrke:exact',
      'apotek_nr:exact', 'legemiddel_varenummer:exact', 'legemiddel_atckode_niva5:exact', 'legemiddel_navn:exact', 'utlevering_dato:date', 'utlevering_antall_pakninger:exact',
      'utlevering_ddd:exact', 'utlevering_aup:exact', 'refusjon_hjemmel:exact', 'refusjon_icd10:code',
    ].map((v) => ({ name: v.split(':')[0]!, level: v.split(':')[1]! })),
    population: { atc: ['N02A*'] },
    timeWindow: { from: `${String(year)}-01-01`, to: `${String(year)}-12-31` },
    dataState: { kind: 'preliminary' },
    expires: '2099-12-31',
  };
  const appFile = join(work, 'application.json');
  await writeFile(appFile, JSON.stringify(application));
  await step('project register', ['project', 'register', appFile]);
  const out = join(work, 'extract');
  const run = await step('extract run', ['extract', 'run', 'BENCH-N02A', '--out', out]);
  const r = JSON.parse(run.stdout) as { persons: number; dispensings: number; prescribers: number };
  let bytes = 0;
  for (const f of await readdir(out)) bytes += (await stat(join(out, f))).size;
  console.log(`  ${r.dispensings.toLocaleString('en')} N02A dispensings of ${r.persons.toLocaleString('en')} users (${r.prescribers.toLocaleString('en')} prescribers) from a store of ${total.toLocaleString('en')}; ${(bytes / 2 ** 20).toFixed(0)} MiB written`);
  const national = total >= 50_000_000 ? run.seconds : (run.seconds * 60_000_000) / Math.max(1, total);
  console.log(`a national year: ${national.toFixed(1)} s${total >= 50_000_000 ? ' (measured)' : ' (projected linearly from this store)'} (target < 60 s); peak RSS ${String(run.rss)} MiB`);
  await step('extract verify', ['extract', 'verify', out]);
} finally {
  if (!process.env.LMR_BENCH_KEEP) await rm(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
