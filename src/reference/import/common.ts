import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Vault } from '../../identity/index.js';
import { BulkLoader, transaction, type DuckDBConnection } from '../../shared/duckdb.js';
import { readLines } from '../../shared/lines.js';
import { LmrError, isError, issue, type Issue } from '../../shared/outcome.js';
import type { Progress } from '../../shared/progress.js';

export interface ImportReport {
  source: 'fest' | 'population' | 'prescribers' | 'pharmacies' | 'codelists';
  file: string;
  rows: number;
  warnings: Issue[];
  seconds: number;
  details?: Record<string, number>;
}

export interface ImportContext {
  progress: Progress;
}

/** At most this many issues are reported for one file; the count says how many there were. */
export const MAX_REPORTED_ISSUES = 50;

/** Throws when the issues hold errors: nothing has been written to the live tables yet. */
export function failOnErrors(issues: Issue[], file: string): void {
  const errors = issues.filter(isError);
  if (errors.length === 0) return;
  const shown = errors.slice(0, MAX_REPORTED_ISSUES);
  if (errors.length > shown.length) {
    shown.push({
      severity: 'error',
      code: 'invalid',
      message: `…and ${errors.length - shown.length} more errors; the import was not applied`,
      location: { file },
    });
  }
  throw new LmrError({ issues: shown });
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function logImport(conn: DuckDBConnection, r: ImportReport, sha: string, started: Date): Promise<void> {
  await conn.run(`INSERT INTO import_log VALUES (?, ?, ?, ?, ?, ?::TIMESTAMP, current_timestamp::TIMESTAMP)`, [
    r.source,
    r.file,
    sha,
    r.rows,
    r.warnings.length,
    started.toISOString(),
  ]);
}

/** Checks one parsed NDJSON record; reports every problem with its field path. */
export type RecordValidator<T> = (raw: unknown, file: string, line: number) => { record?: T; issues: Issue[] };

/** After this many issues a file stops being read: enough to fix, and the import will not apply anyway. */
const MAX_COLLECTED_ISSUES = 1000;

/**
 * Streams an NDJSON source file and yields each valid record with its line number. Every problem goes
 * to `issues`; once a file has an error, records stop being yielded (the import will not apply) but
 * reading goes on so that all errors are reported at once.
 */
export async function* ndjsonRecords<T>(file: string, validate: RecordValidator<T>, jsonRule: string, issues: Issue[]): AsyncGenerator<{ line: number; record: T }> {
  for await (const { line, lineNo } of readLines(file)) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      issues.push(issue('structure', 'not valid JSON', { rule: jsonRule, location: { file, line: lineNo } }));
      continue;
    }
    const v = validate(raw, file, lineNo);
    issues.push(...v.issues);
    if (issues.length > MAX_COLLECTED_ISSUES) return;
    if (v.record && !issues.some(isError)) yield { line: lineNo, record: v.record };
  }
}

/** Reports lines of a staging table that share a key (the same person, prescriber, licence…). */
export async function reportDuplicateLines(
  conn: DuckDBConnection,
  stage: { table: string; key: string },
  file: string,
  issues: Issue[],
  what: { path: string; rule: string; message: string },
): Promise<void> {
  const dup = await conn.runAndReadAll(`SELECT list(line ORDER BY line) FROM ${stage.table} GROUP BY ${stage.key} HAVING count(*) > 1 LIMIT 20`);
  for (const [lines] of dup.getRowsJS() as [bigint[]][]) {
    const [first, ...rest] = lines.map(Number);
    issues.push(issue('conflict', `${what.message} also appears on line ${rest.join(', ')}`, { path: what.path, rule: what.rule, location: { file, line: first! } }));
  }
}

/**
 * Applies a staged source: fails (changing nothing) if the file had errors, else runs `apply` and logs
 * the import in one transaction.
 */
export async function applyStaged(
  conn: DuckDBConnection,
  report: Omit<ImportReport, 'seconds'>,
  started: Date,
  apply: () => Promise<void>,
): Promise<ImportReport> {
  failOnErrors(report.warnings, report.file);
  const sha = await sha256File(report.file);
  const done: ImportReport = { ...report, seconds: 0 };
  await transaction(conn, async () => {
    await apply();
    await logImport(conn, done, sha, started);
  });
  done.seconds = (Date.now() - started.getTime()) / 1000;
  return done;
}

/** A merge of two internal ids reported by the vault: `from` now means `to`. */
export interface Merge {
  from: bigint;
  to: bigint;
}

/**
 * Collects the vault's merges during one import and resolves chains (X→Y then Y→Z gives X→Z), so the
 * reference store can be re-keyed in one statement.
 */
export class MergeLog {
  private readonly to = new Map<bigint, bigint>();
  add(merges: readonly Merge[]): void {
    for (const m of merges) {
      for (const [from, target] of this.to) if (target === m.from) this.to.set(from, m.to);
      this.to.set(m.from, m.to);
    }
  }
  get size(): number {
    return this.to.size;
  }
  /** Writes the merges into a staging table `(from_id BIGINT, to_id BIGINT)`. */
  async stage(conn: DuckDBConnection, table: string): Promise<void> {
    await conn.run(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (from_id BIGINT, to_id BIGINT)`);
    const loader = await BulkLoader.create(conn, table);
    try {
      for (const [from, to] of this.to) loader.append([from, to]);
    } finally {
      loader.close();
    }
  }
}

/**
 * Runs an import's vault work in one vault transaction: committed only when `work` finishes without
 * errors in the file, so a rejected file leaves the vault as it was.
 */
export async function withVaultTransaction<T>(vault: Vault, work: (commit: () => Promise<void>) => Promise<T>): Promise<T> {
  await vault.begin();
  let open = true;
  const commit = async (): Promise<void> => {
    await vault.commit();
    open = false;
  };
  try {
    const result = await work(commit);
    if (open) await commit();
    return result;
  } finally {
    if (open) await vault.rollback();
  }
}

export async function dropStages(conn: DuckDBConnection, names: readonly string[]): Promise<void> {
  for (const n of names) await conn.run(`DROP TABLE IF EXISTS ${n}`);
}

export { isIsoDate } from '../../shared/dates.js';
