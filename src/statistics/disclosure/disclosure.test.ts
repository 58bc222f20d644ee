import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { differencingAttack } from './attack.js';
import { cubeFromDispensings, memoryCube, randomCube, type Dispensing, type MemoryCube } from './fixtures.js';
import { suppress } from './suppress.js';

const R = 'preliminary';
let cube: MemoryCube;
let conn: DuckDBConnection;

beforeEach(async () => {
  cube = await memoryCube();
  conn = cube.conn;
});
afterEach(() => cube.close());

let nextPerson = 0;
/** `n` persons, each with one dispensing of `atc` in the given sex, age group and county. */
function people(n: number, atc: string, sex: '1' | '2', age: string, county: string): Dispensing[] {
  return Array.from({ length: n }, () => ({ person: nextPerson++, atc, sex, age, county }));
}

interface Mark {
  suppressed: boolean;
  reason: string | null;
}

/** The mark of the cell at (atc, sex, age, county). */
async function mark(atc: string, sex: string, age: string, county: string): Promise<Mark> {
  const rows = (
    await conn.runAndReadAll(`SELECT suppressed, reason FROM cell WHERE release = $1 AND atc = $2 AND sex = $3 AND age = $4 AND county = $5`, [
      R,
      atc,
      sex,
      age,
      county,
    ])
  ).getRows();
  expect(rows).toHaveLength(1);
  return { suppressed: rows[0]![0] === true, reason: rows[0]![1] as string | null };
}

async function scalar(sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql, [R])).getRows()[0]![0]);
}

/** Only the primary rule, applied by hand: what a naive bank would publish. */
async function primaryOnly(): Promise<void> {
  await conn.run(`UPDATE cell SET suppressed = users BETWEEN 1 AND 4, reason = CASE WHEN users BETWEEN 1 AND 4 THEN 'primary' END WHERE release = $1`, [R]);
}

/** The invariants every suppressed release must satisfy. */
async function expectSafe(): Promise<void> {
  expect(await scalar(`SELECT count(*) FROM cell WHERE release = $1 AND NOT suppressed AND users BETWEEN 1 AND 4`)).toBe(0);
  expect(await scalar(`SELECT count(*) FROM cell WHERE release = $1 AND users BETWEEN 1 AND 4 AND reason IS DISTINCT FROM 'primary'`)).toBe(0);
  expect(await scalar(`SELECT count(*) FROM cell WHERE release = $1 AND suppressed <> (reason IS NOT NULL)`)).toBe(0);
  expect(await differencingAttack(conn, R)).toEqual([]);
}

