import { RULES } from '../rules/catalogue.js';
import { FIELDS } from './fields.js';
import { sqlString } from '../../shared/duckdb.js';
import { CONTENT_HASH_SCHEME, LEGACY_CONTENT_HASH } from './stage.js';

/**
 * Idempotency, storage and receipts for one staged chunk (after stage.ts). All set-based; only keys
 * that arrive more than once in the same chunk are settled one by one (classify.ts), and those are rare.
 */


/** A staged dispensing: its typed fields (s_d) and what enrichment and the rules added (s_e). */
const STAGED = '(SELECT * FROM s_e JOIN s_d USING (seq, idx))';

/** Rule and field metadata as temp tables, for receipts built in SQL. */
export const META_TABLES = `
CREATE OR REPLACE TEMP TABLE s_rules AS SELECT * FROM (VALUES ${RULES.map((r) => `(${sqlString(r.id)}, ${sqlString(r.severity)}, ${sqlString(r.path)}, ${sqlString(r.description)})`).join(', ')}) t(id, severity, path, description);
CREATE OR REPLACE TEMP TABLE s_fields AS SELECT * FROM (VALUES ${FIELDS.map((f) => `(${sqlString(f.path)}, ${sqlString(f.type)})`).join(', ')}, ('', 'object')) t(path, type);
`;

/** The chunk's distinct keys that can settle against the store (a dispensing that breaks an error rule cannot). */
const CHUNK_KEYS = '(SELECT DISTINCT key_hash FROM s_e WHERE NOT has_error)';

/** The current rows of the chunk's keys (`columns` of the store's row `d`, held_rowid first) that meet `where`. */
const KEYED = (columns: readonly string[], where = 'true'): string => `SELECT d.rowid AS held_rowid, ${columns.map((c) => `d.${c}`).join(', ')}
FROM dispensing.dispensing d JOIN ${CHUNK_KEYS} k ON k.key_hash = d.key_hash
WHERE d.current AND ${where}`;

/**
 * The store's extent: every row committed so far has a lower rowid, and every row committed later a
 * higher one. The dispensing table only grows: rows are appended, and corrected ones flagged
 * (`current`, in place); nothing deletes them, so DuckDB never renumbers them (docs/architecture.md,
 * "The key look-up"). `$hint` is an extent read before (0 at first): only the rows at or above it are
 * read (DuckDB skips the row groups below by their rowid range; `max(rowid)` over the whole table
 * scanned 59 M rowids, 70–110 ms).
 */
export const STORE_EXTENT = 'SELECT coalesce(max(rowid) + 1, $hint::BIGINT)::BIGINT AS w FROM dispensing.dispensing WHERE rowid >= $hint::BIGINT';

/**
 * The key look-up, when the chunk is staged (off the single-writer path): the rows the store held
 * below the extent `$w` for the chunk's keys, current then. One join of the chunk's distinct key
 * hashes with the store's narrow `key_hash` column (an inner join: a third faster than `IN` at 60 M
 * rows). It scans the whole column, so it costs more as the store grows (0.65–2.2 s a chunk at 60 M
 * rows): staged, that cost is off the path every chunk and API request waits on.
 */
export const PRE_CLASSIFY = `
CREATE OR REPLACE TEMP TABLE s_pre AS ${KEYED(['key_hash'], 'd.rowid < $w::BIGINT')};
`;

/** The columns of a row held, as the settling reads them. */
const HELD = ['pharmacy', 'ref', 'version', 'content_hash', 'content_hash_scheme', 'current', 'key_hash'];

/**
 * In the chunk's turn, the rows found when it was staged, read again by rowid: a later chunk may have
 * corrected one since (then it is no longer current), and PRE_HELD_MOVED checks that each rowid still
 * names the key it had.
 */
export const PRE_HELD = `
CREATE OR REPLACE TEMP TABLE s_held AS
SELECT rowid AS held_rowid, ${HELD.join(', ')} FROM dispensing.dispensing WHERE rowid IN (SELECT held_rowid FROM s_pre);
`;

/**
 * Rows found when staged whose rowid no longer names the key it had, and whether the store's extent
 * shrank since (its last row then is gone): never, while nothing deletes dispensing rows; if it
 * happens, the whole look-up runs again in the chunk's turn (FULL_HELD).
 */
export const PRE_HELD_MOVED = `SELECT
  (SELECT count(*) FROM s_pre p LEFT JOIN s_held h USING (held_rowid) WHERE h.key_hash IS DISTINCT FROM p.key_hash) AS moved,
  $w::BIGINT > 0 AND NOT EXISTS (SELECT 1 FROM dispensing.dispensing WHERE rowid = $w::BIGINT - 1) AS shrunk`;

