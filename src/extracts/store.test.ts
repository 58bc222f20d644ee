import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../shared/duckdb.js';
import { applyExtractMerges, openExtractsStore } from './store.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-extracts-store-'));
  store = await openExtractsStore(join(dir, 'extracts', 'extracts.duckdb'));
});
afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('identity merges in the extracts store', () => {
  it('move linkage keys and disclosed persons to the id kept, once each, in order', async () => {
    const c = store.conn;
    await c.run(`INSERT INTO extracts.linkage_key VALUES ('P', 'i1', 'K1', 11, now()::TIMESTAMP), ('P', 'i1', 'K2', 22, now()::TIMESTAMP)`);
    await c.run(`INSERT INTO extracts.disclosure_person VALUES ('d1', 'patient', 11), ('d1', 'prescriber', 11), ('d1', 'patient', 33)`);
    const merges = [{ role: 'patient', from: 11n, to: 99n }, { role: 'patient', from: 99n, to: 100n }];
    expect(await applyExtractMerges(store, merges)).toBe(2);
    expect(await applyExtractMerges(store, merges)).toBe(0);
    const keys = (await c.runAndReadAll(`SELECT project_number, person_id FROM extracts.linkage_key ORDER BY 1`)).getRowsJS();
    expect(keys).toEqual([['K1', 100n], ['K2', 22n]]);
    const people = (await c.runAndReadAll(`SELECT role, internal_id FROM extracts.disclosure_person ORDER BY 1, 2`)).getRowsJS();
    expect(people).toEqual([['patient', 33n], ['patient', 100n], ['prescriber', 11n]]);
    expect(await applyExtractMerges(store, [...merges, { role: 'prescriber', from: 11n, to: 12n }])).toBe(1);
    expect((await c.runAndReadAll(`SELECT internal_id FROM extracts.disclosure_person WHERE role = 'prescriber'`)).getRowsJS()).toEqual([[12n]]);
  });
});