describe('suppress: hand-made adversarial cubes', () => {
  it('a single small county: the smallest other county is suppressed with it, and nothing can be recovered', async () => {
    await cubeFromDispensings(conn, R, [
      ...people(2, 'N02BE01', '1', '40-44', '03'),
      ...people(10, 'N02BE01', '1', '40-44', '11'),
      ...people(30, 'N02BE01', '1', '40-44', '15'),
    ]);
    await primaryOnly();
    const leaked = await differencingAttack(conn, R);
    expect(leaked.some((c) => c.county === '03' && c.measure === 'dispensings' && c.value === 2)).toBe(true);

    const s = await suppress(conn, R);
    expect(s.unresolved).toBe(0);
    expect(await mark('N02BE01', '1', '40-44', '03')).toEqual({ suppressed: true, reason: 'primary' });
    expect(await mark('N02BE01', '1', '40-44', '11')).toEqual({ suppressed: true, reason: 'secondary' });
    expect(await mark('N02BE01', '1', '40-44', '15')).toEqual({ suppressed: false, reason: null });
    expect(await mark('N02BE01', '0', 'ALL', '00')).toEqual({ suppressed: false, reason: null });
    await expectSafe();
  });

  it('a single small age group', async () => {
    await cubeFromDispensings(conn, R, [
      ...people(3, 'C10AA05', '2', '00-04', '03'),
      ...people(20, 'C10AA05', '2', '60-64', '03'),
      ...people(9, 'C10AA05', '2', '65-69', '03'),
    ]);
    const s = await suppress(conn, R);
    expect(s.primary).toBeGreaterThan(0);
    expect(s.secondary).toBeGreaterThan(0);
    expect(await mark('C10AA05', '2', '00-04', '03')).toEqual({ suppressed: true, reason: 'primary' });
    expect(await mark('C10AA05', '2', '65-69', '03')).toEqual({ suppressed: true, reason: 'secondary' });
    expect(await mark('C10AA05', '2', '60-64', '03')).toEqual({ suppressed: false, reason: null });
    await expectSafe();
  });

  it('an ATC parent with one small child', async () => {
    await cubeFromDispensings(conn, R, [
      ...people(2, 'N02AA01', '1', '50-54', '03'),
      ...people(12, 'N02AA05', '1', '50-54', '03'),
      ...people(40, 'N02AA59', '1', '50-54', '03'),
    ]);
    await primaryOnly();
    expect((await differencingAttack(conn, R)).some((c) => c.atc === 'N02AA01' && c.via === 'atc')).toBe(true);
    await suppress(conn, R);
    expect(await mark('N02AA01', '1', '50-54', '03')).toEqual({ suppressed: true, reason: 'primary' });
    expect(await mark('N02AA05', '1', '50-54', '03')).toEqual({ suppressed: true, reason: 'secondary' });
    expect(await mark('N02AA59', '1', '50-54', '03')).toEqual({ suppressed: false, reason: null });
    expect(await mark('N02AA', '1', '50-54', '03')).toEqual({ suppressed: false, reason: null });
    await expectSafe();
  });

  it('a sex split with one small side: the other side goes too, users included', async () => {
    await cubeFromDispensings(conn, R, [...people(2, 'G03AA07', '1', '20-24', '46'), ...people(25, 'G03AA07', '2', '20-24', '46')]);
    await primaryOnly();
    const leaked = await differencingAttack(conn, R);
    expect(leaked.some((c) => c.sex === '1' && c.measure === 'users' && c.value === 2 && c.via === 'sex')).toBe(true);
    await suppress(conn, R);
    expect(await mark('G03AA07', '2', '20-24', '46')).toEqual({ suppressed: true, reason: 'secondary' });
    expect(await mark('G03AA07', '0', '20-24', '46')).toEqual({ suppressed: false, reason: null });
    await expectSafe();
  });

  it('a chain: a secondary cell makes a new singleton in another dimension', async () => {
    await cubeFromDispensings(conn, R, [
      ...people(2, 'A10BA02', '2', '00-04', '03'),
      ...people(20, 'A10BA02', '2', '05-09', '03'),
      ...people(6, 'A10BA02', '2', '00-04', '11'),
      ...people(30, 'A10BA02', '2', '05-09', '11'),
      ...people(50, 'A10BA02', '2', '05-09', '15'),
    ]);
    const s = await suppress(conn, R);
    expect(s.passes).toBeGreaterThan(1);
    expect(await mark('A10BA02', '2', '00-04', '03')).toEqual({ suppressed: true, reason: 'primary' });
    expect(await mark('A10BA02', '2', '00-04', '11')).toEqual({ suppressed: true, reason: 'secondary' }); // county
    expect(await mark('A10BA02', '2', '05-09', '03')).toEqual({ suppressed: true, reason: 'secondary' }); // age
    expect(await mark('A10BA02', '2', '05-09', '11')).toEqual({ suppressed: true, reason: 'secondary' }); // county, from a secondary
    expect(await mark('A10BA02', '2', '05-09', '15')).toEqual({ suppressed: false, reason: null });
    await expectSafe();
  });

  it('a member without published siblings: the total goes with it (absent cells are known zeros)', async () => {
    // N02A has one child chain down to N02AA01; N02 also has N02B. The small N02AA01 cell in county 03
    // forces N02B in county 03 (ATC), whose county group has no other member: the country total must go.
    await cubeFromDispensings(conn, R, [
      ...people(2, 'N02AA01', '1', '30-34', '03'),
      ...people(10, 'N02AA01', '1', '30-34', '11'),
      ...people(20, 'N02BE01', '1', '30-34', '03'),
    ]);
    const s = await suppress(conn, R);
    expect(s.unresolved).toBe(0);
    expect(await mark('N02B', '1', '30-34', '03')).toEqual({ suppressed: true, reason: 'secondary' });
    expect(await mark('N02B', '1', '30-34', '00')).toEqual({ suppressed: true, reason: 'secondary' });
    await expectSafe();
  });

  it('is idempotent, replaces earlier marks and leaves other releases alone', async () => {
    await cubeFromDispensings(conn, R, [...people(2, 'N02BE01', '1', '40-44', '03'), ...people(10, 'N02BE01', '1', '40-44', '11')]);
    await cubeFromDispensings(conn, '2023', [...people(1, 'N02BE01', '1', '40-44', '03'), ...people(10, 'N02BE01', '1', '40-44', '11')]);
    await conn.run(`UPDATE cell SET suppressed = true, reason = 'secondary' WHERE release = $1 AND county = '00'`, [R]);
    const first = await suppress(conn, R);
    const snapshot = async (): Promise<unknown[]> =>
      (await conn.runAndReadAll(`SELECT atc, sex, age, county, suppressed, reason FROM cell WHERE release = $1 ORDER BY ALL`, [R])).getRows();
    const before = await snapshot();
    const second = await suppress(conn, R);
    expect(second).toEqual(first);
    expect(await snapshot()).toEqual(before);
    expect(await mark('N02BE01', '1', '40-44', '00')).toEqual({ suppressed: false, reason: null });
    expect(Number((await conn.runAndReadAll(`SELECT count(*) FROM cell WHERE release = '2023' AND suppressed`)).getRows()[0]![0])).toBe(0);
  });

  it('an empty release is a no-op', async () => {
    expect(await suppress(conn, 'nothing')).toEqual({ release: 'nothing', cells: 0, primary: 0, secondary: 0, passes: 0, unresolved: 0 });
  });
});

