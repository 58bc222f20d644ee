import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_CONTENT_HASH, overlaps } from './stage.js';

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

describe('content hash, scheme 1 (the rows stored before 2026-12-01)', () => {
  it('is still the hash those rows hold: each field as text, in a list cast to text', async () => {
    // One staged row, and the hash the intake stored for it before scheme 2 (computed with that code).
    await conn.run(`CREATE TABLE staged AS SELECT '9001' AS pharmacy, 'r-1,a b' AS ref, 2::DOUBLE AS version_n, 'prescription' AS kind,
      NULL::BOOLEAN AS cancelled_b, '2025-03-01' AS dispensed_on_s, 1234::BIGINT AS patient_iid, '1950-05-17' AS birth_date_s, '2' AS sex,
      '0301' AS municipality, false AS is_animal, NULL::VARCHAR AS species, 77::BIGINT AS prescriber_iid, '012345' AS varenr, 1.5::DOUBLE AS packs,
      123.45::DOUBLE AS aup, 'E' AS prescription_type, true AS substituted, NULL::VARCHAR AS reservation, 'blue' AS scheme, '§2' AS legal_basis,
      'I10' AS icd10, NULL::VARCHAR AS icpc2, NULL::VARCHAR AS service_type, true AS has_reimbursement`);
    const [[hash]] = (await conn.runAndReadAll(`SELECT (${LEGACY_CONTENT_HASH('e')})::VARCHAR FROM staged e`)).getRowsJS() as [[string]];
    expect(hash).toBe('6959291411287868408');
  });
});
