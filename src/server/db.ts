import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/** One DuckDB connection per request, so requests run in parallel and never share a transaction. */
export async function withConnection<T>(instance: DuckDBInstance, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await instance.connect();
  try {
    return await fn(conn);
  } finally {
    conn.closeSync();
  }
}
