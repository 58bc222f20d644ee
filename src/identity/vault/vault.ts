import { randomBytes } from 'node:crypto';
import { JSDuckDBValueConverter } from '@duckdb/node-api';
import { openStore, query, queryOne, transaction, type Store } from '../../shared/duckdb.js';
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

export interface RevealedIdentity {
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

const SCHEMA = `
CREATE TABLE IF NOT EXISTS vault_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE IF NOT EXISTS identity (
  role VARCHAR NOT NULL,
  blind_index BLOB NOT NULL,
  sealed BLOB NOT NULL,
  key_version INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  internal_id BIGINT NOT NULL,
  valid_from DATE,
  valid_to DATE,
  registered_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE IF NOT EXISTS id_merge (
  role VARCHAR NOT NULL, from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, merged_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
`;

function aad(role: Role, index: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${role}|`), index]);
}

function randomIds(n: number): bigint[] {
  const bytes = randomBytes(8 * n);
  const ids: bigint[] = [];
  for (let i = 0; i < n; i++) {
    const v = bytes.readBigUInt64BE(i * 8) & 0x7fff_ffff_ffff_ffffn;
    ids.push(v === 0n ? 1n : v);
  }
  return ids;
}

export class Vault {
  private constructor(
    private readonly store: Store,
    private readonly ring: KeyRing,
    private activeVersion: number,
  ) {}

  static async open(paths: { vaultDb: string; keyFile: string }): Promise<Vault> {
    const ring = await KeyRing.load(paths.keyFile);
    const store = await openStore(paths.vaultDb, { memoryLimit: process.env.LMR_VAULT_MEMORY ?? '1GB' });
    try {
      await store.conn.run(SCHEMA);
      const row = await queryOne<{ value: string }>(store.conn, `SELECT value FROM vault_meta WHERE key = 'active_key_version'`);
      let active: number;
      if (row) {
        active = Number(row.value);
        if (!ring.versions.includes(active)) {
          throw new LmrError(issue('unavailable', `the vault is sealed with key version ${active}, which the key ring does not hold`));
        }
      } else {
        active = ring.currentVersion;
        await store.conn.run(`INSERT INTO vault_meta VALUES ('active_key_version', ?)`, [String(active)]);
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
   * Registers a batch of subjects and returns their internal ids, in order. Numbers already in the
   * vault resolve to their existing id; a subject whose numbers were known under two ids is merged into
   * the oldest id, and the merge is recorded. Validity periods are updated. One transaction per batch.
   */
  async register(role: Role, subjects: readonly SubjectInput[]): Promise<bigint[]> {
    if (subjects.length === 0) return [];
    const conn = this.store.conn;
    const candidates = randomIds(subjects.length);
    await conn.run(`CREATE OR REPLACE TEMP TABLE stage (ord INTEGER, bi BLOB, sealed BLOB, kind VARCHAR, valid_from DATE, valid_to DATE, candidate BIGINT)`);
    const app = await conn.createAppender('stage');
    try {
      subjects.forEach((s, ord) => {
        for (const id of s.identities) {
          const bi = blindIndex(this.ring, role, id.number, this.activeVersion);
          app.appendInteger(ord);
          app.appendBlob(bi);
          app.appendBlob(seal(this.ring, aad(role, bi), id.number, this.activeVersion));
          app.appendVarchar(id.kind);
          if (id.from) app.appendVarchar(id.from);
          else app.appendNull();
          if (id.to) app.appendVarchar(id.to);
          else app.appendNull();
          app.appendBigInt(candidates[ord]!);
          app.endRow();
        }
      });
      app.flushSync();
    } finally {
      app.closeSync();
    }
    return transaction(conn, async () => {
      // For each subject: the existing ids its numbers already have (normally at most one).
      // Within the batch, a subject that repeats an earlier subject's number takes that subject's candidate.
      await conn.run(
        `CREATE OR REPLACE TEMP TABLE resolved AS
         WITH firsts AS (SELECT bi, min(ord) AS first_ord FROM stage GROUP BY bi),
              roots AS (SELECT s.ord, min(f.first_ord) AS root FROM stage s JOIN firsts f USING (bi) GROUP BY s.ord),
              cand AS (SELECT ord, any_value(candidate) AS candidate FROM stage GROUP BY ord)
         SELECT r.ord, c.candidate, min(i.internal_id) AS existing, count(DISTINCT i.internal_id) AS n_existing
         FROM roots r JOIN cand c ON c.ord = r.root
         JOIN stage s ON s.ord = r.ord
         LEFT JOIN identity i ON i.role = ? AND i.blind_index = s.bi
         GROUP BY r.ord, c.candidate`,
        [role],
      );
      // Two ids that turn out to be one subject: keep the smallest, re-point the others.
      await conn.run(
        `CREATE OR REPLACE TEMP TABLE merges AS
         SELECT DISTINCT i.internal_id AS from_id, r.existing AS to_id
         FROM resolved r JOIN stage s USING (ord) JOIN identity i ON i.role = ? AND i.blind_index = s.bi
         WHERE r.n_existing > 1 AND i.internal_id <> r.existing`,
        [role],
      );
      await conn.run(`INSERT INTO id_merge (role, from_id, to_id) SELECT ?, from_id, to_id FROM merges`, [role]);
      await conn.run(
        `UPDATE identity SET internal_id = m.to_id FROM merges m WHERE identity.role = ? AND identity.internal_id = m.from_id`,
        [role],
      );
      // Known numbers: refresh their validity period.
      await conn.run(
        `UPDATE identity SET valid_from = s.valid_from, valid_to = s.valid_to
         FROM stage s WHERE identity.role = ? AND identity.blind_index = s.bi
           AND (identity.valid_from IS DISTINCT FROM s.valid_from OR identity.valid_to IS DISTINCT FROM s.valid_to)`,
        [role],
      );
      // New numbers: insert once each (the first subject that names a number keeps it).
      await conn.run(
        `INSERT INTO identity (role, blind_index, sealed, key_version, kind, internal_id, valid_from, valid_to)
         SELECT ?, s.bi, s.sealed, ?, s.kind, coalesce(r.existing, r.candidate), s.valid_from, s.valid_to
         FROM stage s JOIN resolved r USING (ord)
         WHERE NOT EXISTS (SELECT 1 FROM identity i WHERE i.role = ? AND i.blind_index = s.bi)
         QUALIFY row_number() OVER (PARTITION BY s.bi ORDER BY s.ord) = 1`,
        [role, this.activeVersion, role],
      );
      const reader = await conn.runAndReadAll(`SELECT coalesce(existing, candidate) AS id FROM resolved ORDER BY ord`);
      const ids = reader.getColumnsJS()[0] as bigint[];
      await conn.run('DROP TABLE stage; DROP TABLE resolved; DROP TABLE merges');
      if (ids.length !== subjects.length) throw new LmrError(issue('required', 'every subject needs at least one identity number'));
      return ids;
    });
  }

  /** The internal ids of the given numbers (null where unknown). Does not register anything. */
  async lookup(role: Role, numbers: readonly string[]): Promise<(bigint | null)[]> {
    if (numbers.length === 0) return [];
    const conn = this.store.conn;
    await conn.run(`CREATE OR REPLACE TEMP TABLE probe (ord INTEGER, bi BLOB)`);
    const app = await conn.createAppender('probe');
    try {
      numbers.forEach((n, ord) => {
        app.appendInteger(ord);
        app.appendBlob(blindIndex(this.ring, role, n, this.activeVersion));
        app.endRow();
      });
      app.flushSync();
    } finally {
      app.closeSync();
    }
    const reader = await conn.runAndReadAll(
      `SELECT p.ord, i.internal_id FROM probe p LEFT JOIN identity i ON i.role = ? AND i.blind_index = p.bi ORDER BY p.ord`,
      [role],
    );
    const ids = reader.getColumnsJS()[1] as (bigint | null)[];
    await conn.run('DROP TABLE probe');
    return ids;
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
   * Rotates keys: adds a new master-key version, re-seals every number and recomputes every blind
   * index under it in one transaction, then makes it current. A crash at any point leaves the vault
   * readable: either all rows are under the old version or all under the new.
   */
  async rotate(onProgress?: (done: number, total: number) => void): Promise<{ rows: number; from: number; to: number }> {
    const conn = this.store.conn;
    const from = this.activeVersion;
    const to = await this.ring.addVersion();
    const total = (await queryOne<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM identity`))?.n ?? 0;
    let done = 0;
    await transaction(conn, async () => {
      await conn.run(`CREATE TABLE identity_next AS SELECT * FROM identity LIMIT 0`);
      const app = await conn.createAppender('identity_next');
      try {
        const result = await conn.stream(
          `SELECT role, blind_index, sealed, key_version, kind, internal_id,
                  strftime(valid_from, '%Y-%m-%d') AS f, strftime(valid_to, '%Y-%m-%d') AS t,
                  strftime(registered_at, '%Y-%m-%d %H:%M:%S.%f') AS reg
           FROM identity`,
        );
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          for (const row of chunk.convertRows(JSDuckDBValueConverter)) {
            const [roleV, biV, sealedV, versionV, kindV, idV, f, t, reg] = row;
            const role = roleV as Role;
            const plain = open(this.ring, aad(role, biV as Uint8Array), sealedV as Uint8Array, Number(versionV));
            const bi = blindIndex(this.ring, role, plain, to);
            app.appendVarchar(role);
            app.appendBlob(bi);
            app.appendBlob(seal(this.ring, aad(role, bi), plain, to));
            app.appendInteger(to);
            app.appendVarchar(kindV as string);
            app.appendBigInt(idV as bigint);
            if (f) app.appendVarchar(f as string);
            else app.appendNull();
            if (t) app.appendVarchar(t as string);
            else app.appendNull();
            app.appendVarchar(reg as string);
            app.endRow();
          }
          done += chunk.rowCount;
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
      await conn.run(`UPDATE vault_meta SET value = ? WHERE key = 'active_key_version'`, [String(to)]);
    });
    this.activeVersion = to;
    await this.ring.promote(to);
    return { rows: total, from, to };
  }
}
