import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault, syntheticHpr, syntheticNumber, type Role } from '../../identity/index.js';
import { SplitCache, packNumbers, type Misses, type NumberSource } from './split.js';
import { DIGEST } from './stage.js';

/**
 * The split on a real vault and a real DuckDB connection: each chunk is a hand-made s_ref (each
 * dispensing's numbers as keyed digests) and s_m (the message rules), as PARSED_IMPORT and
 * STAGE_MESSAGES leave them. The parser process's part (the numbers behind the digests asked for) is
 * played by `parser`, which knows the chunk's numbers and checks them as the parser does.
 */

let dir: string;
let vault: Vault;
let db: DuckDBInstance;
let conn: DuckDBConnection;
let resolved: string[];
/** The last chunk's numbers [role, number] by position k (as the parser's s_numx), their digests; every number the split asked about. */
let known: [Role, string][];
let digests: bigint[];
let asked: string[];
/** The parser's answers, in the order asked: each number asked about with its digest. */
const answers = (misses: Misses) => {
  asked.push(...[...misses.k].map((k) => known[k]![1]));
  return [...misses.k].map((k, i) => ({ role: known[k]![0], number: known[k]![1], ok: misses.ok[i] === 1, digest: digests[k]! }));
};
const parser: NumberSource = (misses) => Promise.resolve(packNumbers(answers(misses)));

const A = syntheticNumber('1980-05-17', 'female', 0, 'fnr')!;
const B = syntheticNumber('1975-01-02', 'male', 0, 'fnr')!;
const D = syntheticNumber('1990-03-04', 'female', 0, 'dnumber')!;
const H = syntheticHpr(7);
const INVALID = A.slice(0, 10) + String((Number(A[10]) + 1) % 10);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-split-'));
  vault = await Vault.open({ vaultDb: join(dir, 'vault.duckdb'), keyFile: join(dir, 'keys.json') });
  // Every number the vault is asked to resolve, to see what the cache spares it.
  resolved = [];
  const resolve = vault.resolve.bind(vault);
  vault.resolve = (role, entries) => {
    resolved.push(...entries.map((e) => e.number));
    return resolve(role, entries);
  };
  known = [];
  asked = [];
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});
afterEach(async () => {
  conn.closeSync();
  db.closeSync();
  vault.close();
  await rm(dir, { recursive: true, force: true });
});

/** One chunk: messages (seq → passed the message rules) and dispensings [seq, patient, hpr], as the parser writes them out. */
async function chunk(on: DuckDBConnection, cache: SplitCache, messages: Record<number, boolean>, rows: [number, string | null, string | null][]): Promise<void> {
  await on.run(`CREATE OR REPLACE TEMP TABLE s_m AS SELECT * FROM (VALUES ${Object.entries(messages).map(([s, ok]) => `(${s}::BIGINT, ${ok ? '[]::VARCHAR[]' : "['message.schema']"})`).join(', ')}) t(seq, msg_rules)`);
  known = [];
  const k = (role: Role, n: string | null): number | null => {
    if (n === null) return null;
    const at = known.findIndex(([r, m]) => r === role && m === n);
    return at >= 0 ? at : known.push([role, n]) - 1;
  };
  await on.run(`CREATE OR REPLACE TEMP TABLE s_numx (k INTEGER, role VARCHAR, plain VARCHAR)`);
  await on.run(`CREATE OR REPLACE TEMP TABLE s_in (seq BIGINT, idx INTEGER, patient_k INTEGER, hpr_k INTEGER)`);
  for (const [i, [seq, p, h]] of rows.entries()) await on.run(`INSERT INTO s_in VALUES (?, ?, ?, ?)`, [seq, i, k('patient', p), k('prescriber', h)]);
  for (const [i, [role, n]] of known.entries()) await on.run(`INSERT INTO s_numx VALUES (?, ?, ?)`, [i, role, n]);
  await on.run(
    `CREATE OR REPLACE TEMP TABLE s_ref AS
     WITH n AS (SELECT k, ${DIGEST} AS digest FROM s_numx)
     SELECT seq, idx, patient_k, p.digest AS patient_digest, hpr_k, h.digest AS hpr_digest
     FROM s_in LEFT JOIN n p ON p.k = patient_k LEFT JOIN n h ON h.k = hpr_k`,
    { split_key: cache.key },
  );
  digests = ((await on.runAndReadAll(`SELECT ${DIGEST} FROM s_numx ORDER BY k`, { split_key: cache.key })).getRowsJS() as [bigint][]).map(([d]) => d);
  await on.run(`DROP TABLE s_in`);
  await on.run(`DROP TABLE s_numx`);
}

