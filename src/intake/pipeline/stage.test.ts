import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlaps } from './stage.js';

let db: DuckDBInstance;
let conn: Awaited<ReturnType<DuckDBInstance['connect']>>;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  // Every period over twelve days (start and end each open, or one of the days 1–10), and every
  // window inside them: the cases where a period ends on, starts on or straddles a window's edge.
  await conn.run(`
    CREATE TABLE day AS SELECT DATE '2020-01-01' + i::INTEGER AS d FROM range(1, 11) t(i);
    CREATE TABLE p AS SELECT f.d AS valid_from, t.d AS valid_to
      FROM (SELECT d FROM day UNION ALL SELECT NULL) f, (SELECT d FROM day UNION ALL SELECT NULL) t
      WHERE f.d IS NULL OR t.d IS NULL OR f.d <= t.d;
    CREATE TABLE w AS SELECT a.d AS lo, b.d AS hi FROM day a, day b WHERE a.d <= b.d;`);
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

/** The periods a window's look-up keeps, against those holding at least one of its days. */
async function mismatches(fromMayBeNull: boolean): Promise<number> {
  const windows = (await conn.runAndReadAll(`SELECT lo::VARCHAR, hi::VARCHAR FROM w`)).getRowsJS() as [string, string][];
  let wrong = 0;
  for (const [lo, hi] of windows) {
    const [[n]] = (
      await conn.runAndReadAll(`
        SELECT count(*)::INTEGER FROM p
        WHERE ${fromMayBeNull ? 'true' : 'p.valid_from IS NOT NULL'}
          AND (${overlaps('p', { lo, hi }, fromMayBeNull)}) IS DISTINCT FROM EXISTS (
            SELECT 1 FROM day WHERE day.d BETWEEN DATE '${lo}' AND DATE '${hi}'
              AND (p.valid_from IS NULL OR p.valid_from <= day.d) AND (p.valid_to IS NULL OR p.valid_to >= day.d))`)
    ).getRowsJS() as [[number]];
    wrong += n;
  }
  return wrong;
}

describe('overlaps: the reference periods a chunk looks up', () => {
  it('keeps exactly the periods that hold on some day of the window (residence: start always set)', async () => {
    expect(await mismatches(false)).toBe(0);
  });
  it('keeps exactly the periods that hold on some day of the window (GP list: start may be open)', async () => {
    expect(await mismatches(true)).toBe(0);
  });
  it('keeps no period when no dispensing of the chunk needs a look-up', () => {
    expect(overlaps('p', null, true)).toBe('false');
  });
});
