import { mkdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { LmrError, issue } from './outcome.js';
import { DuckDBInstance, LIST, VARCHAR, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';

const VARCHAR_LIST = LIST(VARCHAR);

export type { DuckDBConnection, DuckDBValue };

/** An open DuckDB file and one connection to it. Start-up (`openStore`) mirrors shutdown (`close`). */
export interface Store {
  readonly path: string;
  readonly instance: DuckDBInstance;
  readonly conn: DuckDBConnection;
  close(): void;
}

export interface OpenOptions {
  memoryLimit?: string;
  threads?: number;
  /** Where DuckDB may spill; default: beside the store file; '' never spills (a query over the limit fails). */
  tempDirectory?: string;
}

export async function openStore(path: string, options: OpenOptions = {}): Promise<Store> {
  await mkdir(dirname(path), { recursive: true });
  const config: Record<string, string> = {};
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.threads) config.threads = String(options.threads);
  if (options.tempDirectory !== undefined) config.temp_directory = options.tempDirectory;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, config);
  } catch (err) {
    throw inUse(err, path);
  }
  const conn = await instance.connect();
  let closed = false;
  return {
    path,
    instance,
    conn,
    close() {
      if (closed) return;
      closed = true;
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Attaches a store file to an open instance (the register's) under `catalog`, creating its folder. One
 * instance per process holds all register stores, so one transaction can span them and no file is ever
 * opened twice. A lock held by another process becomes `unavailable` (see `inUse`).
 */
export async function attachStore(store: Store, path: string, catalog: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await store.conn.run(`ATTACH IF NOT EXISTS '${path.replaceAll("'", "''")}' AS ${catalog}`);
  } catch (err) {
    throw inUse(err, path);
  }
}

/**
 * DuckDB allows one writing process per file: a lock failure (opening or attaching `path`) becomes a
 * plain `unavailable` error instead of an internal one; anything else is returned as it was.
 */
export function inUse(err: unknown, path: string): unknown {
  if (err instanceof Error && /Could not set lock|Conflicting lock/i.test(err.message)) {
    return new LmrError(issue('unavailable', `${basename(path)} is in use by another lmr process (such as lmr serve); stop it, or use the HTTP API or the drop directory`));
  }
  return err;
}

/** Runs a query with bound parameters and returns plain JSON-compatible row objects. */
export async function query<T = Record<string, unknown>>(
  conn: DuckDBConnection,
  sql: string,
  params: DuckDBValue[] | Record<string, DuckDBValue> = [],
): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJson() as unknown as T[];
}

export async function queryOne<T = Record<string, unknown>>(
  conn: DuckDBConnection,
  sql: string,
  params: DuckDBValue[] | Record<string, DuckDBValue> = [],
): Promise<T | undefined> {
  const rows = await query<T>(conn, sql, params);
  return rows[0];
}

/** A string as an SQL literal (for generated SQL; values from outside go in as bound parameters). */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * The statements of a script, split on `;` at line ends (generated scripts never put one inside a
 * literal there), each with the named parameters it uses: none at all when it uses none.
 */
export function scriptStatements(sql: string, params: Record<string, DuckDBValue> = {}): { sql: string; params?: Record<string, DuckDBValue> }[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0)
    .map((statement) => {
      const used = Object.entries(params).filter(([k]) => statement.includes(`$${k}`));
      return used.length > 0 ? { sql: statement, params: Object.fromEntries(used) } : { sql: statement };
    });
}

/** Runs `fn` in one transaction: all of it commits, or none of it does. */
export async function transaction<T>(conn: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    await conn.run('COMMIT');
    return result;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}

export type Cell = string | number | bigint | boolean | null | undefined | Uint8Array | readonly string[];

/**
 * A bulk loader into a staging table: rows are appended with DuckDB's appender (fast, bounded memory),
 * typed by the JavaScript value. Stage columns are VARCHAR/DOUBLE/BIGINT; SQL casts afterwards.
 */
export class BulkLoader {
  private rows = 0;
  private constructor(private readonly app: Awaited<ReturnType<DuckDBConnection['createAppender']>>) {}

  static async create(conn: DuckDBConnection, table: string): Promise<BulkLoader> {
    return new BulkLoader(await conn.createAppender(table));
  }

  append(cells: readonly Cell[]): void {
    const app = this.app;
    for (const c of cells) {
      if (c === null || c === undefined) app.appendNull();
      else if (typeof c === 'string') app.appendVarchar(c);
      else if (typeof c === 'number') app.appendDouble(c);
      else if (typeof c === 'bigint') app.appendBigInt(c);
      else if (typeof c === 'boolean') app.appendBoolean(c);
      else if (c instanceof Uint8Array) app.appendBlob(c);
      else app.appendList(c, VARCHAR_LIST);
    }
    app.endRow();
    if (++this.rows % 100_000 === 0) app.flushSync();
  }

  get count(): number {
    return this.rows;
  }

  close(): void {
    this.app.flushSync();
    this.app.closeSync();
  }
}

/**
 * Loads rows into a temporary table, runs `fn` (typically a join against it), and drops the table:
 * the set-based way to ask about many values at once.
 */
export async function withTempTable<T>(
  conn: DuckDBConnection,
  table: { name: string; columns: string },
  rows: Iterable<readonly Cell[]>,
  fn: () => Promise<T>,
): Promise<T> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${table.name} (${table.columns})`);
  try {
    const loader = await BulkLoader.create(conn, table.name);
    try {
      for (const r of rows) loader.append(r);
    } finally {
      loader.close();
    }
    return await fn();
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${table.name}`);
  }
}
