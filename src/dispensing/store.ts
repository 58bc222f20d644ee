import { attachStore, type Store } from '../shared/duckdb.js';
import { DISPENSING_CATALOG, DISPENSING_SCHEMA } from './schema.js';

/**
 * Attaches the dispensing store file to an open DuckDB instance (the register's), under the catalog
 * `dispensing`, and creates its tables. One instance per process holds all register stores, so one
 * transaction can span them and no file is ever opened twice.
 */
export async function attachDispensingStore(store: Store, path: string): Promise<void> {
  await attachStore(store, path, DISPENSING_CATALOG);
  await store.conn.run(DISPENSING_SCHEMA);
}
