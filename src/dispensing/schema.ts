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
  'dispensings': list_transform(list_sort(list_concat(${m}.receipt_dispensings,
    list_transform(coalesce(${m}.receipt_accepted, []), a -> {'i': a.i, 'ref': a.ref, 'status': 'accepted', 'issues': []::${ISSUES}}))),
    d -> {'ref': d.ref, 'status': d.status, 'issues': d.issues})}) ELSE ${m}.receipt END`;

/*
 * Most columns of the dispensing table name their compression: the method DuckDB chose itself for each
 * in a 60 M-row store of simulated years (pragma_storage_info), where that choice does not depend on
 * the order or the channel the dispensings come in (a code list's codes, ids, rare flags). DuckDB then
 * compresses a commit's new row groups with that method instead of trying every method on every
 * column first: storing 358,000 rows took 10–15 % less CPU (1.21–1.32 s against 1.33–1.55 s, best of
 * seven, one thread), for a file of the same size. Where the best method depends on the delivery (the
 * dispensing date: runs only if it comes in date order; the message id: a dictionary only if messages
 * carry many dispensings) DuckDB still chooses per segment. The choice is kept in the catalog for every
 * later write; CREATE TABLE IF NOT EXISTS never changes a table, so a dispensing table created before
 * this (2026-12-01) keeps DuckDB's choice for all its writes, until it is rebuilt.
 */
export const DISPENSING_SCHEMA = `
CREATE TABLE IF NOT EXISTS dispensing.dispensing (
  pharmacy VARCHAR NOT NULL USING COMPRESSION dictionary, -- konsesjonsnummer
  ref VARCHAR NOT NULL USING COMPRESSION fsst, -- the pharmacy's own dispensing id
  version INTEGER NOT NULL USING COMPRESSION rle,
  current BOOLEAN NOT NULL USING COMPRESSION rle,
  cancelled BOOLEAN NOT NULL USING COMPRESSION rle,
  content_hash UBIGINT NOT NULL USING COMPRESSION uncompressed, -- over the identity-free content, for idempotency
  content_hash_scheme UTINYINT USING COMPRESSION rle, -- how content_hash was computed (intake/pipeline/stage.ts); NULL: scheme 1
  message_id VARCHAR NOT NULL,         -- DuckDB's choice: a dictionary or FSST, by dispensings per message
  received_at TIMESTAMP NOT NULL USING COMPRESSION rle,
  kind VARCHAR NOT NULL USING COMPRESSION dictionary, -- prescription | requisition | service
  dispensed_on DATE NOT NULL,           -- DuckDB's choice: RLE for a delivery in date order, else bit packing
  -- patient (internal id; null when masked) and the patient's attributes on the dispensing date
  patient_id BIGINT USING COMPRESSION uncompressed,
  patient_birth_date DATE USING COMPRESSION bitpacking,
  patient_age INTEGER USING COMPRESSION bitpacking, -- whole years on the dispensing date
  patient_sex VARCHAR USING COMPRESSION dictionary, -- Volven 3101
  patient_municipality VARCHAR USING COMPRESSION dictionary, -- residence on the dispensing date (population register, else the message)
  patient_in_population BOOLEAN NOT NULL USING COMPRESSION rle,
  animal BOOLEAN NOT NULL USING COMPRESSION rle,
  species VARCHAR USING COMPRESSION fsst, -- 99775
  -- prescriber (internal id; null when masked or absent)
  prescriber_id BIGINT USING COMPRESSION uncompressed,
  prescriber_profession VARCHAR USING COMPRESSION dictionary, -- 9060
  prescriber_specialties VARCHAR[],
  prescriber_is_gp BOOLEAN USING COMPRESSION bitpacking, -- the prescriber was the patient's GP on the dispensing date
  -- product, from FEST at load
  varenr VARCHAR NOT NULL USING COMPRESSION dictionary,
  atc VARCHAR USING COMPRESSION dictionary,
  product_name VARCHAR USING COMPRESSION dictionary,
  reseptgruppe VARCHAR USING COMPRESSION dictionary,
  pack_size DOUBLE USING COMPRESSION alp,
  pack_unit VARCHAR USING COMPRESSION dictionary,
  ddd_per_pack DOUBLE USING COMPRESSION alp,
  packs DOUBLE NOT NULL USING COMPRESSION alp,
  ddd DOUBLE USING COMPRESSION alp,     -- packs × DDD per pack
  aup DOUBLE USING COMPRESSION alp,
  prescription_type VARCHAR USING COMPRESSION dictionary,
  substituted BOOLEAN USING COMPRESSION bitpacking,
  reservation VARCHAR USING COMPRESSION dictionary, -- 99792
  reimbursement_scheme VARCHAR USING COMPRESSION dictionary,
  legal_basis VARCHAR USING COMPRESSION dictionary, -- 7427
  icd10 VARCHAR USING COMPRESSION fsst, -- 7110
  icpc2 VARCHAR USING COMPRESSION fsst, -- 7170
  service_type VARCHAR USING COMPRESSION fsst, -- 99794
  warnings VARCHAR[],                   -- ids of warning rules raised at intake
  key_hash UBIGINT USING COMPRESSION uncompressed -- KEY_HASH(pharmacy, ref): the narrow column the intake's key look-up scans
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
-- issues, and an entry per dispensing with its position \`i\` (the lists are kept in any order).
ALTER TABLE dispensing.intake_message ADD COLUMN IF NOT EXISTS receipt_issues ${ISSUES};
ALTER TABLE dispensing.intake_message ADD COLUMN IF NOT EXISTS receipt_dispensings STRUCT(i INTEGER, ref VARCHAR, status VARCHAR, issues ${ISSUES})[];
-- Since 2026-12-02 the entries above are the exceptions (any status but accepted, or with issues), and
-- the dispensings accepted without an issue (nearly all) are only their position and ref, here: storing
-- a chunk's receipts took a third of the CPU (0.05–0.14 s against 0.14–0.34 s for 313,601 dispensings).
-- NULL in rows logged before: their receipt_dispensings hold every entry.
ALTER TABLE dispensing.intake_message ADD COLUMN IF NOT EXISTS receipt_accepted STRUCT(i INTEGER, ref VARCHAR)[];

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
