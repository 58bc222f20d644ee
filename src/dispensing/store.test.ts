import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../shared/duckdb.js';
import { attachDispensingStore } from './store.js';

/** Rows whose data would lead DuckDB's own choice elsewhere: few distinct refs, a distinct pharmacy per row. */
const ROWS = (from: number, n: number): string => `
INSERT INTO dispensing.dispensing (pharmacy, ref, version, current, cancelled, content_hash, message_id, received_at, kind,
  dispensed_on, patient_in_population, animal, varenr, packs, key_hash)
SELECT 'P' || i, 'R' || (i % 5), 1, true, false, i, 'M' || (i // 100), TIMESTAMP '2026-01-01 00:00:00', 'prescription',
  DATE '2025-01-01' + (i % 300)::INTEGER, true, false, '0' || (i % 40), 1, i
FROM range(${from}, ${from + n}) r(i)`;

async function methods(store: Store): Promise<Record<string, string[]>> {
  const rows = (
    await store.conn.runAndReadAll(`SELECT column_name, list(DISTINCT compression ORDER BY compression) FROM pragma_storage_info('dispensing.dispensing')
      WHERE segment_type <> 'VALIDITY' AND column_name IN ('ref', 'pharmacy') GROUP BY ALL`)
  ).getRowsJS() as [string, string[]][];
  return Object.fromEntries(rows.map(([c, m]) => [c, [...m]]));
}

describe('the dispensing store', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lmr-dispensing-'));
    store = await openStore(':memory:');
    await attachDispensingStore(store, join(dir, 'dispensing.duckdb'));
  });
  afterEach(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('compresses each column with the method its definition names, also after the file is opened again', async () => {
    await store.conn.run(ROWS(0, 150_000));
    await store.conn.run('CHECKPOINT dispensing');
    // Five distinct refs would be a dictionary and distinct pharmacies FSST on DuckDB's own choice.
    expect(await methods(store)).toEqual({ ref: ['FSST'], pharmacy: ['Dictionary'] });

    await store.conn.run('DETACH dispensing');
    await attachDispensingStore(store, join(dir, 'dispensing.duckdb'));
    await store.conn.run(ROWS(150_000, 150_000));
    await store.conn.run('CHECKPOINT dispensing');
    expect(await methods(store)).toEqual({ ref: ['FSST'], pharmacy: ['Dictionary'] });
    expect(Number((await store.conn.runAndReadAll('SELECT count(DISTINCT ref) FROM dispensing.dispensing')).getRowsJS()[0]![0])).toBe(5);
  });
});
