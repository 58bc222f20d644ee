/**
 * The dispensing store: identity-free dispensings, keyed by internal ids only. It lives in its own
 * DuckDB file (data/dispensing/dispensing.duckdb), attached to the register's DuckDB instance under
 * the catalog name `dispensing`. No column here ever holds an identity number (tests scan it).
 *
 * Every version of every dispensing is kept (history). `current` marks the latest version of each
 * (pharmacy, ref); a cancellation is a version with `cancelled`. Current data is the view
 * `current_dispensing`: current and not cancelled.
 */
export const DISPENSING_CATALOG = 'dispensing';

/**
 * The hash of a dispensing's key (pharmacy, ref), stored with every version: finding what the store
 * holds for a chunk's keys scans this one 8-byte column instead of two strings (then checks the
 * strings of the few rows found, so a collision cannot mismatch). md5 is stable across DuckDB versions.
 */
export const KEY_HASH = (pharmacy: string, ref: string): string => `md5_number_lower(${pharmacy} || '|' || ${ref})`;

/** The type of a receipt's list of issues. */
const ISSUES = 'STRUCT(severity VARCHAR, rule VARCHAR, path VARCHAR, message VARCHAR)[]';

/**
 * A logged message's receipt as JSON (NULL for a message that was stopped), from the row `m` of
 * intake_message or of the chunk's receipts: its parts, with the dispensings in their order; or, for
 * rows logged before the parts were kept, the JSON as written then.
 */
export const RECEIPT_JSON = (m: string): string => `CASE WHEN ${m}.receipt_dispensings IS NOT NULL THEN to_json({
  'messageId': ${m}.message_id, 'status': ${m}.outcome, 'issues': ${m}.receipt_issues,
  'dispensings': list_transform(list_sort(${m}.receipt_dispensings), d -> {'ref': d.ref, 'status': d.status, 'issues': d.issues})}) ELSE ${m}.receipt END`;

export const DISPENSING_SCHEMA = `
CREATE TABLE IF NOT EXISTS dispensing.dispensing (
  pharmacy VARCHAR NOT NULL,            -- konsesjonsnummer
  ref VARCHAR NOT NULL,                 -- the pharmacy's own dispensing id
  version INTEGER NOT NULL,
  current BOOLEAN NOT NULL,
  cancelled BOOLEAN NOT NULL,
  content_hash UBIGINT NOT NULL,        -- over the identity-free content, for idempotency
  content_hash_scheme UTINYINT,         -- how content_hash was computed (intake/pipeline/stage.ts); NULL: scheme 1
  message_id VARCHAR NOT NULL,
  received_at TIMESTAMP NOT NULL,
  kind VARCHAR NOT NULL,                -- prescription | requisition | service
  dispensed_on DATE NOT NULL,
  -- patient (internal id; null when masked) and the patient's attributes on the dispensing date
  patient_id BIGINT,
  patient_birth_date DATE,
  patient_age INTEGER,                  -- whole years on the dispensing date
  patient_sex VARCHAR,                  -- Volven 3101
  patient_municipality VARCHAR,         -- residence on the dispensing date (population register, else the message)
  patient_in_population BOOLEAN NOT NULL,
  animal BOOLEAN NOT NULL,
  species VARCHAR,                      -- 99775
  -- prescriber (internal id; null when masked or absent)
  prescriber_id BIGINT,
  prescriber_profession VARCHAR,        -- 9060
  prescriber_specialties VARCHAR[],
  prescriber_is_gp BOOLEAN,             -- the prescriber was the patient's GP on the dispensing date
  -- product, from FEST at load
  varenr VARCHAR NOT NULL,
  atc VARCHAR,
  product_name VARCHAR,
  reseptgruppe VARCHAR,
  pack_size DOUBLE,
  pack_unit VARCHAR,
  ddd_per_pack DOUBLE,
  packs DOUBLE NOT NULL,
  ddd DOUBLE,                           -- packs × DDD per pack
  aup DOUBLE,
  prescription_type VARCHAR,
  substituted BOOLEAN,
  reservation VARCHAR,                  -- 99792
  reimbursement_scheme VARCHAR,
  legal_basis VARCHAR,                  -- 7427
  icd10 VARCHAR,                        -- 7110
  icpc2 VARCHAR,                        -- 7170
  service_type VARCHAR,                 -- 99794
  warnings VARCHAR[],                   -- ids of warning rules raised at intake
  key_hash UBIGINT                      -- KEY_HASH(pharmacy, ref): the narrow column the intake's key look-up scans
);
ALTER TABLE dispensing.dispensing ADD COLUMN IF NOT EXISTS key_hash UBIGINT;
-- Rows stored before the column came were hashed in scheme 1: NULL.
ALTER TABLE dispensing.dispensing ADD COLUMN IF NOT EXISTS content_hash_scheme UTINYINT;
UPDATE dispensing.dispensing SET key_hash = md5_number_lower(pharmacy || '|' || ref) WHERE key_hash IS NULL;

-- One row per message processed (the last processing of each messageId), with its receipt.
CREATE TABLE IF NOT EXISTS dispensing.intake_message (
  message_id VARCHAR NOT NULL,
  pharmacy VARCHAR,
  channel VARCHAR NOT NULL,             -- api | fhir | file
  status VARCHAR NOT NULL,              -- done | aborted | stopped
  outcome VARCHAR,                      -- accepted | partially-accepted | rejected
  attempts INTEGER NOT NULL,
  received_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP,
  dispensings INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  duplicates INTEGER NOT NULL,
  corrected INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  receipt JSON                          -- as written before receipts were kept as their parts (below)
);
-- The receipt as its parts, turned into JSON only when it is read (RECEIPT_JSON): the message's
-- issues, and one entry per dispensing with its position \`i\` (the list is kept in any order).
ALTER TABLE dispensing.intake_message ADD COLUMN IF NOT EXISTS receipt_issues ${ISSUES};
ALTER TABLE dispensing.intake_message ADD COLUMN IF NOT EXISTS receipt_dispensings STRUCT(i INTEGER, ref VARCHAR, status VARCHAR, issues ${ISSUES})[];

-- Events for the alerts: a message stopped after its last retry, a file that failed, ...
CREATE TABLE IF NOT EXISTS dispensing.intake_event (
  "at" TIMESTAMP NOT NULL,
  kind VARCHAR NOT NULL,
  message_id VARCHAR,
  pharmacy VARCHAR,
  detail VARCHAR
);

-- Identity merges from the vault already applied here (D-number → fnr and the like).
CREATE TABLE IF NOT EXISTS dispensing.applied_merge (role VARCHAR NOT NULL, from_id BIGINT NOT NULL, to_id BIGINT NOT NULL, applied_at TIMESTAMP NOT NULL);

-- Unqualified inside the view, so it binds in this file's own catalog however the file is opened.
CREATE OR REPLACE VIEW dispensing.current_dispensing AS
  SELECT * EXCLUDE (current) FROM dispensing WHERE current AND NOT cancelled;
`;
