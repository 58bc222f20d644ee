import { MESSAGE_LIMITS, REGISTER_START } from '../message/message.js';
import { DISPENSING_CHECKS } from '../rules/checks.js';
import { RULES, RULE_BY_ID } from '../rules/catalogue.js';
import { FIELDS, PARTS, type Field, type JsonType, type Part } from './fields.js';
import { sqlString } from '../../shared/duckdb.js';
import { KEY_HASH } from '../../dispensing/schema.js';

/**
 * The staging SQL of one chunk of messages, generated from the field table (fields.ts) and the
 * checks (rules/checks.ts). Everything runs on temporary tables, in memory, in two processes:
 *
 *   parser process (parser.ts): raw (the messages' text) → s_msg (headers, each dispensing's JSON)
 *   → s_d (typed dispensings, each parsed once, with the plain numbers) → s_numx (each distinct number
 *   and its keyed digest) → two Parquet files: the headers, and s_d with digests for numbers
 *
 *   intake connection: s_msg, s_d, s_ref (digests per dispensing) → s_m (message rules) → [split
 *   (split.ts): each digest looked up in the split cache; the parser checks the rest, and hands over
 *   only the valid numbers of passing messages, for the vault] → s_numid → s_ids → s_x → s_e
 *   (enriched from the reference store, rule ids per dispensing)
 *
 * So the process that writes the stores never holds a message's text or a number in DuckDB's memory
 * (see docs/architecture.md, "Privacy"). The parser drops each table as soon as it is written out.
 */

const ident = (s: string): string => `"${s}"`;

/**
 * A JSON value's type, told by the first character of its JSON text (`jt`: its code point; missing
 * and `null` both count as missing). An integer, compared once per field and check.
 */
const JT = { missing: 110, string: 34, object: 123, array: 91, true: 116, false: 102 } as const;
const NOT_NUMBER = [JT.missing, JT.string, JT.object, JT.array, JT.true, JT.false];
/** Whether type tag `t` is of JSON type `type`. */
function isType(t: string, type: JsonType): string {
  switch (type) {
    case 'string': return `${t} = ${JT.string}`;
    case 'object': return `${t} = ${JT.object}`;
    case 'boolean': return `${t} IN (${JT.true}, ${JT.false})`;
    case 'number': return `${t} NOT IN (${NOT_NUMBER.join(', ')})`;
  }
}
/** Whether type tag `t` is present and not of JSON type `type`. */
function isOtherType(t: string, type: JsonType): string {
  return type === 'number'
    ? `${t} IN (${NOT_NUMBER.filter((c) => c !== JT.missing).join(', ')})`
    : `${t} NOT IN (${JT.missing}, ${type === 'boolean' ? `${JT.true}, ${JT.false}` : type === 'string' ? JT.string : JT.object})`;
}

export const MACROS = `
CREATE OR REPLACE TEMP MACRO jt(v) AS coalesce(ascii(v), ${JT.missing});
CREATE OR REPLACE TEMP MACRO js(v) AS CASE WHEN starts_with(v, '"') THEN CASE WHEN contains(v, '\\') THEN json_extract_string(v, '$') ELSE substring(v, 2, length(v) - 2) END END;
CREATE OR REPLACE TEMP MACRO iso_date(s) AS CASE WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(s AS DATE) END;
`;

/** The pharmacy prices (AUP) as periods, once per connection: the reference store does not change while intake runs. */
export const PRICE_PERIODS = `CREATE OR REPLACE TEMP TABLE s_price AS
SELECT varenr, valid_from, coalesce(lead(valid_from) OVER (PARTITION BY varenr ORDER BY valid_from), DATE '9999-12-31') AS valid_until, amount
FROM (SELECT varenr, coalesce(valid_from, DATE '0001-01-01') AS valid_from, amount FROM price WHERE price_type = '5')`;

/** A message as text, or as its UTF-8 bytes (decoded here: bytes that are not UTF-8 fail the JSON rule). */
export const RAW_TABLE = `CREATE OR REPLACE TEMP TABLE raw (seq BIGINT, line VARCHAR, bytes BLOB, oversize BOOLEAN)`;

/**
 * Messages, parsed: header, header types and each dispensing's JSON, for the raw rows with seq in
 * [lo, hi). A chunk is parsed in slices of a few MiB (see processor.ts): DuckDB parses a vector of
 * up to 2,048 rows at once and keeps each row's parsed document until the vector is done, which for
 * a vector of whole messages (tens of kB each) is over a gigabyte in flight.
 */
