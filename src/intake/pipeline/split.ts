import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { checkHpr, checkIdentityNumber, isMaskedHpr, isMaskedPersonId, type Role, type Vault } from '../../identity/index.js';
import { timed } from './profile.js';

/**
 * The split of a chunk's identity numbers, set-based and on digests: the parser process (parser.ts)
 * replaces each number by a keyed digest (stage.ts, PARSE_EXPORT); here each distinct digest of the chunk is looked up
 * in a cache of numbers already checked and resolved. Only for the digests the cache does not hold (a
 * person's first dispensing in this process) is the parser asked: it checks those numbers and hands
 * over the valid ones of passing messages, which the vault resolves. The cache holds no number, only
 * `digest → status, internal id`; the digest key lives in the memory of this process and the parser
 * alone, so neither the cache nor the parsed files (which DuckDB may spill) can be read back to a number.
 *
 * One cache per register instance, shared by the intake's lanes (an in-memory database attached to
 * the instance); lanes add to it one at a time, so no digest is held twice.
 */

/**
 * Digests the cache does not hold: each number's position k in the chunk (s_numx in the parser, which
 * knows its role), and whether some passing message of the chunk holds it.
 */
export interface Misses {
  k: Int32Array;
  ok: Uint8Array;
}

/** Checks the numbers behind missed digests (the parser process: see parser.ts), in the order asked. */
export type NumberSource = (misses: Misses) => Promise<PackedNumbers>;

/**
 * Checked numbers as they cross between processes: a few arrays instead of an object per number (the
 * parser answers about every number a process meets for the first time: a national year's 5 million).
 */
export interface PackedNumbers {
  /** Per number: its role (0 patient, 1 prescriber) * 8 + its status (0 masked, 1 invalid, 2 valid). */
  code: Uint8Array;
  /**
   * Per number: the low 64 bits of its digest as two 32-bit halves (low first), so the split can
   * check it was answered about the number it asked about, without a BigInt per number.
   */
  fingerprint: Uint32Array;
  /** Per number: its kind, as a position in `kinds`. */
  kind: Uint8Array;
  kinds: string[];
  /** The numbers handed over, each followed by a newline; an empty line where none is. */
  numbers: string;
}

const STATUSES = ['masked', 'invalid', 'valid'] as const;
const ROLES = ['patient', 'prescriber'] as const;
/** The roles as an SQL list (a role's position in it, less one, is its code's role part). */
export const ROLE_LIST = `[${ROLES.map((r) => `'${r}'`).join(', ')}]`;
/** The SQL of a number's role and status from its code (PackedNumbers.code), and of its fingerprint's halves from its digest. */
const ROLE_OF = (code: string): string => `${ROLE_LIST}[(${code} >> 3) + 1]`;
const STATUS_OF = (code: string): string => `[${STATUSES.map((s) => `'${s}'`).join(', ')}][(${code} & 7) + 1]`;
export const FINGERPRINT_LO = (digest: string): string => `(${digest} & 4294967295::UHUGEINT)::UINTEGER`;
export const FINGERPRINT_HI = (digest: string): string => `((${digest} >> 32) & 4294967295::UHUGEINT)::UINTEGER`;

/** Packs checked numbers one by one, in the order asked (the parser process's answer). */
export class NumberPacker {
  private readonly code: Uint8Array;
  private readonly kind: Uint8Array;
  private readonly fingerprint: Uint32Array;
  private readonly kinds: string[] = [];
  private readonly numbers: string[];

  constructor(n: number) {
    this.code = new Uint8Array(n);
    this.kind = new Uint8Array(n);
    this.fingerprint = new Uint32Array(2 * n);
    this.numbers = new Array<string>(n).fill('');
  }

