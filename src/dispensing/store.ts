import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { inUse, type Store } from '../shared/duckdb.js';
import { DISPENSING_CATALOG, DISPENSING_SCHEMA } from './schema.js';

/**
 * Attaches the dispensing store file to an open DuckDB instance (the register's), under the catalog
 * `dispensing`, and creates its tables. One instance per process holds all register stores, so one
 * transaction can span them and no file is ever opened twice.
 */
export async function attachDispensingStore(store: Store, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await store.conn.run(`ATTACH IF NOT EXISTS '${path.replaceAll("'", "''")}' AS ${DISPENSING_CATALOG}`);
  } catch (err) {
    throw inUse(err, path);
  }
  await store.conn.run(DISPENSING_SCHEMA);
}