const PARSE_MESSAGES = (lo: number, hi: number): string => `
WITH v AS (SELECT seq, oversize, CASE WHEN NOT oversize THEN try(json_transform(coalesce(line, try(decode(bytes))), '{"messageId":"JSON","pharmacy":"JSON","dispensings":["JSON"]}')) END AS t
  FROM raw WHERE seq >= ${lo} AND seq < ${hi}),
t AS (SELECT seq, oversize, t IS NOT NULL AS json_ok, t FROM v)
SELECT seq, oversize, json_ok, js(t.messageId) AS message_id, js(t.pharmacy) AS pharmacy, t.dispensings AS ds, len(t.dispensings) AS n_ds,
  (${isOtherType('jt(t.messageId)', 'string')} OR ${isOtherType('jt(t.pharmacy)', 'string')}) AS header_wrong_type
FROM t`;

/** The first slice of a chunk's messages: creates s_msg. */
export const PARSE_FIRST = (lo: number, hi: number): string => `CREATE OR REPLACE TEMP TABLE s_msg AS ${PARSE_MESSAGES(lo, hi)};\n`;
/** Every further slice. */
export const PARSE_MORE = (lo: number, hi: number): string => `INSERT INTO s_msg ${PARSE_MESSAGES(lo, hi)};\n`;

/** The message-level rules. `$client` is the pharmacy the caller may report for (NULL: any). */
export const STAGE_MESSAGES = `
CREATE OR REPLACE TEMP TABLE s_m AS
SELECT m.seq, m.message_id, m.pharmacy, coalesce(m.n_ds, 0)::INTEGER AS n,
  list_filter([
    CASE WHEN m.oversize THEN 'message.size' END,
    CASE WHEN NOT m.oversize AND NOT m.json_ok THEN 'message.json' END,
    CASE WHEN m.json_ok AND (m.header_wrong_type OR m.message_id IS NULL OR NOT regexp_full_match(m.message_id, ${sqlString(MESSAGE_LIMITS.idPattern)})
      OR m.pharmacy IS NULL OR NOT regexp_full_match(m.pharmacy, ${sqlString(MESSAGE_LIMITS.idPattern)})
      OR m.n_ds IS NULL OR m.n_ds = 0 OR m.n_ds > ${MESSAGE_LIMITS.maxDispensings}) THEN 'message.schema' END,
    CASE WHEN m.json_ok AND m.pharmacy IS NOT NULL AND ph.konsesjonsnr IS NULL THEN 'message.pharmacy' END,
    CASE WHEN m.json_ok AND m.pharmacy IS NOT NULL AND $client IS NOT NULL AND m.pharmacy <> $client THEN 'message.client' END,
    CASE WHEN m.json_ok AND m.message_id IS NOT NULL AND (held.pharmacy IS DISTINCT FROM NULL AND held.pharmacy IS DISTINCT FROM m.pharmacy
      OR m.pharmacy IS DISTINCT FROM first_value(m.pharmacy) OVER (PARTITION BY m.message_id ORDER BY m.seq)) THEN 'message.id-conflict' END
  ], x -> x IS NOT NULL) AS msg_rules
FROM s_msg m
LEFT JOIN pharmacy ph ON ph.konsesjonsnr = m.pharmacy
LEFT JOIN (SELECT message_id, min(pharmacy) AS pharmacy FROM dispensing.intake_message
           WHERE message_id IN (SELECT message_id FROM s_msg) GROUP BY ALL) held ON held.message_id = m.message_id;
DROP TABLE s_msg;
`;

const topKeys = FIELDS.filter((f) => !f.path.includes('.'));
const isPart = (path: string): path is Part => Object.hasOwn(PARTS, path);

/**
 * The shape a dispensing is parsed into: each field as its JSON text (so its JSON type stays visible),
 * each part (patient, product, …) as a struct of its fields' JSON texts. One parse per dispensing.
 */
const ELEMENT = sqlString(
  `{${topKeys.map((f) => `"${f.path}":${isPart(f.path) ? `{${PARTS[f.path].map((k) => `"${k}":"JSON"`).join(',')}}` : '"JSON"'}`).join(',')}}`,
);

/** The raw JSON text of a field, from the parsed element `f`. */
function rawOf(field: Field): string {
  const [a, b] = field.path.split('.');
  return b === undefined ? `f.${ident(a!)}` : `f.${ident(a!)}.${ident(b)}`;
}