describe('suppress: random cubes', () => {
  for (const seed of ['a', 'b', 'c']) {
    it(`seed ${seed}: no published cell rests on 1–4 persons and differencing recovers nothing`, async () => {
      await randomCube(conn, R, { persons: 400, dispensingsPerPerson: 2, leaves: 30, counties: 5, ageGroups: 6, years: 2, seed });
      const cells = await scalar(`SELECT count(*) FROM cell WHERE release = $1`);
      expect(cells).toBeGreaterThan(2000);
      const small = await scalar(`SELECT count(*) FROM cell WHERE release = $1 AND users < 5`);
      expect(small / cells).toBeGreaterThan(0.3);

      await primaryOnly();
      const naive = await differencingAttack(conn, R);
      expect(naive.length).toBeGreaterThan(0);
      // The attacker is right about what it recovers.
      const truth = new Map(
        (await conn.runAndReadAll(`SELECT year, atc, sex, age, county, dispensings FROM cell WHERE release = $1`, [R]))
          .getRows()
          .map((r) => [r.slice(0, 5).join('|'), Number(r[5])]),
      );
      for (const c of naive.filter((x) => x.measure === 'dispensings')) {
        expect(c.value).toBe(truth.get([c.year, c.atc, c.sex, c.age, c.county].join('|')));
      }

      const s = await suppress(conn, R);
      expect(s.cells).toBe(cells);
      expect(s.primary).toBe(small);
      expect(s.secondary).toBeGreaterThan(0);
      expect(s.unresolved).toBe(0);
      await expectSafe();
    });
  }
});
