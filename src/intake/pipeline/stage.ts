import { MESSAGE_LIMITS } from '../message/message.js';
import { DISPENSING_CHECKS } from '../rules/checks.js';
import { RULES } from '../rules/catalogue.js';
import { FIELDS, PARTS, type Field } from './fields.js';

/**
 * The staging SQL of one chunk of messages, generated from the field table (fields.ts) and the
 * checks (rules/checks.ts). Everything runs on temporary tables of the intake connection, in memory:
 *
 *   raw (JSON lines) → s_msg (messages, message rules) → s_d (typed dispensings, still holding the
 *   plain identity numbers in *_plain columns) → [split: the numbers go to the vault, ids come back]
 *   → s_x (identity-free) → s_e (enriched from the reference store, rule ids per dispensing)
 *
 * The tables that hold plain identity numbers (raw, s_msg's JSON, s_d0, s_d1, s_d, s_pid, s_hid) are
 * dropped as soon as the split is done.
 */

const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => `"${s}"`;

export const MACROS = `
CREATE OR REPLACE TEMP MACRO jt(v) AS CASE WHEN v IS NULL OR v = 'null' THEN 'missing' WHEN starts_with(v, '"') THEN 'string'
  WHEN v = 'true' OR v = 'false' THEN 'boolean' WHEN starts_with(v, '{') THEN 'object' WHEN starts_with(v, '[') THEN 'array' ELSE 'number' END;
CREATE OR REPLACE TEMP MACRO js(v) AS CASE WHEN starts_with(v, '"') THEN CASE WHEN contains(v, '\\') THEN json_extract_string(v, '$') ELSE v[2:-2] END END;
CREATE OR REPLACE TEMP MACRO jn(v) AS CASE WHEN jt(v) = 'number' THEN TRY_CAST(v AS DOUBLE) END;
CREATE OR REPLACE TEMP MACRO jb(v) AS CASE WHEN v = 'true' THEN true WHEN v = 'false' THEN false END;
CREATE OR REPLACE TEMP MACRO iso_date(s) AS CASE WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(s AS DATE) END;
`;

/** GP list periods per (patient, GP), once per connection: the reference store does not change while intake runs. */
export const GP_PERIODS = `CREATE OR REPLACE TEMP TABLE s_gp AS
SELECT person_id, prescriber_id, list({'f': valid_from, 't': valid_to}) AS periods FROM gp_list GROUP BY ALL`;

export const RAW_TABLE = `CREATE OR REPLACE TEMP TABLE raw (seq BIGINT, line VARCHAR, oversize BOOLEAN)`;

/** Messages: parse, then the message-level rules. `$client` is the pharmacy the caller may report for (NULL: any). */
export const STAGE_MESSAGES = `
CREATE OR REPLACE TEMP TABLE s_msg AS
WITH v AS (SELECT seq, oversize, CASE WHEN NOT oversize THEN try(json_transform(line, '{"messageId":"JSON","pharmacy":"JSON","dispensings":["JSON"]}')) END AS t FROM raw),
t AS (SELECT seq, oversize, t IS NOT NULL AS json_ok, t FROM v)
SELECT seq, oversize, json_ok, js(t.messageId) AS message_id, js(t.pharmacy) AS pharmacy, t.dispensings AS ds,
  (jt(t.messageId) NOT IN ('missing', 'string') OR jt(t.pharmacy) NOT IN ('missing', 'string')) AS header_wrong_type
FROM t;
CREATE OR REPLACE TEMP TABLE s_m AS
SELECT m.seq, m.message_id, m.pharmacy, coalesce(len(m.ds), 0)::INTEGER AS n,
  list_filter([
    CASE WHEN m.oversize THEN 'message.size' END,
    CASE WHEN NOT m.oversize AND NOT m.json_ok THEN 'message.json' END,
    CASE WHEN m.json_ok AND (m.header_wrong_type OR m.message_id IS NULL OR NOT regexp_full_match(m.message_id, ${q(MESSAGE_LIMITS.idPattern)})
      OR m.pharmacy IS NULL OR NOT regexp_full_match(m.pharmacy, ${q(MESSAGE_LIMITS.idPattern)})
      OR m.ds IS NULL OR len(m.ds) = 0 OR len(m.ds) > ${MESSAGE_LIMITS.maxDispensings}) THEN 'message.schema' END,
    CASE WHEN m.json_ok AND m.pharmacy IS NOT NULL AND ph.konsesjonsnr IS NULL THEN 'message.pharmacy' END,
    CASE WHEN m.json_ok AND m.pharmacy IS NOT NULL AND $client IS NOT NULL AND m.pharmacy <> $client THEN 'message.client' END,
    CASE WHEN m.json_ok AND m.message_id IS NOT NULL AND (held.pharmacy IS DISTINCT FROM NULL AND held.pharmacy IS DISTINCT FROM m.pharmacy
      OR m.pharmacy IS DISTINCT FROM first_value(m.pharmacy) OVER (PARTITION BY m.message_id ORDER BY m.seq)) THEN 'message.id-conflict' END
  ], x -> x IS NOT NULL) AS msg_rules
FROM s_msg m
LEFT JOIN pharmacy ph ON ph.konsesjonsnr = m.pharmacy
LEFT JOIN (SELECT message_id, min(pharmacy) AS pharmacy FROM dispensing.intake_message
           WHERE message_id IN (SELECT message_id FROM s_msg) GROUP BY ALL) held ON held.message_id = m.message_id;
CREATE OR REPLACE TEMP TABLE s_d0 AS
SELECT m.seq, unnest(range(len(m.ds)))::INTEGER AS idx, unnest(m.ds) AS d FROM s_msg m WHERE len(m.ds) BETWEEN 1 AND ${MESSAGE_LIMITS.maxDispensings};
DROP TABLE raw;
`;