/**
 * The JSON type of a part. DuckDB parses a part that is not an object (`"x"`, `5`) into a struct of
 * nulls, as it does `{}`; only for such a struct (rare) is the part's type read from the text again.
 */
function partType(part: Part): string {
  const p = `f.${ident(part)}`;
  return `CASE WHEN ${p} IS NULL THEN ${JT.missing}
    WHEN ${PARTS[part].map((k) => `${p}.${ident(k)} IS NULL`).join(' AND ')} THEN jt(json_extract(d, ${sqlString(`$.${part}`)})::VARCHAR)
    ELSE ${JT.object} END`;
}

/** Each field's raw text and JSON type are computed once (columns r<i>, t<i>), then used by every check. */
const at = (field: Field): number => FIELDS.indexOf(field);
const r = (field: Field): string => `r${at(field)}`;
const t = (field: Field): string => `t${at(field)}`;
const byPath = (path: string): Field => FIELDS.find((f) => f.path === path)!;

function typedOf(field: Field): string {
  switch (field.type) {
    case 'string':
      return `js(${r(field)})`;
    case 'number':
      // The JSON text of no other type reads as a number.
      return `TRY_CAST(${r(field)} AS DOUBLE)`;
    case 'boolean':
      return `CASE ${t(field)} WHEN ${JT.true} THEN true WHEN ${JT.false} THEN false END`;
    case 'object':
      return isType(t(field), 'object');
  }
}

const parentPresent = (field: Field): string => {
  const [a, b] = field.path.split('.');
  return b === undefined ? 'is_obj' : isType(t(byPath(a!)), 'object');
};

const wrongType = (field: Field): string => `(${parentPresent(field)} AND ${isOtherType(t(field), field.type)})`;

/**
 * The labels whose condition holds, as a list. The list is built only for the rows where some
 * condition holds (few: most dispensings break no rule); the others get an empty list. A condition
 * that is NULL does not hold (in CASE WHEN, as in the OR of them all): no coalesce is needed.
 */
function labelsWhere(items: readonly (readonly [condition: string, label: string])[]): string {
  return `CASE WHEN ${items.map(([c]) => `(${c})`).join(' OR ')}
    THEN list_filter([${items.map(([c, l]) => `CASE WHEN ${c} THEN ${sqlString(l)} END`).join(', ')}], x -> x IS NOT NULL)
    ELSE []::VARCHAR[] END`;
}

/**
 * Dispensings: each element is parsed once into typed columns with the schema findings (s_d), still
 * with the plain identity numbers (patient_plain, hpr_plain). In the parser process only (see
 * parser.ts): PARSE_EXPORT then writes the chunk out without them.
 */
export const PARSE_DISPENSINGS = `
CREATE OR REPLACE TEMP TABLE s_d AS
WITH t AS (
  SELECT seq, idx, d, coalesce(starts_with(d, '{'), false) AS is_obj,
    json_transform(CASE WHEN starts_with(d, '{') THEN d END, ${ELEMENT}) AS f
  FROM (SELECT m.seq, unnest(range(len(m.ds)))::INTEGER AS idx, unnest(m.ds) AS d FROM s_msg m WHERE len(m.ds) BETWEEN 1 AND ${MESSAGE_LIMITS.maxDispensings})
), k AS (
  SELECT seq, idx, is_obj,
  ${FIELDS.map((f, i) => (isPart(f.path) ? `${partType(f.path)} AS t${i}` : `${rawOf(f)}::VARCHAR AS r${i}, jt(${rawOf(f)}::VARCHAR) AS t${i}`)).join(',\n  ')}
  FROM t
)
SELECT seq, idx,
  ${FIELDS.filter((f) => f.column).map((f) => `${typedOf(f)} AS ${f.column}`).join(',\n  ')},
  iso_date(js(${r(byPath('dispensedOn'))})) AS dispensed_on,
  iso_date(js(${r(byPath('patient.birthDate'))})) AS birth_date,
  ${isType(t(byPath('animal')), 'object')} AS is_animal,
  ${isType(t(byPath('reimbursement')), 'object')} AS has_reimbursement,
  ${wrongType(byPath('prescriber.hpr'))} OR ${wrongType(byPath('prescriber'))} AS prescriber_wrong_type,
  ${wrongType(byPath('prescriptionType'))} AS prescription_type_wrong_type,
  ${wrongType(byPath('reimbursement.scheme'))} AS scheme_wrong_type,
  ${wrongType(byPath('service.type'))} OR ${wrongType(byPath('service'))} AS service_type_wrong_type,
  ${wrongType(byPath('animal.species'))} AS species_wrong_type,
  ${labelsWhere(FIELDS.filter((f) => f.required).map((f) => [`${parentPresent(f)} AND ${t(f)} = ${JT.missing}`, f.path]))} AS missing,
  ${labelsWhere([['NOT is_obj', ''], ...FIELDS.map((f) => [wrongType(f), f.path] as const)])} AS type_errors
FROM k;
`;