  /**
   * Checks number `n` of role `role` (0 patient, 1 prescriber) as answer `i`; the number is kept only
   * when valid and `ok` (some passing message holds it). `lo` and `hi`: its digest's fingerprint.
   */
  set(i: number, role: 0 | 1, n: string, ok: boolean, lo: number, hi: number): void {
    const c = role === 0 ? checkPatient(n) : checkPrescriber(n);
    this.code[i] = role * 8 + STATUSES.indexOf(c.status);
    let at = this.kinds.indexOf(c.kind);
    if (at < 0) at = this.kinds.push(c.kind) - 1;
    this.kind[i] = at;
    this.fingerprint[2 * i] = lo;
    this.fingerprint[2 * i + 1] = hi;
    if (c.status === 'valid' && ok) {
      // Only valid numbers are handed over, and they are digits: a newline would shift every later one.
      if (n.includes('\n')) throw new Error('a number handed over holds a newline');
      this.numbers[i] = n;
    }
  }

  packed(): PackedNumbers {
    return { code: this.code, fingerprint: this.fingerprint, kind: this.kind, kinds: this.kinds, numbers: this.numbers.length === 0 ? '' : `${this.numbers.join('\n')}\n` };
  }
}

/** One answer of packed numbers, read back: its role, status and kind, the number if handed over, its fingerprint. */
export interface Answer {
  role: Role;
  status: (typeof STATUSES)[number];
  kind: string;
  number: string | null;
  fingerprint: [lo: number, hi: number];
}

/** The answers of packed numbers, in order. */
export function unpackNumbers(p: PackedNumbers): Answer[] {
  const numbers = p.numbers.split('\n');
  return [...p.code].map((code, i) => ({
    role: ROLES[code >> 3]!,
    status: STATUSES[code & 7]!,
    kind: p.kinds[p.kind[i]!]!,
    number: numbers[i] || null,
    fingerprint: [p.fingerprint[2 * i]!, p.fingerprint[2 * i + 1]!],
  }));
}

/**
 * Packs numbers given with their digests, as the parser process would answer about them (for a
 * stand-in parser: the process itself fills a NumberPacker from its query).
 */
export function packNumbers(checked: readonly { role: Role; number: string; ok: boolean; digest: bigint }[]): PackedNumbers {
  const packer = new NumberPacker(checked.length);
  checked.forEach((c, i) => packer.set(i, c.role === 'patient' ? 0 : 1, c.number, c.ok, Number(c.digest & 0xffffffffn), Number((c.digest >> 32n) & 0xffffffffn)));
  return packer.packed();
}

/** Rows before the cache is emptied and filled again (about 40 bytes a row). */
const CACHE_LIMIT = 12_000_000;

let caches = 0;