const topKeys = FIELDS.filter((f) => !f.path.includes('.'));
const structOf = (keys: readonly string[]): string => q(`{${keys.map((k) => `"${k}":"JSON"`).join(',')}}`);

/** The raw JSON text of a field, from the transformed element (`f`) or its part (`p_<part>`). */
function rawOf(field: Field): string {
  const [a, b] = field.path.split('.');
  return b === undefined ? `f.${ident(a!)}` : `p_${a!}.${ident(b)}`;
}

function typedOf(field: Field): string {
  const raw = rawOf(field);
  switch (field.type) {
    case 'string':
      return `js(${raw})`;
    case 'number':
      return `jn(${raw})`;
    case 'boolean':
      return `jb(${raw})`;
    case 'object':
      return `jt(${raw}) = 'object'`;
  }
}

const parentPresent = (field: Field): string => {
  const [a, b] = field.path.split('.');
  return b === undefined ? 'is_obj' : `jt(f.${ident(a!)}) = 'object'`;
};

const wrongType = (field: Field): string => `(${parentPresent(field)} AND jt(${rawOf(field)}) NOT IN ('missing', '${field.type}'))`;

/** Dispensings: transform each element, then its parts, into typed columns with the schema findings. */
export const STAGE_DISPENSINGS = `
CREATE OR REPLACE TEMP TABLE s_d1 AS
SELECT seq, idx, starts_with(d, '{') AS is_obj,
  json_transform(CASE WHEN starts_with(d, '{') THEN d END, ${structOf(topKeys.map((f) => f.path))}) AS f
FROM s_d0;
DROP TABLE s_d0;
CREATE OR REPLACE TEMP TABLE s_d AS
WITH p AS (
  SELECT seq, idx, is_obj, f,
  ${Object.entries(PARTS)
    .map(([part, keys]) => `json_transform(CASE WHEN starts_with(f.${ident(part)}, '{') THEN f.${ident(part)} END, ${structOf(keys)}) AS p_${part}`)
    .join(',\n  ')}
  FROM s_d1
)
SELECT seq, idx,
  ${FIELDS.filter((f) => f.column).map((f) => `${typedOf(f)} AS ${f.column}`).join(',\n  ')},
  iso_date(js(f."dispensedOn")) AS dispensed_on,
  iso_date(js(p_patient."birthDate")) AS birth_date,
  jt(f.animal) = 'object' AS is_animal,
  jt(f.reimbursement) = 'object' AS has_reimbursement,
  ${wrongType(FIELDS.find((f) => f.path === 'prescriber.hpr')!)} OR ${wrongType(FIELDS.find((f) => f.path === 'prescriber')!)} AS prescriber_wrong_type,
  ${wrongType(FIELDS.find((f) => f.path === 'prescriptionType')!)} AS prescription_type_wrong_type,
  ${wrongType(FIELDS.find((f) => f.path === 'reimbursement.scheme')!)} AS scheme_wrong_type,
  ${wrongType(FIELDS.find((f) => f.path === 'service.type')!)} OR ${wrongType(FIELDS.find((f) => f.path === 'service')!)} AS service_type_wrong_type,
  ${wrongType(FIELDS.find((f) => f.path === 'animal.species')!)} AS species_wrong_type,
  list_filter([${FIELDS.filter((f) => f.required)
    .map((f) => `CASE WHEN ${parentPresent(f)} AND jt(${rawOf(f)}) = 'missing' THEN '${f.path}' END`)
    .join(', ')}], x -> x IS NOT NULL) AS missing,
  list_filter([CASE WHEN NOT is_obj THEN '' END, ${FIELDS.map((f) => `CASE WHEN ${wrongType(f)} THEN '${f.path}' END`).join(', ')}], x -> x IS NOT NULL) AS type_errors
FROM p;
DROP TABLE s_d1;
`;