/** The columns of the message headers that leave the parser process (s_msg without the dispensings' JSON). */
const HEADER = 'seq, oversize, json_ok, message_id, pharmacy, n_ds, header_wrong_type';
/** Where a parsed chunk is written: two Parquet files, which hold no identity number. */
export interface ParsedFiles {
  messages: string;
  dispensings: string;
}
/** A digest as two halves (Parquet has no 128-bit integer: DuckDB would write a DOUBLE) and back. */
const HI = (d: string): string => `(${d} >> 64)::UBIGINT`;
const LO = (d: string): string => `(${d} & 18446744073709551615::UHUGEINT)::UBIGINT`;
const JOIN_HALVES = (c: string): string => `CASE WHEN ${c}_hi IS NOT NULL THEN (${c}_hi::UHUGEINT << 64) | ${c}_lo::UHUGEINT END`;
// Uncompressed: no faster or slower than snappy here, and a byte scan of the files (the tests) sees every value as written.
// No dictionaries: by default the writer puts every value of a column into a hash table to see whether
// a dictionary pays, and the reader decodes them again. For a file read once, seconds after it was
// written, plain pages are cheaper at both ends: on a chunk's 305,863 dispensings (one thread, best of
// 12 alternating runs) 0.31 s against 0.44 s to write and 0.30 s against 0.42 s to read into a table,
// for a file of 48 MB instead of 10 MB (removed once read).
const COPY_OPTIONS = '(FORMAT parquet, COMPRESSION uncompressed, DICTIONARY_SIZE_LIMIT 1)';

/** A number's keyed digest, from columns `role` and `plain` (the key is the parameter $split_key). */
export const DIGEST = `md5_number($split_key || '|' || role || '|' || plain)`;

/**
 * In the parser process: the chunk's distinct numbers, each with its position k in the chunk and its
 * keyed digest (s_numx, kept until the split has asked for the ones it needs), then the chunk written out with each number replaced by its k and digest, and every
 * table that held message text dropped.
 */
export const PARSE_EXPORT = (files: ParsedFiles): string => `
CREATE OR REPLACE TEMP TABLE s_numx AS
SELECT (row_number() OVER () - 1)::INTEGER AS k, role, plain, ${DIGEST} AS digest FROM (
  SELECT DISTINCT 'patient' AS role, patient_plain AS plain FROM s_d WHERE patient_plain IS NOT NULL
  UNION ALL
  SELECT DISTINCT 'prescriber', hpr_plain FROM s_d WHERE hpr_plain IS NOT NULL
);
COPY (SELECT ${HEADER} FROM s_msg) TO ${sqlString(files.messages)} ${COPY_OPTIONS};
DROP TABLE s_msg;
COPY (
  SELECT d.* EXCLUDE (patient_plain, hpr_plain), p.k AS pk, ${HI('p.digest')} AS pd_hi, ${LO('p.digest')} AS pd_lo, h.k AS hk, ${HI('h.digest')} AS hd_hi, ${LO('h.digest')} AS hd_lo
  FROM s_d d
  LEFT JOIN s_numx p ON p.role = 'patient' AND p.plain = d.patient_plain
  LEFT JOIN s_numx h ON h.role = 'prescriber' AND h.plain = d.hpr_plain
) TO ${sqlString(files.dispensings)} ${COPY_OPTIONS};
DROP TABLE s_d;
`;

/** The parser process's tables of a chunk (all of them hold plain numbers or message text). */
export const PARSE_CLEANUP = ['raw', 's_msg', 's_d', 's_numx', 's_q'].map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n') + '\n';

/**
 * On the intake connection: a parsed chunk read back. s_msg (headers), s_d (typed dispensings), and
 * s_ref: each dispensing's numbers as digests, for the split. No table here ever holds a number.
 */