/**
 * Then the rows no longer current go, and the rows committed since the chunk was staged (at or above
 * the extent then) are looked up by key among those alone: DuckDB skips the row groups below by their
 * rowid range, so this costs what those few chunks' rows cost, however large the store.
 */
export const SINCE_STAGED = `
DELETE FROM s_held WHERE NOT current;
INSERT INTO s_held ${KEYED(HELD, 'd.rowid >= $w::BIGINT')};
`;

/** The whole look-up in the chunk's turn (PRE_CLASSIFY without an extent): the fallback when rows moved. */
export const FULL_HELD = `
CREATE OR REPLACE TEMP TABLE s_held AS ${KEYED(HELD)};
`;

/**
 * Settling, in the chunk's turn: each dispensing against the row the store holds for its key now
 * (s_held: PRE_HELD then SINCE_STAGED, or FULL_HELD).
 */
export const CLASSIFY = `
CREATE OR REPLACE TEMP TABLE s_k AS
SELECT e.seq, e.idx, e.pharmacy, e.ref, e.version_n::INTEGER AS version, coalesce(e.cancelled_b, false) AS cancelled,
  e.content_hash,
  -- The dispensing's hash in the scheme of the row held (scheme 1 for rows stored before scheme 2).
  CASE WHEN h.held_rowid IS NOT NULL AND h.content_hash_scheme IS NULL THEN ${LEGACY_CONTENT_HASH('e')} ELSE e.content_hash END AS held_scheme_hash,
  h.version AS held_version, h.content_hash AS held_hash, h.held_rowid,
  e.key_hash IN (SELECT key_hash FROM s_e WHERE NOT has_error GROUP BY key_hash HAVING count(*) > 1) AS repeated
FROM ${STAGED} e LEFT JOIN s_held h ON h.pharmacy = e.pharmacy AND h.ref = e.ref
WHERE NOT e.has_error;
DROP TABLE s_held; DROP TABLE IF EXISTS s_pre;
CREATE OR REPLACE TEMP TABLE s_k2 (seq BIGINT, idx INTEGER, status VARCHAR, rule VARCHAR, effective BOOLEAN, is_current BOOLEAN);
INSERT INTO s_k2
SELECT seq, idx,
  CASE WHEN held_version IS NULL THEN CASE WHEN cancelled THEN 'rejected' ELSE 'accepted' END
       WHEN version > held_version THEN CASE WHEN cancelled THEN 'cancelled' ELSE 'corrected' END
       WHEN version = held_version THEN CASE WHEN held_scheme_hash = held_hash THEN 'duplicate' ELSE 'rejected' END
       ELSE 'duplicate' END AS status,
  CASE WHEN held_version IS NULL AND cancelled THEN 'cancel.unknown'
       WHEN version = held_version AND held_scheme_hash <> held_hash THEN 'version.conflict'
       WHEN version < held_version THEN 'version.stale' END AS rule,
  status IN ('accepted', 'corrected', 'cancelled') AS effective,
  effective AS is_current
FROM s_k WHERE NOT repeated;
`;

/**
 * Keys arriving more than once in the chunk (by key hash: two keys sharing a hash are merely settled
 * one by one, by their real keys), in arrival order, for classify.ts.
 */
export const REPEATED = `
SELECT seq, idx, pharmacy, ref, version, cancelled, content_hash::VARCHAR AS content_hash, held_scheme_hash::VARCHAR AS held_scheme_hash, held_version, held_hash::VARCHAR AS held_hash
FROM s_k WHERE repeated ORDER BY pharmacy, ref, seq, idx`;

