import { attachDispensingStore } from '../dispensing/store.js';
import { openReferenceStore } from '../reference/store.js';
import type { DataLayout } from '../shared/config.js';
import type { Store } from '../shared/duckdb.js';
import { attachStatisticsStore } from './store.js';

/**
 * The stores the statistics bank reads and writes, in one DuckDB instance: reference (population,
 * code lists), dispensing (read), statistics (written). The vault is not opened: statistics never
 * need an identity. A running server holds these files; it builds the statistics itself.
 */
export async function openStatisticsStores(layout: DataLayout): Promise<Store> {
  const store = await openReferenceStore(layout.referenceDb, { memoryLimit: process.env.LMR_MEMORY ?? '2.5GB' });
  try {
    await attachDispensingStore(store, layout.dispensingDb);
    await attachStatisticsStore(store, layout.statisticsDb);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}
