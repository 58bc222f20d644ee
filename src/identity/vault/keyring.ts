import { mkdir, open as openFile, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { LmrError, issue } from '../../shared/outcome.js';

/**
 * The key hierarchy. A key ring holds versioned 256-bit master keys; purpose keys are derived from a
 * master key with HKDF-SHA-256, so one master secret serves every purpose without reuse.
 * Only the identity context imports this module (checked in test/architecture.test.ts).
 *
 * Sources, in order: `LMR_MASTER_KEYS` (a key ring as JSON), `LMR_MASTER_KEY` (one base64 key, version 1),
 * else the key file (created on first start with mode 0600).
 */

export type KeyPurpose = 'identity-encryption' | 'identity-blind-index' | 'project-pseudonym' | 'register-signing' | 'key-check';

interface StoredKey {
  version: number;
  created: string;
  key: string; // base64, 32 bytes
  retired?: string;
}

interface KeyRingFile {
  format: 'lmr-keyring-1';
  current: number;
  keys: StoredKey[];
}

export class KeyRing {
  private readonly derived = new Map<string, Buffer>();
  private constructor(
    private file: KeyRingFile,
    readonly source: 'file' | 'environment',
    private readonly path: string | undefined,
  ) {}

  get currentVersion(): number {
    return this.file.current;
  }

  get versions(): number[] {
    return this.file.keys.map((k) => k.version);
  }

  /** A purpose key of the given master-key version (default: current). */
  purposeKey(purpose: KeyPurpose, version = this.file.current): Buffer {
    const cacheKey = `${purpose}/${version}`;
    let key = this.derived.get(cacheKey);
    if (!key) {
      const master = this.file.keys.find((k) => k.version === version);
      if (!master) throw new LmrError(issue('unavailable', `key version ${version} is not in the key ring`));
      key = Buffer.from(hkdfSync('sha256', Buffer.from(master.key, 'base64'), Buffer.from('lmr'), Buffer.from(`lmr:${purpose}:v${version}`), 32));
      this.derived.set(cacheKey, key);
    }
    return key;
  }

  /**
   * A public check value for a key version: proves, without revealing the key, that the ring holds the
   * same key a store was sealed with.
   */
  checkValue(version: number): string {
    return createHmac('sha256', this.purposeKey('key-check', version)).update('lmr-key-check').digest('hex');
  }

  /** Removes a version that was added but never used (a rotation that failed before it committed). */
  async discardVersion(version: number): Promise<void> {
    this.requireFile();
    if (version === this.file.current) return;
    this.file.keys = this.file.keys.filter((k) => k.version !== version);
    for (const k of [...this.derived.keys()]) if (k.endsWith(`/${version}`)) this.derived.delete(k);
    await this.save();
  }

  /** Adds a new master key version (not yet current). Returns its version. Persists when file-backed. */
  async addVersion(): Promise<number> {
    this.requireFile();
    const version = Math.max(...this.versions) + 1;
    this.file.keys.push({ version, created: new Date().toISOString(), key: randomBytes(32).toString('base64') });
    await this.save();
    return version;
  }

  /** Makes `version` current and marks older versions retired. Persists when file-backed. */
  async promote(version: number): Promise<void> {
    this.requireFile();
    const now = new Date().toISOString();
    for (const k of this.file.keys) if (k.version < version && !k.retired) k.retired = now;
    this.file.current = version;
    await this.save();
  }

  private requireFile(): void {
    if (this.source !== 'file' || !this.path) {
      throw new LmrError(
        issue('forbidden', 'keys come from the environment; rotate them in your secret store and restart with the new ring'),
      );
    }
  }

  /**
   * Writes the key file durably: a new key must be on disk before anything is sealed with it, so the
   * temporary file is fsynced, renamed over the old one, and the folder fsynced.
   */
  private async save(): Promise<void> {
    if (!this.path) return;
    const tmp = `${this.path}.tmp`;
    await unlink(tmp).catch(() => undefined);
    const fh = await openFile(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(JSON.stringify(this.file, null, 2) + '\n');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path);
    const dir = await openFile(dirname(this.path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /**
   * Loads the key ring. A key file is created only when `create` is true (a store that holds nothing
   * yet); a missing key file for a store that holds sealed data is an error, never a fresh key.
   */
  static async load(keyFile: string, options: { create: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<KeyRing> {
    if (env.LMR_MASTER_KEYS) return new KeyRing(parseRing(env.LMR_MASTER_KEYS, 'LMR_MASTER_KEYS'), 'environment', undefined);
    if (env.LMR_MASTER_KEY) {
      const key = env.LMR_MASTER_KEY;
      checkKey(key, 'LMR_MASTER_KEY');
      return new KeyRing({ format: 'lmr-keyring-1', current: 1, keys: [{ version: 1, created: '', key }] }, 'environment', undefined);
    }
    let text: string | undefined;
    try {
      text = await readFile(keyFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (text === undefined) {
      if (!options.create) {
        throw new LmrError(issue('unavailable', 'the key file is missing, and the vault already holds sealed identities: supply the key ring (LMR_KEY_FILE or LMR_MASTER_KEYS)'));
      }
      await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
      const ring = new KeyRing(
        { format: 'lmr-keyring-1', current: 1, keys: [{ version: 1, created: new Date().toISOString(), key: randomBytes(32).toString('base64') }] },
        'file',
        keyFile,
      );
      await ring.save();
      return ring;
    }
    return new KeyRing(parseRing(text, 'the key file'), 'file', keyFile);
  }
}

function checkKey(b64: string, where: string): void {
  if (Buffer.from(b64, 'base64').length !== 32) {
    throw new LmrError(issue('invalid', `${where}: a master key must be 32 bytes, base64-encoded`));
  }
}

function parseRing(text: string, where: string): KeyRingFile {
  let ring: KeyRingFile;
  try {
    ring = JSON.parse(text) as KeyRingFile;
  } catch {
    throw new LmrError(issue('structure', `${where} is not valid JSON`));
  }
  if (ring.format !== 'lmr-keyring-1' || !Array.isArray(ring.keys) || ring.keys.length === 0) {
    throw new LmrError(issue('invalid', `${where}: expected {"format":"lmr-keyring-1","current":N,"keys":[…]}`));
  }
  for (const k of ring.keys) checkKey(k.key, `${where} version ${k.version}`);
  if (!ring.keys.some((k) => k.version === ring.current)) {
    throw new LmrError(issue('invalid', `${where}: current version ${ring.current} has no key`));
  }
  return ring;
}
