import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { checkHpr, checkIdentityNumber, isMaskedHpr, isMaskedPersonId, type Role, type Vault } from '../../identity/index.js';
import { BulkLoader } from '../../shared/duckdb.js';
import { timed } from './profile.js';

/**
 * The split of a chunk's identity numbers, set-based and on digests: the parser process (parser.ts)
 * replaces each number by a keyed digest (DIGEST); here each distinct digest of the chunk is looked up
 * in a cache of numbers already checked and resolved. Only for the digests the cache does not hold (a
 * person's first dispensing in this process) is the parser asked: it checks those numbers and hands
 * over the valid ones of passing messages, which the vault resolves. The cache holds no number, only
 * `digest → status, internal id`; the digest key lives in the memory of this process and the parser
 * alone, so neither the cache nor the parsed files (which DuckDB may spill) can be read back to a number.
 *
 * One cache per register instance, shared by the intake's lanes (an in-memory database attached to
 * the instance); lanes add to it one at a time, so no digest is held twice.
 */

/** A number's keyed digest, in SQL (the key is the parameter $split_key); `role` is a literal. */
export const DIGEST = (role: Role, plain: string): string => `md5_number($split_key || '|${role}|' || ${plain})`;

/** A digest the cache does not hold, and whether some passing message of the chunk holds its number. */
export interface Miss {
  role: Role;
  /** The digest, as the decimal text of DuckDB's UHUGEINT. */
  digest: string;
  ok: boolean;
}

/** What the parser says of a missed number: its status, and the number itself only if valid and `ok`. */
export interface CheckedNumber {
  status: 'masked' | 'invalid' | 'valid';
  kind: string;
  number: string | null;
}

/** Checks the numbers behind missed digests (the parser process: see parser.ts). */
export type NumberSource = (misses: readonly Miss[]) => Promise<CheckedNumber[]>;

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
   * Splits the digests of s_ref (with s_m's message rules): fills s_numid (role, digest, status,
   * internal_id) with each distinct digest once. The internal id is given only where some message of
   * the chunk holding the number passed the message rules (only such numbers are registered).
   * `numbers` checks the numbers the cache does not know.
   */
  async split(conn: DuckDBConnection, numbers: NumberSource): Promise<void> {
    // Merges in the vault change internal ids: the cache is emptied then.
    if (this.vault.mergeEpoch !== this.epoch || this.rows > CACHE_LIMIT) {
      await this.exclusive(async () => {
        if (this.vault.mergeEpoch === this.epoch && this.rows <= CACHE_LIMIT) return;
        await conn.run(`DELETE FROM ${this.table}`);
        this.rows = 0;
        this.epoch = this.vault.mergeEpoch;
      });
    }
    await timed('split: look-up', () => conn.run(SPLIT_LOOKUP(this.table)));
    const misses = ((await conn.runAndReadAll(`SELECT role, digest::VARCHAR, ok FROM s_num WHERE status IS NULL`)).getRowsJS() as [Role, string, boolean][])
      .map(([role, digest, ok]): Miss => ({ role, digest, ok }));
    await conn.run(`CREATE OR REPLACE TEMP TABLE s_new (role VARCHAR, digest VARCHAR, status VARCHAR, internal_id BIGINT)`);
    if (misses.length > 0) {
      const checked = await timed('split: parser', () => numbers(misses));
      if (checked.length !== misses.length) throw new Error('the parser process answered for other numbers than were asked');
      const resolved = await timed('split: vault', () => resolveMisses(this.vault, misses, checked));
      const loader = await BulkLoader.create(conn, 's_new');
      try {
        misses.forEach(({ role, digest }, i) => loader.append([role, digest, checked[i]!.status, resolved[i]!]));
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

/** Each distinct digest of the chunk, per role, with whether a passing message holds it, and what the cache knows. */
const SPLIT_LOOKUP = (table: string): string => `
CREATE OR REPLACE TEMP TABLE s_num AS
WITH n AS (
  SELECT role, digest, bool_or(ok) AS ok FROM (
    SELECT 'patient' AS role, x.patient_digest AS digest, len(m.msg_rules) = 0 AS ok FROM s_ref x JOIN s_m m USING (seq) WHERE x.patient_digest IS NOT NULL
    UNION ALL
    SELECT 'prescriber', x.hpr_digest, len(m.msg_rules) = 0 FROM s_ref x JOIN s_m m USING (seq) WHERE x.hpr_digest IS NOT NULL
  ) GROUP BY role, digest
)
SELECT n.role, n.digest, n.ok, c.status, c.internal_id FROM n LEFT JOIN ${table} c ON c.digest = n.digest`;

/**
 * The chunk's new final numbers (masked, invalid, or valid and registered) that are not cached yet:
 * another lane may have cached one since this chunk's look-up. The join with the cache is built on
 * the chunk's few new numbers, not on the cache.
 */
const SPLIT_REMEMBER = (table: string): string[] => [
  `CREATE OR REPLACE TEMP TABLE s_fresh AS
SELECT s.digest::UHUGEINT AS digest, s.status, s.internal_id FROM s_new s
WHERE s.status <> 'valid' OR s.internal_id IS NOT NULL`,
  `DELETE FROM s_fresh WHERE digest IN (SELECT c.digest FROM ${table} c JOIN s_fresh f ON f.digest = c.digest)`,
];

/** Each digest's status and internal id (the id only where a passing message holds it). */
const SPLIT_IDS = [
  `CREATE OR REPLACE TEMP TABLE s_numid AS
SELECT n.role, n.digest, coalesce(n.status, s.status) AS status, CASE WHEN n.ok THEN coalesce(n.internal_id, s.internal_id) END AS internal_id
FROM s_num n LEFT JOIN s_new s ON s.role = n.role AND s.digest::UHUGEINT = n.digest`,
  `DROP TABLE s_num`,
  `DROP TABLE s_new`,
];

/**
 * The internal ids of the missed numbers the parser handed over (valid, of a passing message): the
 * vault resolves them, registering those it does not hold yet. Null for every other miss.
 */
async function resolveMisses(vault: Vault, misses: readonly Miss[], checked: readonly CheckedNumber[]): Promise<(bigint | null)[]> {
  const out: (bigint | null)[] = misses.map(() => null);
  const wanted: Record<Role, { at: number[]; entries: { number: string; kind: string }[] }> = {
    patient: { at: [], entries: [] },
    prescriber: { at: [], entries: [] },
  };
  misses.forEach(({ role, ok }, i) => {
    const c = checked[i]!;
    if (c.status === 'valid' && ok && c.number !== null) {
      wanted[role].at.push(i);
      wanted[role].entries.push({ number: c.number, kind: c.kind });
    }
  });
  for (const role of ['patient', 'prescriber'] as const) {
    const { at, entries } = wanted[role];
    if (entries.length === 0) continue;
    const ids = await vault.resolve(role, entries);
    ids.forEach((id, j) => (out[at[j]!] = id));
  }
  return out;
}

/**
 * What the parser process says of a number: masked, invalid (checksum, format) or valid with its kind
 * (fnr, dnumber, …, hpr); the number itself is handed over only when valid and `ok`.
 */
export function checkNumber(role: Role, n: string, ok: boolean): CheckedNumber {
  const c = role === 'patient' ? checkPatient(n) : checkPrescriber(n);
  return { status: c.status, kind: c.kind, number: c.status === 'valid' && ok ? n : null };
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