export const PARSED_IMPORT = (files: ParsedFiles): string => `
CREATE OR REPLACE TEMP TABLE s_msg AS SELECT * FROM read_parquet(${sqlString(files.messages)});
CREATE OR REPLACE TEMP TABLE s_d AS SELECT * EXCLUDE (pk, pd_hi, pd_lo, hk, hd_hi, hd_lo) FROM read_parquet(${sqlString(files.dispensings)});
CREATE OR REPLACE TEMP TABLE s_ref AS
SELECT seq, idx, pk AS patient_k, ${JOIN_HALVES('pd')} AS patient_digest, hk AS hpr_k, ${JOIN_HALVES('hd')} AS hpr_digest
FROM read_parquet(${sqlString(files.dispensings)}) WHERE pk IS NOT NULL OR hk IS NOT NULL;
`;

/** After the split (split.ts: s_numid): each dispensing's internal ids and the status of each number. */
export const STAGE_SPLIT = `
CREATE OR REPLACE TEMP TABLE s_ids AS
SELECT x.seq, x.idx, pid.status AS patient_status, pid.internal_id AS patient_iid, hid.status AS hpr_status, hid.internal_id AS prescriber_iid
FROM s_ref x
LEFT JOIN s_numid pid ON pid.role = 'patient' AND pid.digest = x.patient_digest
LEFT JOIN s_numid hid ON hid.role = 'prescriber' AND hid.digest = x.hpr_digest;
DROP TABLE s_ref; DROP TABLE s_numid;
`;

const checks = Object.entries(DISPENSING_CHECKS);

/** The coded fields checked against the code lists on the dispensing date: [OID, column, validity flag]. */
const CODED: readonly [string, string, string][] = [
  ['3101', 'sex', 'sex_ok'],
  ['3402', 'municipality', 'municipality_ok'],
  ['7180', 'atc', 'atc_ok'],
  ['99792', 'reservation', 'reservation_ok'],
  ['7427', 'legal_basis', 'legal_basis_ok'],
  ['7110', 'icd10', 'icd10_ok'],
  ['7170', 'icpc2', 'icpc2_ok'],
  ['99794', 'service_type', 'service_ok'],
  ['99775', 'species', 'species_ok'],
];
const ERROR_IDS = new Set(RULES.filter((r) => r.severity === 'error').map((r) => r.id));

/**
 * What a dispensing's content hash covers (idempotency: the same version sent again with other content
 * is a conflict): every field as sent, with the internal ids for the identity numbers. Computed when
 * the chunk is staged, so it is off the single-writer path (apply).
 */
const HASHED: readonly string[] = [
  'pharmacy', 'ref', 'version_n', 'kind', 'cancelled_b', 'dispensed_on_s', 'patient_iid', 'birth_date_s', 'sex', 'municipality', 'is_animal', 'species', 'prescriber_iid', 'varenr', 'packs', 'aup', 'prescription_type', 'substituted', 'reservation', 'scheme', 'legal_basis', 'icd10', 'icpc2', 'service_type', 'has_reimbursement',
];
/** Each hashed field as text, from the row `alias` ('' for unqualified columns). */
const hashedText = (alias: string): string[] =>
  HASHED.map((c) => (c === 'cancelled_b' ? `coalesce(${alias}${c}, false)` : `${alias}${c}`)).map((c) => `(${c})::VARCHAR`);

/**
 * The content hash's scheme, stored with each row (content_hash_scheme). Scheme 2: each field's text
 * followed by a unit separator, a NULL as a record separator. That is unambiguous, as a dispensing is
 * hashed only when it breaks no error rule, and then each text field is a code from a code list, an
 * id that matches the id pattern, a date or a number: none holds a control character.
 */
export const CONTENT_HASH_SCHEME = 2;
const CONTENT_HASH = `md5_number_lower(concat(${hashedText('').map((x) => `coalesce(${x}, chr(30)), chr(31)`).join(', ')}))`;
/**
 * Scheme 1, of the rows stored before scheme 2 (content_hash_scheme NULL): the fields as a list, cast
 * to text. The cast cost 0.3 s of CPU per chunk of 358,000 dispensings (15 % of s_e, one thread, in
 * isolation), so it is now computed only to compare a dispensing with such a row (apply.ts, CLASSIFY).
 */
