import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLayout } from '../shared/config.js';
import type { Store } from '../shared/duckdb.js';
import { StatisticsBank } from './bank.js';
import { openStatisticsStores } from './register.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-bank-'));
  store = await openStatisticsStores(dataLayout(dir));
  await store.conn.run(`INSERT INTO statistics.release VALUES ('preliminary', false, now()::TIMESTAMP, now()::TIMESTAMP, NULL, [2024])`);
  await store.conn.run(
    `INSERT INTO statistics.cell VALUES ('preliminary', 2024, 'N', 1, '0', 'ALL', '00', 7, 9, 10.5, 100, 1000, false, NULL),
                                        ('preliminary', 2025, 'N', 1, '0', 'ALL', '00', 8, 11, 12.5, 120, 1000, false, NULL)`,
  );
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('StatisticsBank', () => {
  it('serves a release changed twice within one second as changed (its caches key on microseconds)', async () => {
    const bank = new StatisticsBank(store.instance);
    const years = async (): Promise<string[]> => (await bank.tableDefinition(1)).dimensions.find((d) => d.code === 'AAR')!.categories.map((c) => c.code);
    expect(await years()).toEqual(['2024']);
    // A second write in the same second (as a build followed by a release does).
    await store.conn.run(`UPDATE statistics.release SET years = [2024, 2025], modified_at = now()::TIMESTAMP + INTERVAL 1 MICROSECOND WHERE name = 'preliminary'`);
    await new Promise((r) => setTimeout(r, 1100)); // the release list is read at most once a second
    expect(await years()).toEqual(['2024', '2025']);
    const body = { dimensions: [{ code: 'AAR', filter: 'item', values: ['2025'] }, { code: 'MEASURE_TYPE', filter: 'item', values: ['BRUKERE'] }], response: { format: 'csv3' } };
    expect((await bank.data(1, body, 'nb')).body).toMatch(/"8"/);
  });
});