const d = 'e';
/** The columns of dispensing.dispensing, from the enriched stage. */
const STORED: readonly [string, string][] = [
  ['pharmacy', `${d}.pharmacy`],
  ['ref', `${d}.ref`],
  ['version', 'k.version'],
  ['current', 'c.is_current'],
  ['cancelled', 'k.cancelled'],
  ['content_hash', 'k.content_hash'],
  ['content_hash_scheme', String(CONTENT_HASH_SCHEME)],
  ['message_id', `${d}.message_id`],
  ['received_at', '$now'],
  ['kind', `${d}.kind`],
  ['dispensed_on', `${d}.dispensed_on`],
  ['patient_id', `${d}.patient_iid`],
  ['patient_birth_date', `CASE WHEN NOT ${d}.is_animal THEN coalesce(${d}.pop_birth, ${d}.birth_date) END`],
  ['patient_age', `CASE WHEN NOT ${d}.is_animal THEN date_part('year', age(${d}.dispensed_on, coalesce(${d}.pop_birth, ${d}.birth_date)))::INTEGER END`],
  ['patient_sex', `CASE WHEN NOT ${d}.is_animal THEN coalesce(${d}.pop_sex, ${d}.sex) END`],
  ['patient_municipality', `CASE WHEN NOT ${d}.is_animal THEN coalesce(${d}.res_municipality, ${d}.municipality) END`],
  ['patient_in_population', `${d}.pop_birth IS NOT NULL`],
  ['animal', `${d}.is_animal`],
  ['species', `${d}.species`],
  ['prescriber_id', `${d}.prescriber_iid`],
  ['prescriber_profession', 'pr.profession'],
  ['prescriber_specialties', 'pr.specialties'],
  ['prescriber_is_gp', `CASE WHEN ${d}.prescriber_iid IS NOT NULL AND ${d}.patient_iid IS NOT NULL AND NOT ${d}.is_animal THEN ${d}.is_gp END`],
  ['varenr', `${d}.varenr`],
  ['atc', 'prod.atc'],
  ['product_name', 'prod.name'],
  ['reseptgruppe', 'prod.reseptgruppe'],
  ['pack_size', 'prod.pack_size'],
  ['pack_unit', 'prod.pack_unit'],
  ['ddd_per_pack', 'prod.ddd_per_pack'],
  ['packs', `${d}.packs`],
  ['ddd', `${d}.packs * prod.ddd_per_pack`],
  ['aup', `${d}.aup`],
  ['prescription_type', `${d}.prescription_type`],
  ['substituted', `${d}.substituted`],
  ['reservation', `${d}.reservation`],
  ['reimbursement_scheme', `${d}.scheme`],
  ['legal_basis', `${d}.legal_basis`],
  ['icd10', `${d}.icd10`],
  ['icpc2', `${d}.icpc2`],
  ['service_type', `${d}.service_type`],
  ['warnings', `${d}.rules`],
  ['key_hash', `${d}.key_hash`],
];

/** Writes the chunk: supersede what it corrects, store its new versions. Runs inside the chunk's transaction. */
export const STORE = `
UPDATE dispensing.dispensing SET current = false
WHERE rowid IN (SELECT k.held_rowid FROM s_k k JOIN s_k2 c USING (seq, idx) WHERE c.effective AND k.held_rowid IS NOT NULL);
INSERT INTO dispensing.dispensing (${STORED.map(([c]) => c).join(', ')})
SELECT ${STORED.map(([, e]) => e).join(', ')}
FROM ${STAGED} e JOIN s_k k USING (seq, idx) JOIN s_k2 c USING (seq, idx)
LEFT JOIN product prod ON prod.varenr = e.varenr LEFT JOIN prescriber pr ON pr.prescriber_id = e.prescriber_iid
WHERE c.effective;
`;