export const LEGACY_CONTENT_HASH = (alias: string): string => `md5_number_lower(list_value(${hashedText(`${alias}.`).join(', ')})::VARCHAR)`;

/**
 * What s_e adds to s_d for the later steps (which read the two joined): the message's pharmacy and id,
 * the internal ids, and the enrichment that depends on the patient. The product's and the prescriber's
 * attributes are joined only when the rows are stored (apply.ts): the staging tables stay narrow.
 */
const ENRICHED = [
  'pharmacy', 'message_id', 'patient_iid', 'prescriber_iid', 'pop_birth', 'pop_sex', 'res_municipality', 'is_gp',
];

/**
 * Enrichment from the reference store and code validity on the dispensing date, all on narrow rows
 * (s_x: the keys each look-up needs; the look-ups' own tables), then the rules broken (s_e, beside s_d:
 * the typed columns are not copied again). The look-ups meet in one narrow row (CTE e), which meets the
 * wide typed row in one join, not one per look-up; e is not written as a table of its own (writing it
 * cost a third of a second per 360,000 dispensings).
 */
export const STAGE_KEYS = `
CREATE OR REPLACE TEMP TABLE s_x AS
SELECT d.seq, d.idx, d.dispensed_on, coalesce(d.dispensed_on, DATE '0001-01-01') AS d, d.varenr,
  i.patient_status, i.patient_iid, i.hpr_status, i.prescriber_iid, prod.varenr IS NOT NULL AS product_found, prod.atc, ${CODED.filter(([, col]) => col !== 'atc').map(([, col]) => `d.${col}`).join(', ')}
FROM s_d d LEFT JOIN s_ids i USING (seq, idx) LEFT JOIN product prod ON prod.varenr = d.varenr;
DROP TABLE s_ids;
CREATE OR REPLACE TEMP TABLE s_pop AS
SELECT x.seq, x.idx, p.birth_date, p.sex, p.death_date
FROM s_x x JOIN person p ON p.person_id = x.patient_iid;
`;

/**
 * The dates a chunk's dated look-ups (residence, GP periods) must cover: those of its dispensings
 * with a patient, less the dates that the date rules reject whatever else holds (before reporting
 * began, after the day of receipt, before the birth or after the death the population register
 * records), while those rules are errors. Periods that end before or begin after these dates are left
 * out of the look-ups: of a national population's 20 million residence periods, a chunk of one
 * month's dispensings needs a quarter. (Nothing reads these look-ups for a rejected dispensing.)
 */
const isError = (rule: string): boolean => RULE_BY_ID.get(rule)?.severity === 'error';
const DATED = [
  isError('date.before-register') ? `x.dispensed_on >= DATE '${REGISTER_START}'` : 'true',
  isError('date.future') ? 'x.dispensed_on <= $today::DATE' : 'true',
  isError('date.before-birth') ? 'NOT coalesce(x.dispensed_on < p.birth_date, false)' : 'true',
  isError('date.after-death') ? 'NOT coalesce(x.dispensed_on > p.death_date, false)' : 'true',
].join(' AND ');
export const ENRICH_WINDOW = `SELECT min(x.dispensed_on)::VARCHAR AS lo, max(x.dispensed_on)::VARCHAR AS hi
FROM s_x x LEFT JOIN s_pop p USING (seq, idx) WHERE x.patient_iid IS NOT NULL AND ${DATED}`;

/** A look-up window: ISO dates (from ENRICH_WINDOW); null when no dispensing of the chunk needs one. */
export type Window = { lo: string; hi: string } | null;

/** The periods of `alias` (valid_from, valid_to; null = open) that overlap the window. */
export function overlaps(alias: string, w: Window, fromMayBeNull: boolean): string {
  if (w === null) return 'false';
  const from = `${alias}.valid_from <= DATE ${sqlString(w.hi)}`;
  return `(${fromMayBeNull ? `(${alias}.valid_from IS NULL OR ${from})` : from} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= DATE ${sqlString(w.lo)}))`;
}

