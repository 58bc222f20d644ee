import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault } from './vault.js';

let dir: string;
const paths = () => ({ vaultDb: join(dir, 'identity', 'vault.duckdb'), keyFile: join(dir, 'keys', 'master-keys.json') });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-vault-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function allBytes(root: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) parts.push(await readFile(join(entry.parentPath, entry.name)));
  }
  return Buffer.concat(parts);
}

describe('identity vault', () => {
  it('creates a 0600 key file on first start', async () => {
    const v = await Vault.open(paths());
    v.close();
    const s = await stat(paths().keyFile);
    expect(s.mode & 0o777).toBe(0o600);
  });

  it('resolves every number of a subject to one internal id, across batches and re-opens', async () => {
    const v = await Vault.open(paths());
    const [a, b] = (await v.register('patient', [
      { identities: [{ number: '41890012345', kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' }] },
      { identities: [{ number: '01890099999', kind: 'fnr' }] },
    ])).ids;
    expect(a).not.toBe(b);
    // Later the D-number holder gets a national identity number.
    const [a2] = (
      await v.register('patient', [
        {
          identities: [
            { number: '41890012345', kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' },
            { number: '01890012345', kind: 'fnr', from: '2005-01-01' },
          ],
        },
      ])
    ).ids;
    expect(a2).toBe(a);
    v.close();
    const v2 = await Vault.open(paths());
    expect(await v2.lookup('patient', ['01890012345', '41890012345', '01890099999', '12345678901'])).toEqual([a, a, b, null]);
    // Roles are separate namespaces.
    expect(await v2.lookup('prescriber', ['01890012345'])).toEqual([null]);
    const revealed = await v2.reveal('patient', a!);
    expect(revealed.map((r) => r.number)).toEqual(['41890012345', '01890012345']);
    expect(revealed[0]).toMatchObject({ kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' });
    v2.close();
  });

  it('merges two ids that turn out to be one subject into the one registered first, and reports the merge', async () => {
    const v = await Vault.open(paths());
    const [x] = (await v.register('patient', [{ identities: [{ number: '41890012345', kind: 'dnumber' }] }])).ids;
    await new Promise((r) => setTimeout(r, 5));
    const [y] = (await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }])).ids;
    const r = await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }, { number: '41890012345', kind: 'dnumber' }] }]);
    expect(r.ids).toEqual([x]);
    expect(r.merges).toEqual([{ from: y, to: x }]);
    expect(await v.lookup('patient', ['41890012345', '01890012345'])).toEqual([x, x]);
    expect((await v.stats()).merges).toBe(1);
    v.close();
  });

  it('treats a chain of shared numbers in one batch as one subject', async () => {
    const v = await Vault.open(paths());
    const r = await v.register('patient', [
      { identities: [{ number: 'A', kind: 'fnr' }] },
      { identities: [{ number: 'A', kind: 'fnr' }, { number: 'B', kind: 'fnr' }] },
      { identities: [{ number: 'B', kind: 'fnr' }, { number: 'C', kind: 'fnr' }] },
      { identities: [{ number: 'D', kind: 'fnr' }] },
    ]);
    expect(new Set(r.ids.slice(0, 3)).size).toBe(1);
    expect(r.ids[3]).not.toBe(r.ids[0]);
    expect(await v.lookup('patient', ['A', 'B', 'C'])).toEqual([r.ids[0], r.ids[0], r.ids[0]]);
    // A new number next to a known one joins the known id.
    const [again] = (await v.register('patient', [{ identities: [{ number: 'E', kind: 'fnr' }, { number: 'C', kind: 'fnr' }] }])).ids;
    expect(again).toBe(r.ids[0]);
    expect(await v.lookup('patient', ['E'])).toEqual([r.ids[0]]);
    v.close();
  });

  it('leaves the vault unchanged when a transaction is rolled back', async () => {
    const v = await Vault.open(paths());
    await v.begin();
    await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }]);
    expect(await v.lookup('patient', ['01890012345'])).not.toEqual([null]);
    await v.rollback();
    expect(await v.lookup('patient', ['01890012345'])).toEqual([null]);
    v.close();
  });

  it('stores no plaintext number, and equal numbers get unequal ciphertexts (randomised)', async () => {
    const v = await Vault.open(paths());
    await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }]);
    await v.register('prescriber', [{ identities: [{ number: '01890012345', kind: 'hpr' }] }]);
    v.close();
    const bytes = await allBytes(dir);
    expect(bytes.includes(Buffer.from('01890012345'))).toBe(false);
    expect(bytes.includes(Buffer.from('01890012345', 'utf16le'))).toBe(false);
  });

  it('rotates keys: every row re-sealed under the new version, nothing lost, look-ups still resolve', async () => {
    const v = await Vault.open(paths());
    const subjects = Array.from({ length: 500 }, (_, i) => ({ identities: [{ number: String(10_000_000_000 + i * 7), kind: 'fnr' }] }));
    const { ids } = await v.register('patient', subjects);
    const before = await v.stats();
    expect(before.keyVersions).toEqual({ v1: 500 });
    const result = await v.rotate();
    expect(result).toEqual({ rows: 500, from: 1, to: 2 });
    v.close();
    const v2 = await Vault.open(paths());
    const after = await v2.stats();
    expect(after.keyVersions).toEqual({ v2: 500 });
    expect(after.activeKeyVersion).toBe(2);
    expect(await v2.lookup('patient', subjects.map((s) => s.identities[0]!.number))).toEqual(ids);
    expect((await v2.reveal('patient', ids[42]!))[0]!.number).toBe(subjects[42]!.identities[0]!.number);
    v2.close();
  });

  it('refuses to open a vault whose key version is missing from the ring', async () => {
    const v = await Vault.open(paths());
    await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }]);
    v.close();
    const other = Buffer.alloc(32, 7).toString('base64');
    process.env.LMR_MASTER_KEYS = JSON.stringify({ format: 'lmr-keyring-1', current: 5, keys: [{ version: 5, created: '', key: other }] });
    try {
      await expect(Vault.open(paths())).rejects.toThrow(/key version 1/);
    } finally {
      delete process.env.LMR_MASTER_KEYS;
    }
  });
});

