import { attachStore, type Store } from '../shared/duckdb.js';
import { CELL_TABLE } from './cube.js';

/** The statistics store's catalog name, attached to the register's DuckDB instance. */
export const STATISTICS_CATALOG = 'statistics';

/**
 * The statistics store (data/statistics/statistics.duckdb): the cube of published cells per release,
 * the population denominators, and the releases. Aggregates only: no internal id, no identity number.
 */
const SCHEMA = `
USE ${STATISTICS_CATALOG};
${CELL_TABLE};
CREATE TABLE IF NOT EXISTS population (
  release VARCHAR NOT NULL, year INTEGER NOT NULL, sex VARCHAR NOT NULL, age VARCHAR NOT NULL, county VARCHAR NOT NULL,
  persons BIGINT NOT NULL   -- residents on 1 January of the year
);
CREATE TABLE IF NOT EXISTS release (
  name VARCHAR PRIMARY KEY,
  final BOOLEAN NOT NULL,             -- a final release never changes; 'preliminary' is rebuilt as data arrive
  created_at TIMESTAMP NOT NULL,
  modified_at TIMESTAMP NOT NULL,
  watermark TIMESTAMP,                -- the last received_at of the dispensing store this release has seen
  years INTEGER[] NOT NULL
);
`;

/** Attaches the statistics store to an open instance (the register's) and creates its tables. */
export async function attachStatisticsStore(store: Store, path: string): Promise<void> {
  await attachStore(store, path, STATISTICS_CATALOG);
  const conn = await store.instance.connect();
  try {
    await conn.run(SCHEMA);
  } finally {
    conn.closeSync();
  }
}