export const STAGE_ENRICH = (w: Window): string => `
CREATE OR REPLACE TEMP TABLE s_res AS
SELECT x.seq, x.idx, arg_max(r.municipality, r.valid_from) AS municipality
FROM s_x x JOIN residence r ON r.person_id = x.patient_iid AND r.valid_from <= x.dispensed_on AND (r.valid_to IS NULL OR r.valid_to >= x.dispensed_on)
WHERE ${overlaps('r', w, false)}
GROUP BY x.seq, x.idx;
CREATE OR REPLACE TEMP TABLE s_pr AS
SELECT x.seq, x.idx, pc.amount
FROM s_x x JOIN s_price pc ON pc.varenr = x.varenr
WHERE coalesce(x.dispensed_on, $today::DATE) >= pc.valid_from AND coalesce(x.dispensed_on, $today::DATE) < pc.valid_until;
CREATE OR REPLACE TEMP TABLE s_gpx AS
SELECT DISTINCT x.seq, x.idx
FROM s_x x JOIN gp_list g ON g.person_id = x.patient_iid AND g.prescriber_id = x.prescriber_iid
WHERE (g.valid_from IS NULL OR g.valid_from <= x.dispensed_on) AND (g.valid_to IS NULL OR g.valid_to >= x.dispensed_on) AND ${overlaps('g', w, true)};
CREATE OR REPLACE TEMP TABLE s_cv AS
WITH q AS (
  SELECT DISTINCT oid, code, d FROM (
    SELECT unnest([${CODED.map(([oid]) => sqlString(oid)).join(', ')}]) AS oid, unnest([${CODED.map(([, col]) => col).join(', ')}]) AS code, d FROM s_x
  ) WHERE code IS NOT NULL
)
SELECT q.oid, q.code, q.d,
  bool_or(k.code IS NOT NULL AND (q.d = DATE '0001-01-01' OR ((k.effective_from IS NULL OR k.effective_from <= q.d) AND (k.effective_to IS NULL OR k.effective_to >= q.d)))) AS ok
FROM q LEFT JOIN code k ON k.oid = q.oid AND k.code = q.code
GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE s_e AS
WITH e AS (
  SELECT x.seq, x.idx, x.patient_status, x.patient_iid, x.hpr_status, x.prescriber_iid,
    p.birth_date AS pop_birth, CASE p.sex WHEN 'male' THEN '1' WHEN 'female' THEN '2' ELSE p.sex END AS pop_sex, p.death_date,
    r.municipality AS res_municipality,
    pr.prescriber_id IS NOT NULL AS prescriber_known, x.product_found,
    pc.amount AS fest_aup,
    ${CODED.map(([, , flag], i) => `coalesce(c${i}.ok, false) AS ${flag}`).join(',\n  ')},
    gx.seq IS NOT NULL AS is_gp
  FROM s_x x
  LEFT JOIN s_pop p USING (seq, idx)
  LEFT JOIN s_res r USING (seq, idx)
  LEFT JOIN prescriber pr ON pr.prescriber_id = x.prescriber_iid
  LEFT JOIN s_pr pc USING (seq, idx)
  ${CODED.map(([oid, col], i) => `LEFT JOIN s_cv c${i} ON c${i}.oid = ${sqlString(oid)} AND c${i}.code = x.${col} AND c${i}.d = x.d`).join('\n')}
  LEFT JOIN s_gpx gx USING (seq, idx)
), j AS (
  SELECT d.*, m.pharmacy, m.message_id, len(m.msg_rules) = 0 AS message_ok, e.* EXCLUDE (seq, idx)
  FROM s_d d
  JOIN s_m m USING (seq)
  JOIN e USING (seq, idx)
), ru AS (
  SELECT *,
    ${labelsWhere(checks.map(([id, sql]) => [`(${sql})`, id]))} AS rules
  FROM j
)
SELECT seq, idx, ${ENRICHED.join(', ')}, rules,
  NOT message_ok OR list_has_any(rules, [${[...ERROR_IDS].map(sqlString).join(', ')}]) AS has_error, ${KEY_HASH('pharmacy', 'ref')} AS key_hash,
  CASE WHEN NOT has_error THEN ${CONTENT_HASH} END AS content_hash
FROM ru;
DROP TABLE s_x; DROP TABLE s_pop; DROP TABLE s_res; DROP TABLE s_pr; DROP TABLE s_gpx; DROP TABLE s_cv;
`;

/** Drops every staging table (after a chunk, also one that failed midway: none may keep a number). */
export const STAGE_CLEANUP = ['s_msg', 's_ref', 's_num', 's_new', 's_fresh', 's_numid', 's_d', 's_ids', 's_x', 's_pop', 's_res', 's_pr', 's_gpx', 's_cv']
  .map((t) => `DROP TABLE IF EXISTS ${t};`)
  .join('\n') + '\n';