describe('identity vault bulk export', () => {
  it('streams every decrypted number of one role in pages, with its internal id and validity, and logs the reveal', async () => {
    const v = await Vault.open(paths());
    const subjects = Array.from({ length: 120_001 }, (_, i) => ({ identities: [{ number: String(30_000_000_000 + i), kind: 'fnr' }] }));
    const { ids } = await v.register('patient', subjects);
    const [moved] = (await v.register('patient', [{
      identities: [{ number: '41890012345', kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' }, { number: '01890012345', kind: 'fnr', from: '2005-01-01' }],
    }])).ids;
    await v.register('prescriber', [{ identities: [{ number: '1234567', kind: 'hpr' }] }]);
    const pages: number[] = [];
    const seen = new Map<string, { internalId: bigint; kind: string; from: string | null; to: string | null }>();
    const total = await v.exportIdentities('patient', 'test export', (rows) => {
      pages.push(rows.length);
      for (const r of rows) seen.set(r.number, r);
    });
    expect(total).toBe(120_003);
    expect(pages).toEqual([50_000, 50_000, 20_003]);
    expect(seen.size).toBe(120_003);
    expect(seen.get('30000000000')?.internalId).toBe(ids[0]);
    expect(seen.get('30000120000')?.internalId).toBe(ids[120_000]);
    expect(seen.get('41890012345')).toMatchObject({ internalId: moved, kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' });
    expect(seen.get('01890012345')).toMatchObject({ internalId: moved, kind: 'fnr', from: '2005-01-01', to: null });
    expect(seen.has('1234567')).toBe(false);
    const hpr: string[] = [];
    await v.exportIdentities('prescriber', 'test export', (rows) => {
      hpr.push(...rows.map((r) => r.number));
    });
    expect(hpr).toEqual(['1234567']);
    await expect(v.exportIdentities('patient', ' ', () => undefined)).rejects.toThrow(/purpose/);
    v.close();
    // The reveals are on record (purpose, role, rows), and the log holds no number.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(paths().vaultDb, { access_mode: 'READ_ONLY' });
    const conn = await db.connect();
    const log = (await conn.runAndReadAll(`SELECT purpose, role, rows FROM reveal_log ORDER BY "at", role DESC`)).getRowsJS();
    conn.closeSync();
    db.closeSync();
    expect(log).toEqual([['test export', 'patient', 120_003n], ['test export', 'prescriber', 1n]]);
  });

  it('logs a reveal that stops early with the rows revealed so far', async () => {
    const v = await Vault.open(paths());
    await v.register('patient', Array.from({ length: 60_000 }, (_, i) => ({ identities: [{ number: String(40_000_000_000 + i), kind: 'fnr' }] })));
    await expect(v.exportIdentities('patient', 'stops', () => {
      throw new Error('consumer failed');
    })).rejects.toThrow('consumer failed');
    v.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(paths().vaultDb, { access_mode: 'READ_ONLY' });
    const conn = await db.connect();
    const log = (await conn.runAndReadAll(`SELECT purpose, rows FROM reveal_log`)).getRowsJS();
    conn.closeSync();
    db.closeSync();
    expect(log).toEqual([['stops', 50_000n]]);
  });
});

describe('identity vault batches', () => {
  it('gives one id to two subjects in one batch that share a number', async () => {
    const v = await Vault.open(paths());
    const { ids } = await v.register('patient', [
      { identities: [{ number: '01890012345', kind: 'fnr' }] },
      { identities: [{ number: '01890099999', kind: 'fnr' }] },
      { identities: [{ number: '01890012345', kind: 'fnr' }] },
    ]);
    expect(ids[2]).toBe(ids[0]);
    expect(ids[1]).not.toBe(ids[0]);
    expect((await v.stats()).identities).toBe(2);
    v.close();
  });
});

describe('identity vault keys', () => {
  it('never creates a fresh key for a vault that holds sealed data, and refuses a wrong key', async () => {
    const v = await Vault.open(paths());
    await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }]);
    v.close();
    const { rename } = await import('node:fs/promises');
    await rename(paths().keyFile, `${paths().keyFile}.away`);
    await expect(Vault.open(paths())).rejects.toThrow(/key file is missing/);
    process.env.LMR_MASTER_KEY = Buffer.alloc(32, 9).toString('base64');
    try {
      await expect(Vault.open(paths())).rejects.toThrow(/not the key this vault was sealed with/);
    } finally {
      delete process.env.LMR_MASTER_KEY;
    }
    await rename(`${paths().keyFile}.away`, paths().keyFile);
    const again = await Vault.open(paths());
    expect((await again.stats()).identities).toBe(1);
    again.close();
  });

  it('rotates twice with registrations in between, at more rows than one appender flush (≈205k)', async () => {
    const v = await Vault.open(paths());
    const subjects = Array.from({ length: 230_000 }, (_, i) => ({ identities: [{ number: String(20_000_000_000 + i), kind: 'fnr' }] }));
    const { ids } = await v.register('patient', subjects);
    expect(await v.rotate()).toMatchObject({ rows: 230_000, to: 2 });
    const [late] = (await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }])).ids;
    expect(await v.rotate()).toMatchObject({ rows: 230_001, from: 2, to: 3 });
    expect(await v.lookup('patient', ['20000000000', '20000229999', '01890012345'])).toEqual([ids[0], ids[229_999], late]);
    expect((await v.stats()).keyVersions).toEqual({ v3: 230_001 });
    v.close();
  });

  it('rotates to the current version of a key ring from the environment', async () => {
    const k1 = Buffer.alloc(32, 1).toString('base64');
    const k2 = Buffer.alloc(32, 2).toString('base64');
    const ring = (current: number, keys: string[]) =>
      JSON.stringify({ format: 'lmr-keyring-1', current, keys: keys.map((key, i) => ({ version: i + 1, created: '', key })) });
    process.env.LMR_MASTER_KEYS = ring(1, [k1]);
    try {
      const v = await Vault.open(paths());
      const { ids } = await v.register('patient', [{ identities: [{ number: '01890012345', kind: 'fnr' }] }]);
      await expect(v.rotate()).rejects.toThrow(/add a newer version to LMR_MASTER_KEYS/);
      v.close();
      process.env.LMR_MASTER_KEYS = ring(2, [k1, k2]);
      const v2 = await Vault.open(paths());
      expect(await v2.rotate()).toMatchObject({ rows: 1, from: 1, to: 2 });
      v2.close();
      process.env.LMR_MASTER_KEYS = ring(2, [k2, k2].map((k, i) => (i === 0 ? Buffer.alloc(32, 7).toString('base64') : k)));
      const v3 = await Vault.open(paths());
      expect(await v3.lookup('patient', ['01890012345'])).toEqual(ids);
      v3.close();
    } finally {
      delete process.env.LMR_MASTER_KEYS;
    }
  });
});
