import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DuckDBConnection } from '../../shared/duckdb.js';
import { LmrError, isError, type Issue } from '../../shared/outcome.js';
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

export async function dropStages(conn: DuckDBConnection, names: readonly string[]): Promise<void> {
  for (const n of names) await conn.run(`DROP TABLE IF EXISTS ${n}`);
}

const DATE_RE = /^(\d{4})-(\d\d)-(\d\d)$/;

/** True for a real calendar date in ISO form. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}
