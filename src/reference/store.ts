import { openStore, type OpenOptions, type Store } from '../shared/duckdb.js';

/**
 * The reference data store (`reference/reference.duckdb`): FEST, code lists, the population register's
 * attributes, HPR attributes and GP lists, pharmacies. Persons and prescribers appear here only by
 * internal id; identity numbers live in the vault.
 */
export const REFERENCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS import_log (
  source VARCHAR NOT NULL, file VARCHAR NOT NULL, sha256 VARCHAR, rows BIGINT, warnings INTEGER,
  started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS codelist (
  oid VARCHAR PRIMARY KEY, name VARCHAR, title VARCHAR, version VARCHAR, imported_at TIMESTAMP NOT NULL
);
-- One row per code and validity period; re-imports add periods and close codes that disappear.
CREATE TABLE IF NOT EXISTS code (
  oid VARCHAR NOT NULL, code VARCHAR NOT NULL, display VARCHAR, effective_from DATE, effective_to DATE,
  parent VARCHAR, level INTEGER, county VARCHAR, replaced_by VARCHAR, name_en VARCHAR,
  first_seen TIMESTAMP NOT NULL, last_seen TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS product (
  varenr VARCHAR PRIMARY KEY, fest_id VARCHAR, name VARCHAR, atc VARCHAR, atc_name VARCHAR, reseptgruppe VARCHAR,
  form_code VARCHAR, form_name VARCHAR, pakningsstr VARCHAR, pack_unit VARCHAR, antall DOUBLE, mengde DOUBLE,
  pack_size DOUBLE, ddd_value DOUBLE, ddd_unit VARCHAR, statistikkfaktor DOUBLE,
  strength_value DOUBLE, strength_unit VARCHAR, strength_denominator_value DOUBLE, strength_denominator_unit VARCHAR,
  ddd_per_pack DOUBLE, status VARCHAR, fest_timestamp VARCHAR, updated_at TIMESTAMP NOT NULL
);
-- Every distinct version of a product's attributes, as seen over successive FEST imports.
CREATE TABLE IF NOT EXISTS product_history (
  varenr VARCHAR NOT NULL, name VARCHAR, atc VARCHAR, reseptgruppe VARCHAR, pack_size DOUBLE, pack_unit VARCHAR,
  ddd_value DOUBLE, ddd_unit VARCHAR, ddd_per_pack DOUBLE, status VARCHAR, fest_timestamp VARCHAR,
  recorded_from TIMESTAMP NOT NULL, recorded_to TIMESTAMP
);
-- Price periods (PrisVare); history accumulates across imports.
CREATE TABLE IF NOT EXISTS price (
  varenr VARCHAR NOT NULL, price_type VARCHAR NOT NULL, amount DOUBLE NOT NULL, currency VARCHAR, valid_from DATE
);
CREATE TABLE IF NOT EXISTS substance (fest_id VARCHAR PRIMARY KEY, name VARCHAR, name_en VARCHAR, atc VARCHAR);
CREATE TABLE IF NOT EXISTS dose_unit (
  fest_id VARCHAR, atc VARCHAR, name VARCHAR, lmr_lopenr VARCHAR, amount DOUBLE, unit VARCHAR, pack_ref VARCHAR, merkevare_ref VARCHAR
);
CREATE TABLE IF NOT EXISTS person (
  person_id BIGINT PRIMARY KEY, birth_date DATE NOT NULL, sex VARCHAR NOT NULL, death_date DATE, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS residence (person_id BIGINT NOT NULL, municipality VARCHAR NOT NULL, valid_from DATE NOT NULL, valid_to DATE);
CREATE TABLE IF NOT EXISTS prescriber (
  prescriber_id BIGINT PRIMARY KEY, birth_year INTEGER, sex VARCHAR, profession VARCHAR, specialties VARCHAR[],
  authorised_from DATE, workplace_orgnr VARCHAR, workplace_name VARCHAR, workplace_municipality VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS gp_list (prescriber_id BIGINT NOT NULL, person_id BIGINT NOT NULL, valid_from DATE, valid_to DATE);
CREATE TABLE IF NOT EXISTS pharmacy (
  konsesjonsnr VARCHAR PRIMARY KEY, orgnr VARCHAR, name VARCHAR, chain VARCHAR, municipality VARCHAR, opened DATE, closed DATE,
  updated_at TIMESTAMP NOT NULL
);
-- Unit conversions used for DDD per pack (rules as data).
CREATE TABLE IF NOT EXISTS unit_factor (unit VARCHAR PRIMARY KEY, dimension VARCHAR NOT NULL, factor DOUBLE NOT NULL);
INSERT OR IGNORE INTO unit_factor VALUES
  ('g','mass',1000), ('mg','mass',1), ('mcg','mass',0.001), ('µg','mass',0.001), ('mikrog','mass',0.001), ('ug','mass',0.001),
  ('ng','mass',0.000001), ('kg','mass',1000000),
  ('U','unit',1), ('E','unit',1), ('IE','unit',1), ('IU','unit',1), ('TU','unit',1000), ('MU','unit',1000000), ('MIE','unit',1000000),
  ('mmol','amount',1), ('mol','amount',1000),
  ('ml','volume',1), ('l','volume',1000), ('L','volume',1000);
`;

/** DuckDB's options for the store (see `openStore`); the memory limit defaults to LMR_REFERENCE_MEMORY, else 1GB. */
export async function openReferenceStore(path: string, options: OpenOptions = {}): Promise<Store> {
  const store = await openStore(path, { ...options, memoryLimit: options.memoryLimit ?? process.env.LMR_REFERENCE_MEMORY ?? '1GB' });
  try {
    await store.conn.run(REFERENCE_SCHEMA);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}
