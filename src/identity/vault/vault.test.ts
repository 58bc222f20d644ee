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
    const [a, b] = await v.register('patient', [
      { identities: [{ number: '41890012345', kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' }] },
      { identities: [{ number: '01890099999', kind: 'fnr' }] },
    ]);
    expect(a).not.toBe(b);
    // Later the D-number holder gets a national identity number.
    const [a2] = await v.register('patient', [
      {
        identities: [
          { number: '41890012345', kind: 'dnumber', from: '2001-01-01', to: '2005-01-01' },
          { number: '01890012345', kind: 'fnr', from: '2005-01-01' },
        ],
      },
    ]);
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

  it('merges two ids that turn out to be one subject, and records the merge', async () => {
    const v = await Vault.open(paths());
    const [x, y] = await v.register('patient', [
      { identities: [{ number: '41890012345', kind: 'dnumber' }] },
      { identities: [{ number: '01890012345', kind: 'fnr' }] },
    ]);
    const [z] = await v.register('patient', [
      { identities: [{ number: '41890012345', kind: 'dnumber' }, { number: '01890012345', kind: 'fnr' }] },
    ]);
    expect(z).toBe(x! < y! ? x : y);
    expect(await v.lookup('patient', ['41890012345', '01890012345'])).toEqual([z, z]);
    expect((await v.stats()).merges).toBe(1);
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
    const ids = await v.register('patient', subjects);
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

describe('identity vault batches', () => {
  it('gives one id to two subjects in one batch that share a number', async () => {
    const v = await Vault.open(paths());
    const ids = await v.register('patient', [
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