/** After the split: the identity-free dispensings, with internal ids and the status of each number. */
export const STAGE_SPLIT = `
CREATE OR REPLACE TEMP TABLE s_x AS
SELECT d.* EXCLUDE (patient_plain, hpr_plain),
  pid.status AS patient_status, pid.internal_id AS patient_iid,
  hid.status AS hpr_status, hid.internal_id AS prescriber_iid
FROM s_d d
LEFT JOIN s_pid pid ON pid.plain = d.patient_plain
LEFT JOIN s_hid hid ON hid.plain = d.hpr_plain;
DROP TABLE s_d; DROP TABLE s_pid; DROP TABLE s_hid;
DROP TABLE s_msg;
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

/** Enrichment from the reference store, code validity on the dispensing date, and the rules broken. */
export const STAGE_ENRICH = `
CREATE OR REPLACE TEMP TABLE s_e0 AS
SELECT x.*, m.pharmacy, m.message_id, len(m.msg_rules) = 0 AS message_ok,
  p.birth_date AS pop_birth, CASE p.sex WHEN 'male' THEN '1' WHEN 'female' THEN '2' ELSE p.sex END AS pop_sex, p.death_date,
  CASE WHEN r.valid_to IS NULL OR r.valid_to >= x.dispensed_on THEN r.municipality END AS res_municipality,
  pr.prescriber_id IS NOT NULL AS prescriber_known, pr.profession, pr.specialties,
  prod.varenr IS NOT NULL AS product_found, prod.atc, prod.name AS product_name, prod.reseptgruppe, prod.pack_size, prod.pack_unit, prod.ddd_per_pack,
  pc.amount AS fest_aup
FROM s_x x
JOIN s_m m USING (seq)
LEFT JOIN person p ON p.person_id = x.patient_iid
ASOF LEFT JOIN residence r ON r.person_id = x.patient_iid AND x.dispensed_on >= r.valid_from
LEFT JOIN prescriber pr ON pr.prescriber_id = x.prescriber_iid
LEFT JOIN product prod ON prod.varenr = x.varenr
ASOF LEFT JOIN (SELECT varenr, coalesce(valid_from, DATE '0001-01-01') AS valid_from, amount FROM price WHERE price_type = '5') pc
  ON pc.varenr = x.varenr AND coalesce(x.dispensed_on, $today::DATE) >= pc.valid_from;
DROP TABLE s_x;
CREATE OR REPLACE TEMP TABLE s_cq AS
SELECT DISTINCT oid, code, d FROM (
  SELECT unnest([${CODED.map(([oid]) => q(oid)).join(', ')}]) AS oid, unnest([${CODED.map(([, col]) => col).join(', ')}]) AS code, coalesce(dispensed_on, DATE '0001-01-01') AS d FROM s_e0
) WHERE code IS NOT NULL;
CREATE OR REPLACE TEMP TABLE s_cv AS
SELECT q.oid, q.code, q.d, bool_or(k.code IS NOT NULL) AS ok
FROM s_cq q LEFT JOIN code k ON k.oid = q.oid AND k.code = q.code
  AND (q.d = DATE '0001-01-01' OR ((k.effective_from IS NULL OR k.effective_from <= q.d) AND (k.effective_to IS NULL OR k.effective_to >= q.d)))
GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE s_flags AS
WITH n AS (SELECT seq, idx, coalesce(dispensed_on, DATE '0001-01-01') AS d, dispensed_on, patient_iid, prescriber_iid, ${CODED.map(([, col]) => col).join(', ')} FROM s_e0)
SELECT n.seq, n.idx,
  ${CODED.map(([, , flag], i) => `coalesce(c${i}.ok, false) AS ${flag}`).join(',\n  ')},
  coalesce(len(list_filter(g.periods, p -> (p.f IS NULL OR p.f <= n.dispensed_on) AND (p.t IS NULL OR p.t >= n.dispensed_on))) > 0, false) AS is_gp
FROM n
${CODED.map(([oid, col], i) => `LEFT JOIN s_cv c${i} ON c${i}.oid = ${q(oid)} AND c${i}.code = n.${col} AND c${i}.d = n.d`).join('\n')}
LEFT JOIN s_gp g ON g.person_id = n.patient_iid AND g.prescriber_id = n.prescriber_iid;
CREATE OR REPLACE TEMP TABLE s_e1 AS SELECT * FROM s_e0 JOIN s_flags USING (seq, idx);
DROP TABLE s_flags;
CREATE OR REPLACE TEMP TABLE s_e AS
SELECT *,
  list_filter([${checks.map(([id, sql]) => `CASE WHEN coalesce((${sql}), false) THEN '${id}' END`).join(',\n    ')}], x -> x IS NOT NULL) AS rules
FROM s_e1;
DROP TABLE s_e1;
DROP TABLE s_e0; DROP TABLE s_cq; DROP TABLE s_cv;
ALTER TABLE s_e ADD COLUMN has_error BOOLEAN;
UPDATE s_e SET has_error = NOT message_ok OR len(list_filter(rules, r -> r IN (${[...ERROR_IDS].map(q).join(', ')}))) > 0;
`;