export class SplitCache {
  /** The digest key: 256 random bits, never written anywhere; handed to the parser process over IPC. */
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
    const misses = await timed('split: misses', async () => {
      const [k, ok] = (await conn.runAndReadAll(`SELECT k, ok FROM s_num WHERE status IS NULL`)).getColumnsJS() as [number[], boolean[]];
      return { k: Int32Array.from(k ?? []), ok: Uint8Array.from(ok ?? [], (b) => (b ? 1 : 0)) };
    });
    await conn.run(`CREATE OR REPLACE TEMP TABLE s_answer (k INTEGER, code UTINYINT, lo UINTEGER, hi UINTEGER, internal_id BIGINT)`);
    if (misses.k.length === 0) await conn.run(SPLIT_ANSWERS);
    else {
      const checked = await timed('split: parser', () => numbers(misses));
      if (checked.code.length !== misses.k.length) throw new Error('the parser process answered for other numbers than were asked');
      const resolved = await timed('split: vault', () => resolveMisses(this.vault, misses, checked));
      await timed('split: load', async () => {
        const app = await conn.createAppender('s_answer');
        try {
          misses.k.forEach((k, i) => {
            const id = resolved[i];
            app.appendInteger(k);
            app.appendUTinyInt(checked.code[i]!);
            app.appendUInteger(checked.fingerprint[2 * i]!);
            app.appendUInteger(checked.fingerprint[2 * i + 1]!);
            if (id === null || id === undefined) app.appendNull();
            else app.appendBigInt(id);
            app.endRow();
          });
        } finally {
          app.flushSync();
          app.closeSync();
        }
        await conn.run(SPLIT_ANSWERS);
      });
      // Each answer is about the number asked about (its role, and its digest's fingerprint), or nothing is cached or stored.
      const wrong = Number((await conn.runAndReadAll(`SELECT count_if(wrong) FROM s_new`)).getRowsJS()[0]![0]);
      if (wrong > 0) throw new Error('the parser process answered for other numbers than were asked');
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
  SELECT role, digest, any_value(k) AS k, bool_or(ok) AS ok FROM (
    SELECT 'patient' AS role, x.patient_digest AS digest, x.patient_k AS k, len(m.msg_rules) = 0 AS ok FROM s_ref x JOIN s_m m USING (seq) WHERE x.patient_digest IS NOT NULL
    UNION ALL
    SELECT 'prescriber', x.hpr_digest, x.hpr_k, len(m.msg_rules) = 0 FROM s_ref x JOIN s_m m USING (seq) WHERE x.hpr_digest IS NOT NULL
  ) GROUP BY role, digest
)
SELECT n.role, n.digest, n.k, n.ok, c.status, c.internal_id FROM n LEFT JOIN ${table} c ON c.digest = n.digest`;

/**
 * The parser's answers about the missed numbers (s_answer: by position k, with the vault's ids), each
 * with whether it is about another number than the one asked about (its role or fingerprint differs).
 */
const SPLIT_ANSWERS = `
CREATE OR REPLACE TEMP TABLE s_new AS
SELECT a.k, ${ROLE_OF('a.code')} AS role, ${STATUS_OF('a.code')} AS status, a.internal_id,
  -- A code outside the lists reads as a NULL role or status: wrong too.
  coalesce(n.role <> ${ROLE_OF('a.code')} OR ${STATUS_OF('a.code')} IS NULL OR ${FINGERPRINT_LO('n.digest')} <> a.lo OR ${FINGERPRINT_HI('n.digest')} <> a.hi, true) AS wrong
FROM s_answer a LEFT JOIN s_num n ON n.k = a.k;
DROP TABLE s_answer;
`;

/**
 * The chunk's new final numbers (masked, invalid, or valid and registered) that are not cached yet:
 * another lane may have cached one since this chunk's look-up. The join with the cache is built on
 * the chunk's few new numbers, not on the cache.
 */
const SPLIT_REMEMBER = (table: string): string[] => [
  `CREATE OR REPLACE TEMP TABLE s_fresh AS
SELECT n.digest, s.status, s.internal_id FROM s_new s JOIN s_num n USING (k)
WHERE s.status <> 'valid' OR s.internal_id IS NOT NULL`,
  `DELETE FROM s_fresh WHERE digest IN (SELECT c.digest FROM ${table} c JOIN s_fresh f ON f.digest = c.digest)`,
];

/** Each digest's status and internal id (the id only where a passing message holds it). */
const SPLIT_IDS = [
  `CREATE OR REPLACE TEMP TABLE s_numid AS
SELECT n.role, n.digest, coalesce(n.status, s.status) AS status, CASE WHEN n.ok THEN coalesce(n.internal_id, s.internal_id) END AS internal_id
FROM s_num n LEFT JOIN s_new s USING (k)`,
  `DROP TABLE s_num`,
  `DROP TABLE s_new`,
];

/**
 * The internal ids of the missed numbers the parser handed over (valid, of a passing message): the
 * vault resolves them, registering those it does not hold yet. Null for every other miss.
 */
async function resolveMisses(vault: Vault, misses: Misses, checked: PackedNumbers): Promise<(bigint | null)[]> {
  const out = new Array<bigint | null>(checked.code.length).fill(null);
  const wanted = new Map<Role, { at: number[]; entries: { number: string; kind: string }[] }>(ROLES.map((r) => [r, { at: [], entries: [] }]));
  unpackNumbers(checked).forEach((a, i) => {
    if (a.status === 'valid' && misses.ok[i] === 1 && a.number !== null) {
      const w = wanted.get(a.role)!;
      w.at.push(i);
      w.entries.push({ number: a.number, kind: a.kind });
    }
  });
  for (const [role, { at, entries }] of wanted) {
    if (entries.length === 0) continue;
    const ids = await vault.resolve(role, entries);
    ids.forEach((id, j) => (out[at[j]!] = id));
  }
  return out;
}

/**
 * What the parser process says of a number (NumberPacker): masked, invalid (checksum, format) or valid
 * with its kind (fnr, dnumber, …, hpr).
 */
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
