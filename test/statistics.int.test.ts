import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import JSONstat from 'jsonstat-toolkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { differencingAttack } from '../src/statistics/disclosure/attack.js';
import { readFile } from 'node:fs/promises';
import { lmr, scanForNeedles, serve, tempDir } from './helpers.js';

/**
 * Acceptance for the statistics bank: a synthetic nation and a year of dispensings through the real
 * CLI (synth, reference import, ingest, stats build), read back through the real open API, and
 * checked against counts computed here, straight from the stores, with SQL of the test's own.
 */

const YEAR = new Date().getFullYear() - 1;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let data: string;
let server: Awaited<ReturnType<typeof serve>>;
let built: { release: string; years: number[]; cells: number; primary: number; secondary: number };
/** Read straight from the stores with the test's own SQL, before the server takes them. */
let truth: { users: number; population: number; small: number; suppressed: number; cells: number; recovered: unknown[]; hidden: { atc: string; sex: string; age: string; county: string }; leaks: unknown[]; needles: number };

async function query<T>(sql: string, attach: Record<string, string>): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    for (const [name, path] of Object.entries(attach)) await conn.run(`ATTACH '${path}' AS ${name} (READ_ONLY)`);
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

async function post(body: unknown): Promise<Response> {
  return fetch(`${server.url}/api/open/v1/lmr/table/1/data`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

const select = (over: Record<string, string[]>, format = 'json-stat2'): unknown => ({
  dimensions: Object.entries({ ATC: ['J01CE02'], AAR: [String(YEAR)], KJONN: ['0'], ALDER: ['ALL'], FYLKE: ['00'], MEASURE_TYPE: ['BRUKERE', 'BRUKERE_PER_1000'], ...over }).map(
    ([code, values]) => ({ code, filter: 'item', values }),
  ),
  response: { format },
});

beforeAll(async () => {
  tmp = await tempDir('lmr-stats-');
  data = join(tmp.path, 'data');
  const nation = join(tmp.path, 'nation');
  const file = join(tmp.path, 'dispensings.ndjson');
  expect(lmr(data, ['synth', 'nation', '--persons', '20000', '--seed', 'stats', '--out', nation]).status).toBe(0);
  expect(lmr(data, ['reference', 'import', nation]).status).toBe(0);
  expect(lmr(data, ['synth', 'dispensings', '--year', String(YEAR), '--count', '150000', '--error-rate', '0.01', '--seed', 'stats', '--out', file]).status).toBe(0);
  expect(lmr(data, ['ingest', file]).status).toBe(0);
  const r = lmr(data, ['stats', 'build', '--json']);
  expect(r.stderr).toBe('');
  built = r.json();
  const statistics = join(data, 'statistics', 'statistics.duckdb');
  const [{ users }] = (await query<{ users: bigint }>(
    `SELECT count(DISTINCT patient_id) AS users FROM d.dispensing
     WHERE current AND NOT cancelled AND NOT animal AND atc = 'J01CE02' AND year(dispensed_on) = ${YEAR}`,
    { d: join(data, 'dispensing', 'dispensing.duckdb') },
  )) as [{ users: bigint }];
  const [{ population }] = (await query<{ population: bigint }>(
    `SELECT count(DISTINCT p.person_id) AS population FROM r.person p JOIN r.residence s ON s.person_id = p.person_id
     WHERE p.birth_date <= DATE '${YEAR}-01-01' AND (p.death_date IS NULL OR p.death_date > DATE '${YEAR}-01-01')
       AND s.valid_from <= DATE '${YEAR}-01-01' AND (s.valid_to IS NULL OR s.valid_to >= DATE '${YEAR}-01-01')`,
    { r: join(data, 'reference', 'reference.duckdb') },
  )) as [{ population: bigint }];
  const [counts] = await query<{ small: bigint; suppressed: bigint; cells: bigint }>(
    `SELECT count(*) FILTER (WHERE users BETWEEN 1 AND 4 AND NOT suppressed) AS small, count(*) FILTER (WHERE suppressed) AS suppressed, count(*) AS cells FROM s.cell`,
    { s: statistics },
  );
  const [hidden] = await query<{ atc: string; sex: string; age: string; county: string }>(
    `SELECT atc, sex, age, county FROM s.cell WHERE suppressed AND reason = 'primary' ORDER BY atc, sex, age, county LIMIT 1`,
    { s: statistics },
  );
  const db = await DuckDBInstance.create(statistics, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  let recovered: unknown[];
  try {
    recovered = await differencingAttack(conn, 'preliminary');
  } finally {
    conn.closeSync();
    db.closeSync();
  }
  const needles = new Set<string>();
  for (const m of (await readFile(file, 'utf8')).matchAll(/"(?:id|hpr)":"(\d{5,11})"/g)) if (!/^(0+|9+)$/.test(m[1]!)) needles.add(m[1]!);
  const leaks = await scanForNeedles(data, needles);
  truth = {
    leaks, needles: needles.size,
    users: Number(users), population: Number(population), small: Number(counts!.small), suppressed: Number(counts!.suppressed), cells: Number(counts!.cells),
    recovered, hidden: hidden!,
  };
  server = await serve(data, { LMR_STATS_INTERVAL_SECONDS: '3600' });
}, 600_000);

afterAll(async () => {
  await server.stop();
  await tmp.remove();
});

describe('lmr stats build on a synthetic year', () => {
  it('counts the users of J01CE02 exactly as count(distinct patient) on the dispensing store, and users per 1,000 from residents on 1 January', async () => {
    expect(built.years).toEqual([YEAR]);
    expect(truth.users).toBeGreaterThan(100);
    const res = await post(select({}));
    expect(res.status).toBe(200);
    const j = JSONstat((await res.json()) as object);
    expect(j.Data({ MEASURE_TYPE: 'BRUKERE' })).toEqual({ value: truth.users, status: null });
    const per1000 = j.Data({ MEASURE_TYPE: 'BRUKERE_PER_1000' })!.value as number;
    expect(per1000).toBeCloseTo((truth.users / truth.population) * 1000, 2);
  });

  it('publishes no cell resting on 1–4 persons, in any table, and the differencing attack recovers nothing', () => {
    expect(truth.cells).toBe(built.cells);
    expect(truth.small).toBe(0);
    expect(truth.suppressed).toBe(built.primary + built.secondary);
    expect(built.primary).toBeGreaterThan(0);
    expect(built.secondary).toBeGreaterThan(0);
    expect(truth.recovered).toEqual([]);
  });

  it('writes no identity number from the input into any file under --data', () => {
    expect(truth.needles).toBeGreaterThan(5000);
    expect(truth.leaks).toEqual([]);
  });

  it('shows suppressed cells through the API as null with status ":", explained by /flag', async () => {
    const cell = truth.hidden;
    const res = await post(select({ ATC: [cell.atc], KJONN: [cell.sex], ALDER: [cell.age], FYLKE: [cell.county], MEASURE_TYPE: ['BRUKERE', 'DDD', 'KOSTNAD'] }));
    const j = JSONstat((await res.json()) as object);
    for (const m of ['BRUKERE', 'DDD', 'KOSTNAD']) expect(j.Data({ MEASURE_TYPE: m })).toEqual({ value: null, status: ':' });
    const flags = (await (await fetch(`${server.url}/api/open/v1/lmr/table/1/flag`)).json()) as { title: string; text: string }[];
    expect(flags.find((f) => f.title === ':')?.text).toMatch(/færre enn 5 personer/);
  });

  it('answers csv2 (labels) and csv3 (codes) that parse, with the same numbers as JSON-stat', async () => {
    const body = (format: string): unknown => select({ KJONN: ['0', '1', '2'], FYLKE: ['00', '03'], MEASURE_TYPE: ['BRUKERE'] }, format);
    const j = JSONstat(await (await post(body('json-stat2'))).json() as object);
    const csv2 = parse<Record<string, string>>(await (await post(body('csv2'))).text(), { delimiter: ';', columns: true });
    const csv3 = parse<Record<string, string>>(await (await post(body('csv3'))).text(), { delimiter: ',', columns: true });
    expect(csv2).toHaveLength(6);
    expect(csv3).toHaveLength(6);
    expect(Object.keys(csv2[0]!)).toEqual(['Legemiddel (ATC)', 'År', 'Kjønn', 'Alder', 'Fylke', 'Brukere', 'flag']);
    expect(csv2.map((r) => r.Kjønn)).toEqual(['Begge kjønn', 'Begge kjønn', 'Menn', 'Menn', 'Kvinner', 'Kvinner']);
    for (const r of csv3) {
      const want = j.Data({ KJONN: r.KJONN!, FYLKE: r.FYLKE! })!;
      expect(r.BRUKERE).toBe(want.value === null ? want.status : String(want.value));
    }
  });

  it('answers bad requests with 400 or 404 and a message naming the problem', async () => {
    const bad = await post({ dimensions: [{ code: 'NOPE', filter: 'item', values: ['x'] }], response: { format: 'json-stat2' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/NOPE/);
    expect((await fetch(`${server.url}/api/open/v1/lmr/table/999`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/open/v1/other/table`)).status).toBe(404);
    const broken = await fetch(`${server.url}/api/open/v1/lmr/table/1/data`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(broken.status).toBe(400);
  });

  it('rebuilds incrementally: nothing without new data; the touched year after new dispensings, exactly', async () => {
    await server.stop();
    try {
      const again = lmr(data, ['stats', 'build', '--json']).json<typeof built>();
      expect(again.years).toEqual([]);
      expect(again.cells).toBe(built.cells);
      const more = join(tmp.path, 'more.ndjson');
      expect(lmr(data, ['synth', 'dispensings', '--year', String(YEAR), '--count', '20000', '--error-rate', '0', '--seed', 'more', '--out', more]).status).toBe(0);
      expect(lmr(data, ['ingest', more]).status).toBe(0);
      const after = lmr(data, ['stats', 'build', '--json']).json<typeof built>();
      expect(after.years).toEqual([YEAR]);
      const [{ users }] = (await query<{ users: bigint }>(
        `SELECT count(DISTINCT patient_id) AS users FROM d.dispensing WHERE current AND NOT cancelled AND NOT animal AND atc = 'J01CE02' AND year(dispensed_on) = ${YEAR}`,
        { d: join(data, 'dispensing', 'dispensing.duckdb') },
      )) as [{ users: bigint }];
      const [cell] = await query<{ users: bigint }>(
        `SELECT users FROM s.cell WHERE release = 'preliminary' AND year = ${YEAR} AND atc = 'J01CE02' AND sex = '0' AND age = 'ALL' AND county = '00'`,
        { s: join(data, 'statistics', 'statistics.duckdb') },
      );
      expect(Number(users)).toBeGreaterThan(truth.users);
      expect(Number(cell!.users)).toBe(Number(users));
      truth.users = Number(users);
    } finally {
      server = await serve(data, { LMR_STATS_INTERVAL_SECONDS: '3600' });
    }
  });
  it('freezes a final release that the API serves as its own table, never overwrites, and takes out of the preliminary table', async () => {
    await server.stop();
    try {
      const r = lmr(data, ['stats', 'release', `${YEAR}-final`, '--year', String(YEAR), '--json']);
      expect(r.stderr).toBe('');
      const frozen = r.json<{ release: string; years: number[]; cells: number }>();
      expect(frozen).toMatchObject({ release: `${YEAR}-final`, years: [YEAR] });
      expect(frozen.cells).toBeGreaterThan(built.cells / 2);
      const again = lmr(data, ['stats', 'release', `${YEAR}-final`, '--year', String(YEAR)]);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/exists; a final release never changes/);
      const twice = lmr(data, ['stats', 'release', 'other', '--year', String(YEAR)]);
      expect(twice.status).not.toBe(0);
      expect(twice.stderr).toMatch(/already in a final release/);
      // New data for a released year change nothing: the year has left the preliminary table.
      const late = join(tmp.path, 'late.ndjson');
      expect(lmr(data, ['synth', 'dispensings', '--year', String(YEAR), '--count', '5000', '--error-rate', '0', '--seed', 'late', '--out', late]).status).toBe(0);
      expect(lmr(data, ['ingest', late]).status).toBe(0);
      expect(lmr(data, ['stats', 'build', '--json']).json<typeof built>().years).toEqual([]);
      const none = lmr(data, ['stats', 'release', 'empty', '--year', '1999']);
      expect(none.status).not.toBe(0);
      expect(none.stderr).toMatch(/no data for year 1999/);
    } finally {
      server = await serve(data, { LMR_STATS_INTERVAL_SECONDS: '3600' });
    }
    const tables = (await (await fetch(`${server.url}/api/open/v1/lmr/table`)).json()) as { tableId: number; title: string }[];
    // The only year is final: the preliminary table has no year left, so only table 1000 is listed.
    expect(tables.map((t) => t.tableId)).toEqual([1000]);
    expect(tables[0]!.title).toMatch(/endelige tall/);
    expect((await fetch(`${server.url}/api/open/v1/lmr/table/1/dimension`)).status).toBe(404);
    const res = await fetch(`${server.url}/api/open/v1/lmr/table/1000/data`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(select({})) });
    const j = JSONstat((await res.json()) as object);
    expect(j.Data({ MEASURE_TYPE: 'BRUKERE' })).toEqual({ value: truth.users, status: null });
  });
});
