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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;

/** True for a real calendar date in ISO form (YYYY-MM-DD). Hot in imports, so plain arithmetic. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== 10 || value[4] !== '-' || value[7] !== '-') return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const d = digit(value, i);
    if (d < 0 || d > 9) return false;
  }
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}
