import type { DuckDBConnection } from '@duckdb/node-api';
import { scriptStatements } from '../../shared/duckdb.js';
import { PROFILE } from './profile.js';

/** Named parameters of a chunk's statements. */
export type Bind = Record<string, string | null>;

/**
 * Runs a script of statements with named parameters: each statement gets the ones it uses. Used on
 * the intake's connections and in the parser process alike.
 */
export async function script(conn: DuckDBConnection, sql: string, params: Bind = {}): Promise<void> {
  for (const { sql: statement, params: used } of scriptStatements(sql, params)) {
    const t = PROFILE ? performance.now() : 0;
    // LMR_INTAKE_EXPLAIN=<text>: the query plan, with timings, of each statement containing <text> (to stderr).
    const explain = process.env.LMR_INTAKE_EXPLAIN;
    if (explain && statement.includes(explain)) {
      const r = await conn.runAndReadAll('EXPLAIN ANALYZE ' + statement, used);
      process.stderr.write(`${(r.getRowsJS()[0]?.[1] as string | undefined) ?? ''}\n`);
    } else await conn.run(statement, used);
    if (PROFILE) {
      const label = statement.slice(0, 70).replace(/\s+/g, ' ');
      PROFILE.set(label, (PROFILE.get(label) ?? 0) + performance.now() - t);
    }
  }
}

/** A failure whose kind is known and safe to tell: the parser process's, which sends back only its kind. */
export class KnownKindError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'KnownKindError';
  }
}

/**
 * What kind of failure stopped a chunk, safe to log, record and pass between processes: DuckDB's
 * error class ("Out of Memory Error") or the system's error code ("ENOSPC": a full disk), never the
 * message, which may quote a value from the chunk (an identity number) or a path.
 */
export function errorKind(err: unknown): string {
  if (err instanceof KnownKindError) return err.kind;
  if (!(err instanceof Error)) return 'unknown error';
  const m = /^([A-Za-z][A-Za-z ]{1,40} Error):/.exec(err.message);
  if (m) return m[1]!;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^E[A-Z0-9]{2,20}$/.test(code)) return `system error ${code}`;
  return err.name === 'Error' ? 'unknown error' : err.name;
}
