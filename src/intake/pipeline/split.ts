import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { checkHpr, checkIdentityNumber, isMaskedHpr, isMaskedPersonId, type Role, type Vault } from '../../identity/index.js';
import { BulkLoader } from '../../shared/duckdb.js';
import { timed } from './profile.js';

/**
 * The split of a chunk's identity numbers, set-based: each distinct number of the chunk is looked up,
 * by a keyed digest, in a cache of numbers already checked and resolved; only the numbers the cache
 * does not hold (a person's first dispensing in this process) go to JavaScript, to be checked and
 * resolved by the vault. The cache holds no number, only `digest → status, internal id`; the digest
 * is keyed by a secret that lives in this process's memory alone, so the cache (which DuckDB may spill
 * under memory pressure) cannot be read back to a number.
 *
 * One cache per register instance, shared by the intake's lanes (an in-memory database attached to
 * the instance); lanes add to it one at a time, so no digest is held twice.
 */

/** Rows before the cache is emptied and filled again (about 40 bytes a row). */
const CACHE_LIMIT = 12_000_000;

let caches = 0;

export class SplitCache {
  /** The digest key: 256 random bits, never written anywhere. */
  readonly key = randomBytes(32).toString('hex');
  readonly table: string;
  private rows = 0;
  private epoch: number;
  private lock: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly vault: Vault,
    table: string,
  ) {
    this.table = table;
    this.epoch = vault.mergeEpoch;
  }

  /** Attaches the in-memory cache database (once per instance) and creates this cache's table. */
  static async create(conn: DuckDBConnection, vault: Vault): Promise<SplitCache> {
    const table = `lmr_split.number_id_${process.pid}_${++caches}`;
    await conn.run(`ATTACH IF NOT EXISTS ':memory:' AS lmr_split`);
    await conn.run(`CREATE OR REPLACE TABLE ${table} (digest UHUGEINT NOT NULL, status VARCHAR NOT NULL, internal_id BIGINT)`);
    return new SplitCache(vault, table);
  }

  /** One lane at a time: the cache's writes (and the check before them) never interleave. */
  private async exclusive<T>(step: () => Promise<T>): Promise<T> {
    const run = this.lock.then(step);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Splits the numbers of s_plain (with s_m's message rules): fills s_numid (role, plain, status,
   * internal_id) with each distinct number once. The internal id is given only where some message of
   * the chunk holding the number passed the message rules (only such numbers are registered).
   */
  async split(conn: DuckDBConnection): Promise<void> {
    // Merges in the vault change internal ids: the cache is emptied then.
    if (this.vault.mergeEpoch !== this.epoch || this.rows > CACHE_LIMIT) {
      await this.exclusive(async () => {
        if (this.vault.mergeEpoch === this.epoch && this.rows <= CACHE_LIMIT) return;
        await conn.run(`DELETE FROM ${this.table}`);
        this.rows = 0;
        this.epoch = this.vault.mergeEpoch;
      });
    }
    await timed('split: look-up', () => conn.run(SPLIT_LOOKUP(this.table), { split_key: this.key }));
    const misses = (await conn.runAndReadAll(`SELECT role, plain, ok FROM s_num WHERE status IS NULL`)).getRowsJS() as [Role, string, boolean][];
    await conn.run(`CREATE OR REPLACE TEMP TABLE s_new (role VARCHAR, plain VARCHAR, status VARCHAR, internal_id BIGINT)`);
    if (misses.length > 0) {
      const resolved = await timed('split: vault', () => resolveMisses(this.vault, misses));
      const loader = await BulkLoader.create(conn, 's_new');
      try {
        misses.forEach(([role, plain], i) => loader.append([role, plain, resolved[i]!.status, resolved[i]!.id]));
      } finally {
        loader.close();
      }
      // A number is cached once final: masked, invalid, or valid and registered.
      await timed('split: remember', () => this.exclusive(async () => {
        for (const statement of SPLIT_REMEMBER(this.table)) await conn.run(statement);
        this.rows += Number((await conn.runAndReadAll(`SELECT count(*) FROM s_fresh`)).getRowsJS()[0]![0]);
        await conn.run(`INSERT INTO ${this.table} SELECT digest, status, internal_id FROM s_fresh`);
        await conn.run(`DROP TABLE s_fresh`);
      }));
    }
    await timed('split: ids', async () => { for (const statement of SPLIT_IDS) await conn.run(statement); });
  }
}