async function numbers(on: DuckDBConnection): Promise<Record<string, [string, bigint | null]>> {
  const rows = (await on.runAndReadAll(`SELECT n.role, r.k, n.status, n.internal_id FROM s_numid n
    JOIN (SELECT patient_digest AS digest, patient_k AS k FROM s_ref UNION SELECT hpr_digest, hpr_k FROM s_ref) r USING (digest)`)).getRowsJS() as [string, number, string, bigint | null][];
  return Object.fromEntries(rows.map(([role, k, status, id]) => [`${role}:${known[k]![1]}`, [status, id]]));
}

describe('the split cache', () => {
  it('checks and resolves each number once, gives ids only to numbers of passing messages, and holds no number', async () => {
    const cache = await SplitCache.create(conn, vault);
    await chunk(conn, cache, { 0: true, 1: false }, [
      [0, A, H], [0, A, '999999999'], [0, '00000000000', null], [0, INVALID, null], [1, B, H],
    ]);
    await cache.split(conn, parser);
    const [idA] = await vault.lookup('patient', [A]);
    const [idH] = await vault.lookup('prescriber', [H]);
    expect(idA).not.toBeNull();
    expect(await numbers(conn)).toEqual({
      [`patient:${A}`]: ['valid', idA],
      [`patient:${B}`]: ['valid', null],
      'patient:00000000000': ['masked', null],
      [`patient:${INVALID}`]: ['invalid', null],
      [`prescriber:${H}`]: ['valid', idH],
      'prescriber:999999999': ['masked', null],
    });
    // B came only in a message that failed its rules: checked, not registered.
    expect(await vault.lookup('patient', [B])).toEqual([null]);
    expect(resolved.sort()).toEqual([A, H].sort());

    // The cache: the final numbers (not B), as digests and ids, and not one number.
    const held = ((await conn.runAndReadAll(`SELECT digest::VARCHAR || ' ' || status || ' ' || coalesce(internal_id::VARCHAR, '') FROM ${cache.table}`)).getRowsJS() as [string][]).map(([r]) => r).join(' ');
    expect((await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${cache.table}`)).getRowsJS()[0]![0]).toBe(5);
    for (const n of [A, B, H, INVALID, '00000000000', '999999999']) expect(held).not.toContain(n);

    expect(asked.sort()).toEqual([A, B, '00000000000', INVALID, H, '999999999'].sort());
    // The next chunk: A, H and the invalid number are known, so neither the parser nor the vault is
    // asked about them again; B now passes and is registered.
    resolved = [];
    asked = [];
    await chunk(conn, cache, { 0: true }, [[0, A, H], [0, B, null], [0, INVALID, null]]);
    await cache.split(conn, parser);
    const [idB] = await vault.lookup('patient', [B]);
    expect(idB).not.toBeNull();
    expect(await numbers(conn)).toEqual({
      [`patient:${A}`]: ['valid', idA],
      [`patient:${B}`]: ['valid', idB],
      [`patient:${INVALID}`]: ['invalid', null],
      [`prescriber:${H}`]: ['valid', idH],
    });
    expect(resolved).toEqual([B]);
    expect(asked).toEqual([B]);
  });

  it('is emptied when the vault merges two ids, so no chunk gets an id that was merged away', async () => {
    const cache = await SplitCache.create(conn, vault);
    await chunk(conn, cache, { 0: true }, [[0, D, null]]);
    await cache.split(conn, parser);
    const [idD] = await vault.lookup('patient', [D]);
    await vault.register('patient', [{ identities: [{ number: A, kind: 'fnr' }] }]);
    const [idA] = await vault.lookup('patient', [A]);
    // The D-number's holder turns out to be A: one subject, two ids merged into one.
    const { merges } = await vault.register('patient', [{ identities: [{ number: D, kind: 'dnumber' }, { number: A, kind: 'fnr' }] }]);
    expect(merges).toHaveLength(1);
    const kept = merges[0]!.to;
    expect([idD, idA]).toContain(kept);
    resolved = [];
    await chunk(conn, cache, { 0: true }, [[0, D, null]]);
    await cache.split(conn, parser);
    expect(await numbers(conn)).toEqual({ [`patient:${D}`]: ['valid', kept] });
    expect(resolved).toEqual([D]);
  });

  it('shares what one lane learnt with the other, and never holds a digest twice', async () => {
    const cache = await SplitCache.create(conn, vault);
    const other = await db.connect();
    try {
      await chunk(conn, cache, { 0: true }, [[0, A, H]]);
      await chunk(other, cache, { 0: true }, [[0, A, H], [0, B, null]]);
      // Both lanes look A and H up before either has cached them.
      await Promise.all([cache.split(conn, parser), cache.split(other, parser)]);
      expect((await conn.runAndReadAll(`SELECT count(*)::INTEGER, count(DISTINCT digest)::INTEGER FROM ${cache.table}`)).getRowsJS()[0]).toEqual([3, 3]);
      expect((await numbers(other))[`patient:${A}`]).toEqual((await numbers(conn))[`patient:${A}`]);
      resolved = [];
      await chunk(other, cache, { 0: true }, [[0, A, H], [0, B, null]]);
      await cache.split(other, parser);
      expect(resolved).toEqual([]);
    } finally {
      other.closeSync();
    }
  });

  it('caches nothing when the parser answers about another number than it was asked about', async () => {
    const cache = await SplitCache.create(conn, vault);
    await chunk(conn, cache, { 0: true }, [[0, A, null], [0, B, null]]);
    const swapped: NumberSource = (misses) => Promise.resolve(packNumbers(answers(misses).reverse()));
    await expect(cache.split(conn, swapped)).rejects.toThrow(/answered for other numbers/);
    expect((await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${cache.table}`)).getRowsJS()[0]![0]).toBe(0);
  });

  it('caches nothing when an answer gives another role, or a status it does not know', async () => {
    const cache = await SplitCache.create(conn, vault);
    await chunk(conn, cache, { 0: true }, [[0, A, null], [0, INVALID, null]]);
    const recoded = (code: number): NumberSource => (misses) => {
      const packed = packNumbers(answers(misses));
      packed.code[packed.code.length - 1] = code;
      return Promise.resolve(packed);
    };
    // 9: a prescriber's invalid number, for a patient's; 3: no status.
    for (const code of [9, 3]) await expect(cache.split(conn, recoded(code))).rejects.toThrow(/answered for other numbers/);
    expect((await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${cache.table}`)).getRowsJS()[0]![0]).toBe(0);
    await cache.split(conn, recoded(1));
    expect((await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${cache.table}`)).getRowsJS()[0]![0]).toBe(2);
  });

  it('keys its digests per cache: two caches share no digest', async () => {
    const one = await SplitCache.create(conn, vault);
    const two = await SplitCache.create(conn, vault);
    await chunk(conn, one, { 0: true }, [[0, A, H]]);
    await one.split(conn, parser);
    await chunk(conn, two, { 0: true }, [[0, A, H]]);
    await two.split(conn, parser);
    const shared = await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${one.table} JOIN ${two.table} USING (digest)`);
    expect(shared.getRowsJS()[0]![0]).toBe(0);
  });
});
