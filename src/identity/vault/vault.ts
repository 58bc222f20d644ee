import { createPrivateKey, createPublicKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { jwkThumbprint, publicJwk, signDetached } from '../../shared/signature.js';
import { DuckDBBlobValue } from '@duckdb/node-api';
import { BulkLoader, openStore, query, queryOne, transaction, withTempTable, type DuckDBConnection, type Store } from '../../shared/duckdb.js';
import { LmrError, issue } from '../../shared/outcome.js';
import { blindIndex, open, seal, type Role } from './cipher.js';
import { KeyRing } from './keyring.js';

/**
 * The identity vault: the only place identity numbers are stored, encrypted, in their own DuckDB
 * file. Every subject (patient or prescriber) has a random 63-bit internal id that reveals nothing;
 * all of a subject's numbers over time (D-number → national identity number) resolve to that id.
 */

export type { Role };

export interface IdentityInput {
  number: string;
  /** fnr | dnumber | hnumber | fhnumber | hpr */
  kind: string;
  from?: string | null;
  to?: string | null;
}

export interface SubjectInput {
  identities: readonly IdentityInput[];
}

/** Two internal ids found to be one subject: `from` now resolves to `to`. Other stores must re-key. */
export interface IdMerge {
  from: bigint;
  to: bigint;
}

export interface RegisterResult {
  /** one internal id per subject, in order */
  ids: bigint[];
  merges: IdMerge[];
}

export interface RevealedIdentity {
  number: string;
  kind: string;
  from: string | null;
  to: string | null;
}

/** One decrypted identity number with its subject's internal id (from `exportIdentities`). */
export interface ExportedIdentity {
  internalId: bigint;
  number: string;
  kind: string;
  from: string | null;
  to: string | null;
}

export interface VaultStats {
  patients: number;
  prescribers: number;
  identities: number;
  keyVersions: Record<string, number>;
  activeKeyVersion: number;
  merges: number;
}

const IDENTITY_COLUMNS = `
  role VARCHAR NOT NULL,
  blind_index BLOB NOT NULL,
  sealed BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  internal_id BIGINT NOT NULL,
  valid_from DATE,
  valid_to DATE,
  registered_at TIMESTAMP NOT NULL DEFAULT current_timestamp`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vault_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS identity (${IDENTITY_COLUMNS});
CREATE TABLE IF NOT EXISTS id_merge (
  role VARCHAR NOT NULL, from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, merged_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- Every bulk reveal (exportIdentities): why, which role, how many numbers.
CREATE TABLE IF NOT EXISTS reveal_log (purpose VARCHAR NOT NULL, role VARCHAR NOT NULL, rows BIGINT NOT NULL, "at" TIMESTAMP NOT NULL);
`;

const ROTATE_PAGE = 50_000;
const EXPORT_PAGE = 50_000;
/** HMAC-SHA-256. */
const BLIND_INDEX_BYTES = 32;

function aad(role: Role, index: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${role}|`), index]);
}

/** Random 63-bit ids from the CSPRNG, drawn in blocks of 4,096. */
let idBlock = Buffer.alloc(0);
let idOffset = 0;
function randomId(): bigint {
  if (idOffset + 8 > idBlock.length) {
    idBlock = randomBytes(8 * 4096);
    idOffset = 0;
  }
  const v = idBlock.readBigUInt64BE(idOffset) & 0x7fff_ffff_ffff_ffffn;
  idOffset += 8;
  return v === 0n ? 1n : v;
}