/** Each distinct number of the chunk, per role, with its digest, whether a passing message holds it, and what the cache knows. */
const SPLIT_LOOKUP = (table: string): string => `
CREATE OR REPLACE TEMP TABLE s_num AS
WITH n AS (
  SELECT role, plain, bool_or(ok) AS ok FROM (
    SELECT 'patient' AS role, x.patient_plain AS plain, len(m.msg_rules) = 0 AS ok FROM s_plain x JOIN s_m m USING (seq) WHERE x.patient_plain IS NOT NULL
    UNION ALL
    SELECT 'prescriber', x.hpr_plain, len(m.msg_rules) = 0 FROM s_plain x JOIN s_m m USING (seq) WHERE x.hpr_plain IS NOT NULL
  ) GROUP BY role, plain
), h AS (SELECT role, plain, ok, md5_number($split_key || '|' || role || '|' || plain) AS digest FROM n)
SELECT h.role, h.plain, h.ok, h.digest, c.status, c.internal_id FROM h LEFT JOIN ${table} c ON c.digest = h.digest`;

/**
 * The chunk's new final numbers (masked, invalid, or valid and registered) that are not cached yet:
 * another lane may have cached one since this chunk's look-up. The join with the cache is built on
 * the chunk's few new numbers, not on the cache.
 */
const SPLIT_REMEMBER = (table: string): string[] => [
  `CREATE OR REPLACE TEMP TABLE s_fresh AS
SELECT n.digest, s.status, s.internal_id FROM s_new s JOIN s_num n USING (role, plain)
WHERE s.status <> 'valid' OR s.internal_id IS NOT NULL`,
  `DELETE FROM s_fresh WHERE digest IN (SELECT c.digest FROM ${table} c JOIN s_fresh f ON f.digest = c.digest)`,
];

/** Each number's status and internal id (the id only where a passing message holds it). */
const SPLIT_IDS = [
  `CREATE OR REPLACE TEMP TABLE s_numid AS
SELECT n.role, n.plain, coalesce(n.status, s.status) AS status, CASE WHEN n.ok THEN coalesce(n.internal_id, s.internal_id) END AS internal_id
FROM s_num n LEFT JOIN s_new s USING (role, plain)`,
  `DROP TABLE s_num`,
  `DROP TABLE s_new`,
];

/**
 * The numbers the cache did not hold: each is checked (masked, invalid, valid), and the valid ones of
 * passing messages are resolved by the vault, which registers those it does not hold yet.
 */
async function resolveMisses(vault: Vault, misses: readonly [Role, string, boolean][]): Promise<{ status: string; id: bigint | null }[]> {
  const out: { status: string; id: bigint | null }[] = [];
  const wanted: Record<Role, { at: number[]; entries: { number: string; kind: string }[] }> = {
    patient: { at: [], entries: [] },
    prescriber: { at: [], entries: [] },
  };
  misses.forEach(([role, n, ok], i) => {
    const c = role === 'patient' ? checkPatient(n) : checkPrescriber(n);
    out.push({ status: c.status, id: null });
    if (c.status === 'valid' && ok) {
      wanted[role].at.push(i);
      wanted[role].entries.push({ number: n, kind: c.kind });
    }
  });
  for (const role of ['patient', 'prescriber'] as const) {
    const { at, entries } = wanted[role];
    if (entries.length === 0) continue;
    const ids = await vault.resolve(role, entries);
    ids.forEach((id, j) => (out[at[j]!]!.id = id));
  }
  return out;
}

type Checked = { status: 'masked' | 'invalid'; kind: '' } | { status: 'valid'; kind: string };

function checkPatient(n: string): Checked {
  if (isMaskedPersonId(n)) return { status: 'masked', kind: '' };
  const c = checkIdentityNumber(n);
  return c.valid ? { status: 'valid', kind: c.kind ?? 'unknown' } : { status: 'invalid', kind: '' };
}

function checkPrescriber(n: string): Checked {
  if (isMaskedHpr(n)) return { status: 'masked', kind: '' };
  return checkHpr(n).valid ? { status: 'valid', kind: 'hpr' } : { status: 'invalid', kind: '' };
}
