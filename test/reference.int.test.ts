import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHpr, checkIdentityNumber } from '../src/identity/index.js';
import { spawn } from 'node:child_process';
import { CLI, lmr, scanForNeedles, tempDir } from './helpers.js';

/**
 * Acceptance for the foundation: generate a 100,000-person nation, import it through the CLI, and check
 * the counts, every identity number, and that no identity number reached any file under --data.
 */

let tmp: Awaited<ReturnType<typeof tempDir>>;
let nation: string;
let data: string;
const personNumbers = new Set<string>();
const hprNumbers = new Set<string>();
let firstFnr = '';

async function* ndjson(path: string): AsyncGenerator<Record<string, unknown>> {
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) if (line) yield JSON.parse(line) as Record<string, unknown>;
}

beforeAll(async () => {
  tmp = await tempDir('lmr-nation-');
  nation = join(tmp.path, 'nation');
  data = join(tmp.path, 'data');
  const gen = lmr(data, ['synth', 'nation', '--persons', '100000', '--seed', '7', '--out', nation, '--json']);
  expect(gen.stderr).toBe('');
  expect(gen.status).toBe(0);
  for await (const p of ndjson(join(nation, 'population.ndjson'))) {
    for (const id of p.identities as { number: string }[]) personNumbers.add(id.number);
  }
  for await (const p of ndjson(join(nation, 'prescribers.ndjson'))) hprNumbers.add(p.hpr as string);
  firstFnr = [...personNumbers][0]!;
  const imp = lmr(data, ['reference', 'import', nation, '--json']);
  expect(imp.stderr).toBe('');
  expect(imp.status).toBe(0);
}, 600_000);

afterAll(async () => {
  await tmp.remove();
});

describe('a 100,000-person synthetic nation', () => {
  it('reference stats shows 100,000 persons, 15 counties and ≥ 300 ATC level-5 codes', () => {
    const s = lmr(data, ['reference', 'stats', '--json']).json<Record<string, number>>();
    expect(s.persons).toBe(100_000);
    expect(s.counties).toBe(15);
    expect(s.atcCodes).toBeGreaterThanOrEqual(300);
    expect(s.prescribers).toBe(hprNumbers.size);
    expect(s.pharmacies).toBeGreaterThanOrEqual(15);
    expect(s.products).toBeGreaterThanOrEqual(400);
    expect(s.municipalities).toBeGreaterThanOrEqual(60);
  });

  it('every generated identity number checks as valid and synthetic', () => {
    expect(personNumbers.size).toBeGreaterThanOrEqual(100_000);
    const bad = [...personNumbers].filter((n) => {
      const c = checkIdentityNumber(n);
      return !c.valid || !c.synthetic || (c.kind !== 'fnr' && c.kind !== 'dnumber');
    });
    expect(bad).toEqual([]);
    expect([...hprNumbers].filter((h) => !checkHpr(h).valid)).toEqual([]);
    const cli = lmr(data, ['id', 'check', firstFnr, '--json']).json();
    expect(cli).toMatchObject({ valid: true, synthetic: true });
  });

  it('no identity number from the sources appears anywhere under --data, in bytes or in any DuckDB column', async () => {
    const leaks = await scanForNeedles(data, new Set([...personNumbers, ...hprNumbers]));
    expect(leaks.slice(0, 5)).toEqual([]);
  });

  it('the scan finds a planted number, in a text file and compressed inside a DuckDB table', async () => {
    const planted = join(tmp.path, 'planted');
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    await mkdir(planted, { recursive: true });
    const [a, b] = [...personNumbers];
    await writeFile(join(planted, 'app.log'), `{"msg":"oops ${a!}"}\n`);
    // Inside a 16-character pseudonym a run of digits is part of the pseudonym; a 12-character token is not one.
    await writeFile(join(planted, 'pseudonyms.csv'), `lopenr\nab${a!}cde\nb${b!}\n`);
    const db = await DuckDBInstance.create(join(planted, 'x.duckdb'));
    const conn = await db.connect();
    await conn.run(`CREATE TABLE t AS SELECT CASE WHEN i = 5000 THEN ? ELSE 'filler-' || (i % 7) END AS v FROM range(100000) r(i)`, [b!]);
    await conn.run('CHECKPOINT');
    conn.closeSync();
    db.closeSync();
    const leaks = await scanForNeedles(planted, new Set([a!, b!]));
    expect(leaks.map((l) => [l.needle, l.where])).toEqual(expect.arrayContaining([[a, 'bytes'], [b, 't.v']]));
    expect(leaks.filter((l) => l.file.endsWith('pseudonyms.csv')).map((l) => l.needle)).toEqual([b]);
  });

  it('re-importing the same nation changes no counts', () => {
    const before = lmr(data, ['reference', 'stats', '--json']).json();
    expect(lmr(data, ['reference', 'import', nation]).status).toBe(0);
    expect(lmr(data, ['reference', 'stats', '--json']).json()).toEqual(before);
  });

  it('a kill -9 in the middle of an import loses nothing: stores open, counts unchanged, re-import works', async () => {
    const before = lmr(data, ['reference', 'stats', '--json']).json();
    const child = spawn(process.execPath, [CLI, '--data', data, 'reference', 'import', '--population', join(nation, 'population.ndjson')], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1200));
    child.kill('SIGKILL');
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.once('exit', (c, s) => r([c, s])));
    expect([code, signal]).toEqual([null, 'SIGKILL']);
    expect(lmr(data, ['reference', 'stats', '--json']).json()).toEqual(before);
    expect(lmr(data, ['keys', 'status', '--json']).json()).toMatchObject({ activeKeyVersion: 1 });
    expect(lmr(data, ['reference', 'import', '--population', join(nation, 'population.ndjson')]).status).toBe(0);
    expect(lmr(data, ['reference', 'stats', '--json']).json()).toEqual(before);
  });

  it('answers municipality validity across the 2020 and 2024 reforms', () => {
    expect(lmr(data, ['reference', 'validate', '3402', '1201', '--on', '2019-06-01', '--json']).json()).toMatchObject({ valid: true });
    expect(lmr(data, ['reference', 'validate', '3402', '1201', '--on', '2021-06-01', '--json']).json()).toMatchObject({ valid: false });
    expect(lmr(data, ['reference', 'validate', '3402', '4601', '--on', '2024-06-01', '--json']).json()).toMatchObject({ valid: true, county: '46' });
  });
});
