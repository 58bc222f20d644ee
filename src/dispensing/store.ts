import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Store } from '../shared/duckdb.js';
import { LmrError, issue } from '../shared/outcome.js';
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
    if (/Could not set lock|Conflicting lock/i.test((err as Error).message)) {
      throw new LmrError(issue('unavailable', 'dispensing.duckdb is in use by another lmr process (such as lmr serve); stop it, or use the HTTP API or the drop directory'));
    }
    throw err;
  }
  await store.conn.run(DISPENSING_SCHEMA);
}