/** Receipts (as their parts: see RECEIPT_JSON) and per-message counts, built in SQL. */
export const RECEIPTS = `
CREATE OR REPLACE TEMP TABLE s_issue AS
WITH r AS (
  SELECT seq, idx, unnest(list_filter(rules, x -> x NOT IN ('dispensing.required', 'dispensing.type'))) AS rule, NULL::VARCHAR AS field FROM s_e
  UNION ALL SELECT seq, idx, 'dispensing.required', unnest(missing) FROM s_d
  UNION ALL SELECT seq, idx, 'dispensing.type', unnest(type_errors) FROM s_d
  UNION ALL SELECT seq, idx, rule, NULL FROM s_k2 WHERE rule IS NOT NULL
)
SELECT r.seq, r.idx,
  list({'severity': ru.severity, 'rule': r.rule,
        'path': 'dispensings[' || r.idx || ']' || CASE WHEN coalesce(r.field, ru.path) = '' THEN '' ELSE '.' || coalesce(r.field, ru.path) END,
        'message': CASE WHEN r.rule = 'dispensing.required' THEN 'A required field is missing'
                        WHEN r.rule = 'dispensing.type' THEN 'Wrong JSON type: expected ' || CASE WHEN f.type = 'object' THEN 'an object' ELSE 'a ' || f.type END
                        ELSE ru.description END}
       ORDER BY CASE ru.severity WHEN 'error' THEN 0 ELSE 1 END, r.rule, r.field) AS issues
FROM r JOIN s_rules ru ON ru.id = r.rule LEFT JOIN s_fields f ON f.path = r.field
GROUP BY r.seq, r.idx;
CREATE OR REPLACE TEMP TABLE s_missue AS
SELECT m.seq, list({'severity': 'error', 'rule': ru.id, 'path': CASE WHEN ru.path = '' THEN '$' ELSE ru.path END, 'message': ru.description} ORDER BY ru.id) AS issues
FROM (SELECT seq, unnest(msg_rules) AS rule FROM s_m) m JOIN s_rules ru ON ru.id = m.rule
GROUP BY m.seq;
CREATE OR REPLACE TEMP TABLE s_receipt AS
WITH st AS (
  -- Each dispensing's status and issues, read once by the grouping below (not written as a table).
  SELECT e.seq, e.idx, e.ref, CASE WHEN e.has_error OR c.status IS NULL THEN 'rejected' ELSE c.status END AS status,
    coalesce(i.issues, []) AS issues
  FROM ${STAGED} e LEFT JOIN s_k2 c USING (seq, idx) LEFT JOIN s_issue i USING (seq, idx)
), agg AS (
  -- Grouped by message alone, in any order: RECEIPT_JSON puts the entries in order when a receipt is read.
  SELECT seq,
    count(*)::INTEGER AS dispensings,
    count_if(status = 'accepted')::INTEGER AS accepted,
    count_if(status = 'rejected')::INTEGER AS rejected,
    count_if(status = 'duplicate')::INTEGER AS duplicates,
    count_if(status = 'corrected')::INTEGER AS corrected,
    count_if(status = 'cancelled')::INTEGER AS cancelled,
    -- The entries with something to say in full; the plain acceptances as position and ref (see RECEIPT_JSON).
    list({'i': idx, 'ref': ref, 'status': status, 'issues': issues}) FILTER (WHERE status <> 'accepted' OR len(issues) > 0) AS ds,
    list({'i': idx, 'ref': ref}) FILTER (WHERE status = 'accepted' AND len(issues) = 0) AS acc
  FROM st GROUP BY seq
), per AS (
  SELECT m.seq, m.message_id, m.pharmacy, m.msg_rules,
    coalesce(a.dispensings, 0) AS dispensings, coalesce(a.accepted, 0) AS accepted, coalesce(a.rejected, 0) AS rejected,
    coalesce(a.duplicates, 0) AS duplicates, coalesce(a.corrected, 0) AS corrected, coalesce(a.cancelled, 0) AS cancelled,
    coalesce(a.ds, []) AS receipt_dispensings, coalesce(a.acc, []) AS receipt_accepted
  FROM s_m m LEFT JOIN agg a USING (seq)
)
SELECT seq, message_id, pharmacy, msg_rules, dispensings, accepted, rejected, duplicates, corrected, cancelled,
  CASE WHEN len(msg_rules) > 0 OR (dispensings > 0 AND rejected = dispensings) THEN 'rejected'
       WHEN rejected > 0 THEN 'partially-accepted' ELSE 'accepted' END AS outcome,
  coalesce(mi.issues, []) AS receipt_issues, receipt_dispensings, receipt_accepted,
  NULL::JSON AS receipt -- the column RECEIPT_JSON reads for receipts logged as JSON: none here
FROM per LEFT JOIN s_missue mi USING (seq);
`;

/** The message log: the last processing of each messageId (not written for messages whose sender or id is in doubt). */
export const LOG_MESSAGES = `
DELETE FROM dispensing.intake_message WHERE message_id IN (SELECT message_id FROM s_receipt WHERE message_id IS NOT NULL
  AND NOT list_has_any(msg_rules, ['message.client', 'message.id-conflict']));
INSERT INTO dispensing.intake_message (message_id, pharmacy, channel, status, outcome, attempts, received_at, finished_at, dispensings, accepted,
  rejected, duplicates, corrected, cancelled, receipt_issues, receipt_dispensings, receipt_accepted)
SELECT message_id, pharmacy, $channel, 'done', outcome, 1, $now, now()::TIMESTAMP, dispensings, accepted, rejected, duplicates, corrected, cancelled,
  receipt_issues, receipt_dispensings, receipt_accepted
FROM s_receipt
WHERE message_id IS NOT NULL AND NOT list_has_any(msg_rules, ['message.client', 'message.id-conflict'])
QUALIFY row_number() OVER (PARTITION BY message_id ORDER BY seq DESC) = 1;
`;

export const CHUNK_TOTALS = `
SELECT count(*)::INTEGER AS messages, coalesce(sum(dispensings), 0)::INTEGER AS dispensings, coalesce(sum(accepted), 0)::INTEGER AS accepted,
  coalesce(sum(rejected), 0)::INTEGER AS rejected, coalesce(sum(duplicates), 0)::INTEGER AS duplicates,
  coalesce(sum(corrected), 0)::INTEGER AS corrected, coalesce(sum(cancelled), 0)::INTEGER AS cancelled
FROM s_receipt`;

export const CLEANUP = ['s_pre', 's_held', 's_msg', 's_m', 's_e', 's_k', 's_k2', 's_issue', 's_missue', 's_receipt'].map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n');