/** Union–find over the subjects of a batch: subjects that share a number or an id are one subject. */
class Components {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[i] !== r) {
      const next = this.parent[i]!;
      this.parent[i] = r;
      i = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** The DER prefix of an Ed25519 private key in PKCS #8 (RFC 8410); the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class Vault {
  private inTransaction = false;
  private merged = 0;
  private resolving: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: Store,
    private readonly ring: KeyRing,
    private activeVersion: number,
  ) {}

  /**
   * Opens the vault. The store is opened first: a vault that already holds sealed data never gets a
   * fresh key, and its key must match the check value recorded when it was sealed. `memoryLimit` caps
   * DuckDB's buffers (default LMR_VAULT_MEMORY, else 1GB), e.g. for a one-off bulk export.
   */
  static async open(paths: { vaultDb: string; keyFile: string }, options: { memoryLimit?: string } = {}): Promise<Vault> {
    const store = await openStore(paths.vaultDb, { memoryLimit: options.memoryLimit ?? process.env.LMR_VAULT_MEMORY ?? '1GB' });
    try {
      await store.conn.run(SCHEMA);
      const meta = new Map(
        (await query<{ key: string; value: string }>(store.conn, `SELECT key, value FROM vault_meta`)).map((r) => [r.key, r.value]),
      );
      const sealed = meta.get('active_key_version');
      const ring = await KeyRing.load(paths.keyFile, { create: sealed === undefined });
      let active: number;
      if (sealed === undefined) {
        active = ring.currentVersion;
        await store.conn.run(`INSERT INTO vault_meta VALUES ('active_key_version', ?), (?, ?)`, [String(active), `key_check_v${active}`, ring.checkValue(active)]);
      } else {
        active = Number(sealed);
        if (!ring.versions.includes(active)) {
          throw new LmrError(issue('unavailable', `the vault is sealed with key version ${active}, which the key ring does not hold`));
        }
        const check = meta.get(`key_check_v${active}`);
        if (check === undefined) {
          await store.conn.run(`INSERT INTO vault_meta VALUES (?, ?)`, [`key_check_v${active}`, ring.checkValue(active)]);
        } else if (check !== ring.checkValue(active)) {
          throw new LmrError(issue('unavailable', `key version ${active} in the key ring is not the key this vault was sealed with`));
        }
      }
      return new Vault(store, ring, active);
    } catch (err) {
      store.close();
      throw err;
    }
  }

  close(): void {
    this.store.close();
  }

  get keySource(): 'file' | 'environment' {
    return this.ring.source;
  }

  /**
   * Opens a transaction that spans several `register` calls, so an import that fails validation
   * later leaves the vault as it was. End it with `commit` or `rollback`.
   */
  async begin(): Promise<void> {
    if (this.inTransaction) throw new LmrError(issue('conflict', 'a vault transaction is already open'));
    await this.store.conn.run('BEGIN TRANSACTION');
    this.inTransaction = true;
  }

  async commit(): Promise<void> {
    await this.store.conn.run('COMMIT');
    this.inTransaction = false;
  }

  async rollback(): Promise<void> {
    if (!this.inTransaction) return;
    this.inTransaction = false;
    await this.store.conn.run('ROLLBACK');
  }

  /** Runs `fn` inside the caller's open transaction, or in a transaction of its own. */
  private atomically<T>(fn: () => Promise<T>): Promise<T> {
    return this.inTransaction ? fn() : transaction(this.store.conn, fn);
  }

  /**
   * Registers a batch of subjects and returns their internal ids, in order. Subjects that share a
   * number, in the batch or with what the vault holds, are one subject (connected components). Each
   * component keeps the id that was registered first; any other ids it had are merged into it and the
   * merges are recorded and returned. New numbers are sealed; known numbers get their validity updated.
   */
  async register(role: Role, subjects: readonly SubjectInput[]): Promise<RegisterResult> {
    return this.registerIndexed(role, subjects);
  }

  /** `register`, reusing blind indexes the caller has already computed (by number), so each is computed once. */
  private async registerIndexed(role: Role, subjects: readonly SubjectInput[], computed?: ReadonlyMap<string, Buffer>): Promise<RegisterResult> {
    if (subjects.length === 0) return { ids: [], merges: [] };
    if (subjects.some((s) => s.identities.length === 0)) throw new LmrError(issue('required', 'every subject needs at least one identity number'));
    const conn = this.store.conn;
    // Blind indexes: the only per-number work, done once per distinct number.
    const numbers = new Map<string, { bi: Buffer; ord: number; identity: IdentityInput }>();
    const byOrd: string[][] = subjects.map((s, ord) =>
      s.identities.map((identity) => {
        const bi = computed?.get(identity.number) ?? blindIndex(this.ring, role, identity.number, this.activeVersion);
        const key = bi.toString('base64');
        if (!numbers.has(key)) numbers.set(key, { bi, ord, identity });
        return key;
      }),
    );
    return this.atomically(async () => {
      const existing = await this.existing(conn, role, [...numbers.values()].map((n) => n.bi));
      const comps = new Components(subjects.length);
      const firstOrdOfId = new Map<bigint, number>();
      byOrd.forEach((keys, ord) => {
        for (const key of keys) {
          comps.union(ord, numbers.get(key)!.ord);
          const known = existing.get(key);
          if (known !== undefined) {
            const first = firstOrdOfId.get(known);
            if (first === undefined) firstOrdOfId.set(known, ord);
            else comps.union(ord, first);
          }
        }
      });
      // Per component: the existing ids it holds. One id is kept as it is; two or more are merged into
      // the one registered first (ties: the smaller id). A component with none gets a fresh id.
      const idsOfRoot = new Map<number, Set<bigint>>();
      for (const [id, ord] of firstOrdOfId) {
        const root = comps.find(ord);
        const set = idsOfRoot.get(root) ?? new Set<bigint>();
        set.add(id);
        idsOfRoot.set(root, set);
      }
      const contested = [...idsOfRoot.values()].filter((set) => set.size > 1).flatMap((set) => [...set]);
      const firstAt = contested.length ? await this.firstRegistered(conn, role, contested) : new Map<bigint, number>();
      const oldest = new Map<number, bigint>();
      for (const [root, set] of idsOfRoot) {
        const ordered = [...set].sort((a, b) => (firstAt.get(a) ?? 0) - (firstAt.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
        oldest.set(root, ordered[0]!);
      }
      const keptOfRoot = new Map<number, bigint>();
      const ids = subjects.map((_, ord) => {
        const root = comps.find(ord);
        let kept = keptOfRoot.get(root);
        if (kept === undefined) {
          kept = oldest.get(root) ?? randomId();
          keptOfRoot.set(root, kept);
        }
        return kept;
      });
      const merges: IdMerge[] = [];
      for (const [root, set] of idsOfRoot) {
        const kept = keptOfRoot.get(root)!;
        for (const id of set) if (id !== kept) merges.push({ from: id, to: kept });
      }
      await this.write(conn, role, numbers, existing, ids, merges);
      return { ids, merges };
    });
  }

  /**
   * The internal id the vault holds for each of these blind indexes (undefined where none), in their
   * order: one hash join, which returns each probe's position, so no blind index is read back.
   */
  private async existingAt(conn: DuckDBConnection, role: Role, bis: readonly Buffer[]): Promise<(bigint | undefined)[]> {
    const rows = await withTempTable(conn, { name: 'probe', columns: 'i INTEGER, bi BLOB' }, bis.map((bi, i) => [i, bi]), async () =>
      (await conn.runAndReadAll(`SELECT p.i, i.internal_id FROM probe p JOIN identity i ON i.role = ? AND i.blind_index = p.bi`, [role])).getRowsJS(),
    );
    const ids = new Array<bigint | undefined>(bis.length).fill(undefined);
    for (const [i, id] of rows as [number, bigint][]) ids[i] = id;
    return ids;
  }

  /** The internal ids the vault holds for these blind indexes, by blind index (base64). */
  private async existing(conn: DuckDBConnection, role: Role, bis: readonly Buffer[]): Promise<Map<string, bigint>> {
    const ids = await this.existingAt(conn, role, bis);
    const found = new Map<string, bigint>();
    ids.forEach((id, i) => id !== undefined && found.set(bis[i]!.toString('base64'), id));
    return found;
  }

  /** When each id was first registered (epoch µs): asked only for ids about to be merged, so rarely. */
  private async firstRegistered(conn: DuckDBConnection, role: Role, ids: readonly bigint[]): Promise<Map<bigint, number>> {
    const rows = await withTempTable(conn, { name: 'ask', columns: 'id BIGINT' }, ids.map((id) => [id]), async () =>
      (
        await conn.runAndReadAll(
          `SELECT internal_id, epoch_us(min(registered_at)) FROM identity WHERE role = ? AND internal_id IN (SELECT id FROM ask) GROUP BY internal_id`,
          [role],
        )
      ).getRowsJS(),
    );
    return new Map((rows as [bigint, bigint][]).map(([id, at]) => [id, Number(at)]));
  }

  private async write(
    conn: DuckDBConnection,
    role: Role,
    numbers: Map<string, { bi: Buffer; ord: number; identity: IdentityInput }>,
    existing: Map<string, bigint>,
    ids: readonly bigint[],
    merges: readonly IdMerge[],
  ): Promise<void> {
    await conn.run(`CREATE OR REPLACE TEMP TABLE stage (bi BLOB, sealed BLOB, kind VARCHAR, valid_from DATE, valid_to DATE, id BIGINT, is_new BOOLEAN)`);
    await conn.run(`CREATE OR REPLACE TEMP TABLE merges (from_id BIGINT, to_id BIGINT)`);
    const app = await conn.createAppender('stage');
    try {
      for (const [key, n] of numbers) {
        const isNew = !existing.has(key);
        app.appendBlob(n.bi);
        // Only new numbers are sealed; a known number keeps its sealed value.
        if (isNew) app.appendBlob(seal(this.ring, aad(role, n.bi), n.identity.number, this.activeVersion));
        else app.appendNull();
        app.appendVarchar(n.identity.kind);
        if (n.identity.from) app.appendVarchar(n.identity.from);
        else app.appendNull();
        if (n.identity.to) app.appendVarchar(n.identity.to);
        else app.appendNull();
        app.appendBigInt(ids[n.ord]!);
        app.appendBoolean(isNew);
        app.endRow();
      }
      app.flushSync();
    } finally {
      app.closeSync();
    }
    if (merges.length) {
      this.merged++;
      const m = await BulkLoader.create(conn, 'merges');
      try {
        for (const { from, to } of merges) m.append([from, to]);
      } finally {
        m.close();
      }
      await conn.run(`INSERT INTO id_merge (role, from_id, to_id) SELECT ?, from_id, to_id FROM merges`, [role]);
      await conn.run(`UPDATE identity SET internal_id = m.to_id FROM merges m WHERE identity.role = ? AND identity.internal_id = m.from_id`, [role]);
    }
    if (existing.size > 0) {
      await conn.run(
        `UPDATE identity SET valid_from = s.valid_from, valid_to = s.valid_to
         FROM stage s WHERE NOT s.is_new AND identity.role = ? AND identity.blind_index = s.bi
           AND (identity.valid_from IS DISTINCT FROM s.valid_from OR identity.valid_to IS DISTINCT FROM s.valid_to)`,
        [role],
      );
    }
    await conn.run(
      `INSERT INTO identity (role, blind_index, sealed, key_version, kind, internal_id, valid_from, valid_to)
       SELECT ?, bi, sealed, ?, kind, id, valid_from, valid_to FROM stage WHERE is_new`,
      [role, this.activeVersion],
    );
    await conn.run('DROP TABLE stage; DROP TABLE merges');
  }

  /**
   * Counts the merges of internal ids this vault has made: a cache of resolved ids (the intake's) is
   * stale once it changes.
   */
  get mergeEpoch(): number {
    return this.merged;
  }

  /**
   * The internal id of each number, registering those the vault does not hold yet, each as a subject
   * of its own (the intake split, which caches the ids it gets: see intake/pipeline/split.ts). One keyed
   * hash per number and one look-up for them all.
   */
  async resolve(role: Role, entries: readonly IdentityInput[]): Promise<bigint[]> {
    // Callers may overlap (the intake runs two chunks at once): one resolve at a time on the vault's
    // connection, so a registration's transaction is never interleaved with another's.
    const run = this.resolving.then(() => this.resolveNow(role, entries));
    this.resolving = run.catch(() => undefined);
    return run;
  }

  private async resolveNow(role: Role, entries: readonly IdentityInput[]): Promise<bigint[]> {
    const ids = new Map<string, bigint>();
    const wanted = new Map<string, { bi: Buffer; entry: IdentityInput }>();
    for (const e of entries) {
      if (!wanted.has(e.number)) wanted.set(e.number, { bi: blindIndex(this.ring, role, e.number, this.activeVersion), entry: e });
    }
    if (wanted.size > 0) {
      const found = await this.existingAt(this.store.conn, role, [...wanted.values()].map((w) => w.bi));
      const fresh: IdentityInput[] = [];
      let i = 0;
      for (const [number, w] of wanted) {
        const id = found[i++];
        if (id === undefined) fresh.push(w.entry);
        else ids.set(number, id);
      }
      if (fresh.length > 0) {
        const registered = await this.registerIndexed(role, fresh.map((entry) => ({ identities: [entry] })), new Map(fresh.map((e) => [e.number, wanted.get(e.number)!.bi])));
        fresh.forEach((entry, i) => ids.set(entry.number, registered.ids[i]!));
      }
    }
    return entries.map((e) => ids.get(e.number)!);
  }

  /** Every merge of two internal ids, oldest first, for other stores to re-key (see IdMerge). */
  async merges(): Promise<(IdMerge & { role: Role })[]> {
    const rows = (await this.store.conn.runAndReadAll(`SELECT role, from_id, to_id FROM id_merge ORDER BY merged_at, rowid`)).getRowsJS() as [Role, bigint, bigint][];
    return rows.map(([role, from, to]) => ({ role, from, to }));
  }

  /** The internal ids of the given numbers (null where unknown). Does not register anything. */
  async lookup(role: Role, numbers: readonly string[]): Promise<(bigint | null)[]> {
    if (numbers.length === 0) return [];
    const keys = numbers.map((n) => blindIndex(this.ring, role, n, this.activeVersion));
    return (await this.existingAt(this.store.conn, role, keys)).map((id) => id ?? null);
  }

  /**
   * Decrypts a subject's numbers. Only for the few purposes the law allows (linkage key files,
   * citizen insight); callers in other contexts must authenticate and audit before calling.
   */
  async reveal(role: Role, internalId: bigint): Promise<RevealedIdentity[]> {
    const reader = await this.store.conn.runAndReadAll(
      `SELECT blind_index, sealed, key_version, kind, strftime(valid_from, '%Y-%m-%d') AS f, strftime(valid_to, '%Y-%m-%d') AS t
       FROM identity WHERE role = ? AND internal_id = ? ORDER BY valid_from NULLS FIRST`,
      [role, internalId],
    );
    return reader.getRowObjectsJS().map((r) => ({
      number: open(this.ring, aad(role, r.blind_index as Uint8Array), r.sealed as Uint8Array, Number(r.key_version)),
      kind: r.kind as string,
      from: (r.f as string | null) ?? null,
      to: (r.t as string | null) ?? null,
    }));
  }

  /**
   * Decrypts every number of a role and hands them to `onBatch` in pages of 50,000 rows. One streaming
   * scan in rowid order (DuckDB keeps insertion order), read chunk by chunk, so memory stays at about
   * one page whatever the vault's size. For bulk uses that need the numbers themselves (the pharmacy
   * simulator writing messages as pharmacies would); each call is recorded in `reveal_log` with its
   * purpose and the number of rows revealed, also when it stops early. `onBatch` must not use the vault.
   */
  async exportIdentities(
    role: Role,
    purpose: string,
    onBatch: (rows: ExportedIdentity[]) => void | Promise<void>,
  ): Promise<number> {
    if (purpose.trim() === '') throw new LmrError(issue('required', 'a bulk reveal needs a purpose'));
    const conn = this.store.conn;
    const prefix = Buffer.from(`${role}|`);
    // Dates come as day numbers (cheaper to read than text) and are formatted once per distinct day.
    const days = new Map<number, string>();
    const isoDay = (d: number | null): string | null => {
      if (d === null) return null;
      let iso = days.get(d);
      if (iso === undefined) days.set(d, (iso = new Date(d * 86_400_000).toISOString().slice(0, 10)));
      return iso;
    };
    let revealed = 0;
    try {
      // The blind index (32 bytes) and the sealed value in one blob: half the conversions.
      const result = await conn.stream(
        `SELECT internal_id, blind_index || sealed, key_version, kind, (valid_from - DATE '1970-01-01')::INTEGER, (valid_to - DATE '1970-01-01')::INTEGER
         FROM identity WHERE role = ?`,
        [role],
      );
      let page: ExportedIdentity[] = [];
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const [ids, blobs, versions, kinds, froms, tos] = [0, 1, 2, 3, 4, 5].map((c) => chunk.getColumnValues(c));
        for (let i = 0; i < chunk.rowCount; i++) {
          const blob = blobs![i];
          if (!(blob instanceof DuckDBBlobValue)) throw new LmrError(issue('exception', 'the vault holds an identity row without a sealed value'));
          const both = Buffer.from(blob.bytes);
          const bi = both.subarray(0, BLIND_INDEX_BYTES);
          page.push({
            internalId: ids![i] as bigint,
            number: open(this.ring, Buffer.concat([prefix, bi]), both.subarray(BLIND_INDEX_BYTES), Number(versions![i])),
            kind: kinds![i] as string,
            from: isoDay(froms![i] as number | null),
            to: isoDay(tos![i] as number | null),
          });
          if (page.length === EXPORT_PAGE) {
            const full = page;
            page = [];
            revealed += full.length;
            await onBatch(full);
          }
        }
      }
      if (page.length > 0) {
        revealed += page.length;
        await onBatch(page);
      }
    } finally {
      await conn.run(`INSERT INTO reveal_log VALUES (?, ?, ?, current_timestamp::TIMESTAMP)`, [purpose, role, revealed]);
    }
    return revealed;
  }

  /**
   * The secrets of a project's pseudonyms: a pair of 256-bit keys per label (patients, prescribers,
   * dispensings, date shifts), derived with HKDF from the `project-pseudonym` purpose key of key version
   * `version` and the project id. The extract engine computes `sha256(outer || sha256(inner || id))` in
   * SQL (a nested keyed hash, the NMAC construction), so one project's numbers are stable across
   * re-deliveries and cannot be linked to another's. The caller records `version` at first use and
   * passes it back: pseudonyms must not change when the master key is rotated. The secrets are SQL
   * parameters only; they are never written anywhere.
   */
  projectSecrets(projectId: string, label: 'patient' | 'prescriber' | 'dispensing' | 'date-shift', version = this.ring.currentVersion): { version: number; inner: string; outer: string } {
    const okm = Buffer.from(hkdfSync('sha256', this.ring.purposeKey('project-pseudonym', version), Buffer.from('lmr-project'), Buffer.from(`${projectId}\u0000${label}`), 64));
    return { version, inner: okm.subarray(0, 32).toString('hex'), outer: okm.subarray(32).toString('hex') };
  }

  /** The key version new projects' pseudonyms are derived under. */
  get pseudonymKeyVersion(): number {
    return this.ring.currentVersion;
  }

  /**
   * Signs a document (an extract manifest) with the register's signing key: Ed25519, derived from the
   * `register-signing` purpose key of the current master-key version. Returns a detached compact JWS
   * whose `kid` is the key's JWK thumbprint (see `signingKeys`).
   */
  async sign(payload: Uint8Array): Promise<string> {
    const { privateKey, kid } = await this.signingKey(this.ring.currentVersion);
    return signDetached(privateKey, payload, kid);
  }

  /** The register's public signing keys, one per master-key version, as a JWKS (published, no secret). */
  async signingKeys(): Promise<{ keys: JWK[] }> {
    const keys: JWK[] = [];
    for (const v of this.ring.versions) {
      const { publicKey, kid } = await this.signingKey(v);
      keys.push(await publicJwk(publicKey, kid));
    }
    return { keys };
  }

  private async signingKey(version: number): Promise<{ privateKey: KeyObject; publicKey: KeyObject; kid: string }> {
    const seed = this.ring.purposeKey('register-signing', version);
    const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const publicKey = createPublicKey(privateKey);
    return { privateKey, publicKey, kid: await jwkThumbprint(publicKey) };
  }

  /**
   * Decrypts the numbers of the given subjects, for a linkage key file to an authorised register.
   * Streams in pages; records the reveal in `reveal_log` with its purpose. Each subject's numbers come
   * with their kinds and periods; the caller picks the one to send.
   */
  async revealMany(
    role: Role,
    ids: readonly bigint[],
    purpose: string,
    onBatch: (rows: ExportedIdentity[]) => void | Promise<void>,
  ): Promise<number> {
    if (purpose.trim() === '') throw new LmrError(issue('required', 'a reveal needs a purpose'));
    const conn = this.store.conn;
    let revealed = 0;
    try {
      await withTempTable(conn, { name: 'reveal_ids', columns: 'id BIGINT' }, ids.map((id) => [id]), async () => {
        const result = await conn.stream(
          `SELECT i.internal_id, i.blind_index, i.sealed, i.key_version, i.kind, strftime(i.valid_from, '%Y-%m-%d'), strftime(i.valid_to, '%Y-%m-%d')
           FROM identity i JOIN reveal_ids r ON r.id = i.internal_id WHERE i.role = ? ORDER BY i.internal_id, i.valid_from NULLS FIRST`,
          [role],
        );
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          const page: ExportedIdentity[] = [];
          for (const r of chunk.getRows()) {
            if (!(r[1] instanceof DuckDBBlobValue) || !(r[2] instanceof DuckDBBlobValue)) throw new LmrError(issue('exception', 'the vault holds an identity row without a sealed value'));
            const bi = Buffer.from(r[1].bytes);
            page.push({
              internalId: r[0] as bigint,
              number: open(this.ring, aad(role, bi), r[2].bytes, Number(r[3])),
              kind: r[4] as string,
              from: (r[5] as string | null) ?? null,
              to: (r[6] as string | null) ?? null,
            });
          }
          revealed += page.length;
          await onBatch(page);
        }
      });
    } finally {
      await conn.run(`INSERT INTO reveal_log VALUES (?, ?, ?, current_timestamp::TIMESTAMP)`, [purpose, role, revealed]);
    }
    return revealed;
  }

  /** A cheap liveness probe for /health. */
  async ping(): Promise<void> {
    await this.store.conn.run('SELECT 1');
  }

  async stats(): Promise<VaultStats> {
    const conn = this.store.conn;
    const counts = await queryOne<{ patients: number; prescribers: number; identities: number }>(
      conn,
      `SELECT count(DISTINCT internal_id) FILTER (WHERE role = 'patient')::INTEGER AS patients,
              count(DISTINCT internal_id) FILTER (WHERE role = 'prescriber')::INTEGER AS prescribers,
              count(*)::INTEGER AS identities FROM identity`,
    );
    const versions = await query<{ key_version: number; n: number }>(
      conn,
      `SELECT key_version, count(*)::INTEGER AS n FROM identity GROUP BY key_version ORDER BY key_version`,
    );
    const merges = await queryOne<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM id_merge`);
    return {
      patients: counts?.patients ?? 0,
      prescribers: counts?.prescribers ?? 0,
      identities: counts?.identities ?? 0,
      keyVersions: Object.fromEntries(versions.map((v) => [`v${v.key_version}`, v.n])),
      activeKeyVersion: this.activeVersion,
      merges: merges?.n ?? 0,
    };
  }

  /**
   * Rotates keys: re-seals every number and recomputes every blind index under a new key version in one
   * transaction. With a key file, the new version is generated and written durably first, and made
   * current after the commit; with keys from the environment, the ring's current version must already
   * be newer than the vault's. A crash at any point leaves every row under one version the ring holds.
   */
  async rotate(onProgress?: (done: number, total: number) => void): Promise<{ rows: number; from: number; to: number }> {
    const conn = this.store.conn;
    const from = this.activeVersion;
    let to: number;
    if (this.ring.source === 'environment') {
      to = this.ring.currentVersion;
      if (to <= from) {
        throw new LmrError(issue('conflict', `the vault is already sealed with key version ${from}: add a newer version to LMR_MASTER_KEYS, make it current, and run this again`));
      }
    } else {
      to = await this.ring.addVersion();
    }
    const total = (await queryOne<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM identity`))?.n ?? 0;
    try {
      await this.atomically(async () => {
        await conn.run(`DROP TABLE IF EXISTS identity_next; CREATE TABLE identity_next (${IDENTITY_COLUMNS})`);
        const app = await conn.createAppender('identity_next');
        let done = 0;
        let after = -1n;
        try {
          for (;;) {
            // Pages by rowid: a materialised page per query, so the appender's own flushes never cut a read short.
            const page = (
              await conn.runAndReadAll(
                `SELECT rowid, role, blind_index, sealed, key_version, kind, internal_id,
                        strftime(valid_from, '%Y-%m-%d'), strftime(valid_to, '%Y-%m-%d'), strftime(registered_at, '%Y-%m-%d %H:%M:%S.%f')
                 FROM identity WHERE rowid > ? ORDER BY rowid LIMIT ${ROTATE_PAGE}`,
                [after],
              )
            ).getRowsJS();
            if (page.length === 0) break;
            for (const [rowid, roleV, biV, sealedV, versionV, kindV, idV, f, t, reg] of page) {
              const role = roleV as Role;
              const plain = open(this.ring, aad(role, biV as Uint8Array), sealedV as Uint8Array, Number(versionV));
              const bi = blindIndex(this.ring, role, plain, to);
              app.appendVarchar(role);
              app.appendBlob(bi);
              app.appendBlob(seal(this.ring, aad(role, bi), plain, to));
              app.appendInteger(to);
              app.appendVarchar(kindV as string);
              app.appendBigInt(idV as bigint);
              for (const v of [f, t, reg]) {
                if (v === null || v === undefined) app.appendNull();
                else app.appendVarchar(v as string);
              }
              app.endRow();
              after = rowid as bigint;
            }
            done += page.length;
            onProgress?.(done, total);
          }
          app.flushSync();
        } finally {
          app.closeSync();
        }
        const moved = (await queryOne<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM identity_next`))?.n ?? 0;
        if (moved !== total) throw new LmrError(issue('exception', 'key rotation did not re-seal every row; nothing was changed'));
        await conn.run(`DROP TABLE identity`);
        await conn.run(`ALTER TABLE identity_next RENAME TO identity`);
        await conn.run(`INSERT OR REPLACE INTO vault_meta VALUES ('active_key_version', ?), (?, ?)`, [String(to), `key_check_v${to}`, this.ring.checkValue(to)]);
      });
    } catch (err) {
      if (this.ring.source === 'file') await this.ring.discardVersion(to).catch(() => undefined);
      throw err;
    }
    this.activeVersion = to;
    if (this.ring.source === 'file') {
      try {
        await this.ring.promote(to);
      } catch {
        // The vault records its own version, so it stays readable; the ring catches up on the next rotation.
      }
    }
    return { rows: total, from, to };
  }
}
