import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DataLayout } from '../shared/config.js';
import { attachStore, openStore, transaction, type Store } from '../shared/duckdb.js';
import { openStatisticsStores } from '../statistics/register.js';

/** The extracts store's catalog name (data/extracts/extracts.duckdb, so also its name when opened alone). */
export const EXTRACTS_CATALOG = 'extracts';

/**
 * The extracts store: the project register (every version of every approved application), the key
 * version each project's pseudonyms are derived under, imported linkage keys, and the disclosure log.
 * Internal ids only: identity numbers never reach this file (tests scan it).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS extracts.project (
  project_id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  registered_at TIMESTAMP NOT NULL,
  title VARCHAR NOT NULL,
  approval_reference VARCHAR NOT NULL,
  expires DATE NOT NULL,
  application JSON NOT NULL,
  PRIMARY KEY (project_id, version)
);
-- The master-key version a project's pseudonyms are derived under, fixed at its first delivery:
-- a key rotation must not change the numbers a project already holds.
CREATE TABLE IF NOT EXISTS extracts.project_key (
  project_id VARCHAR PRIMARY KEY,
  key_version INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL
);
-- Project person numbers given by a coordinating register (distributed linkage, receiving side).
-- person_id is null for a number whose identity number is unknown to the register.
CREATE TABLE IF NOT EXISTS extracts.linkage_key (
  project_id VARCHAR NOT NULL,
  import_id VARCHAR NOT NULL,
  project_number VARCHAR NOT NULL,
  person_id BIGINT,
  imported_at TIMESTAMP NOT NULL
);
-- The disclosure log: every delivery (extract, key file, sample) and the persons it was about.
CREATE TABLE IF NOT EXISTS extracts.disclosure (
  delivery_id VARCHAR PRIMARY KEY,
  project_id VARCHAR NOT NULL,
  project_version INTEGER NOT NULL,
  approval_reference VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,              -- extract | key-file | sample
  delivered_at TIMESTAMP NOT NULL,
  data_state VARCHAR NOT NULL,        -- preliminary | final:<release>
  data_as_of TIMESTAMP,
  persons BIGINT NOT NULL,
  prescribers BIGINT NOT NULL,
  rows BIGINT NOT NULL,
  recipient VARCHAR,                  -- fingerprint of the key the files were encrypted to
  manifest_sha256 VARCHAR,
  detail JSON NOT NULL
);
-- Identity merges from the vault already applied here (as in the dispensing store).
CREATE TABLE IF NOT EXISTS extracts.applied_merge (role VARCHAR NOT NULL, from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, applied_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS extracts.disclosure_person (
  delivery_id VARCHAR NOT NULL,
  role VARCHAR NOT NULL,              -- patient | prescriber
  internal_id BIGINT NOT NULL
);
`;

async function createSchema(store: Store): Promise<void> {
  await store.conn.run(SCHEMA);
}

/** Opens the extracts store on its own (project registration, the disclosure log). */
export async function openExtractsStore(path: string): Promise<Store> {
  await mkdir(dirname(path), { recursive: true });
  const store = await openStore(path, { memoryLimit: process.env.LMR_EXTRACTS_MEMORY ?? '512MB' });
  try {
    await createSchema(store);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}

/** Attaches the extracts store to the register's instance and creates its tables. */
export async function attachExtractsStore(store: Store, path: string): Promise<void> {
  await attachStore(store, path, EXTRACTS_CATALOG);
  await createSchema(store);
}

/**
 * The stores an extract reads and writes, in one DuckDB instance: reference (main; code lists,
 * person and prescriber attributes), dispensing (read), statistics (the final releases' cut-offs),
 * extracts (projects, linkage keys, the disclosure log).
 */
export async function openExtractStores(layout: DataLayout): Promise<Store> {
  const store = await openStatisticsStores(layout);
  try {
    await attachExtractsStore(store, layout.extractsDb);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}

/**
 * Re-keys the extracts store after the vault merged two ids (a D-number and the national identity
 * number it became): linkage keys and the disclosure log follow the person to the id kept, so a
 * linkage project keeps its rows and the citizen service finds every delivery. Each merge once, in order.
 */
export async function applyExtractMerges(store: Store, merges: readonly { role: string; from: bigint; to: bigint }[]): Promise<number> {
  const conn = store.conn;
  const done = Number((await conn.runAndReadAll(`SELECT count(*) FROM extracts.applied_merge`)).getRowsJS()[0]![0]);
  const pending = merges.slice(done);
  if (pending.length === 0) return 0;
  await transaction(conn, async () => {
    for (const m of pending) {
      if (m.role === 'patient') await conn.run(`UPDATE extracts.linkage_key SET person_id = $to WHERE person_id = $from`, { to: m.to, from: m.from });
      await conn.run(`UPDATE extracts.disclosure_person SET internal_id = $to WHERE role = $role AND internal_id = $from`, { to: m.to, from: m.from, role: m.role });
      await conn.run(`INSERT INTO extracts.applied_merge VALUES ($role, $from, $to, now()::TIMESTAMP)`, { role: m.role, from: m.from, to: m.to });
    }
  });
  return pending.length;
}
