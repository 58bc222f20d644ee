import { MESSAGE_LIMITS, MISSING_DATE, REGISTER_START, PRESCRIPTION_TYPES, REIMBURSEMENT_SCHEMES, DISPENSING_KINDS } from '../message/message.js';

/**
 * The dispensing-level checks, as data: for each rule id in the catalogue, a SQL condition over one
 * staged, split and enriched dispensing (the columns of `s_e`, see pipeline/stage.ts) that is true
 * when the rule is broken. `dispensing.required`/`dispensing.type` come from the field table, and the
 * version rules from the idempotency step; message-level rules live in stage.ts.
 */

const list = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
const MISSING = `'${MISSING_DATE}'`;
const DATE_OK = 'dispensed_on IS NOT NULL';

export const DISPENSING_CHECKS: Readonly<Record<string, string>> = {
  'dispensing.required': 'len(missing) > 0',
  'dispensing.type': 'len(type_errors) > 0',
  'dispensing.ref': `ref IS NOT NULL AND NOT regexp_full_match(ref, '${MESSAGE_LIMITS.idPattern}')`,
  'dispensing.version': 'version_n IS NOT NULL AND (version_n < 1 OR version_n <> floor(version_n) OR version_n > 2147483647)',
  'dispensing.kind': `kind IS NOT NULL AND kind NOT IN (${list(DISPENSING_KINDS)})`,
  'date.format': `dispensed_on_s IS NOT NULL AND dispensed_on IS NULL AND dispensed_on_s <> ${MISSING}`,
  'date.missing': `dispensed_on_s = ${MISSING}`,
  'date.future': `${DATE_OK} AND dispensed_on > $today`,
  'date.before-register': `${DATE_OK} AND dispensed_on < DATE '${REGISTER_START}' AND dispensed_on_s <> ${MISSING}`,
  'date.before-birth': `${DATE_OK} AND dispensed_on >= DATE '${REGISTER_START}' AND dispensed_on < coalesce(pop_birth, birth_date)`,
  'date.after-death': `${DATE_OK} AND death_date IS NOT NULL AND dispensed_on > death_date`,
  'patient.id.invalid': `patient_status = 'invalid'`,
  'patient.id.masked': `patient_status = 'masked'`,
  'patient.id.unknown': `message_ok AND patient_status = 'valid' AND pop_birth IS NULL`,
  'patient.birth-date': `birth_date_s IS NOT NULL AND birth_date_s <> ${MISSING} AND birth_date IS NULL`,
  'patient.birth-date.missing': `birth_date_s = ${MISSING}`,
  'patient.sex': `sex IS NOT NULL AND NOT sex_ok`,
  'patient.municipality': `municipality IS NOT NULL AND NOT municipality_ok`,
  'prescriber.required': `kind IN ('prescription', 'requisition') AND hpr_status IS NULL AND NOT prescriber_wrong_type`,
  'prescriber.hpr': `hpr_status = 'invalid'`,
  'prescriber.masked': `hpr_status = 'masked'`,
  'prescriber.unknown': `message_ok AND hpr_status = 'valid' AND NOT prescriber_known`,
  'product.unknown': 'varenr IS NOT NULL AND NOT product_found',
  'product.atc': `product_found AND ${DATE_OK} AND NOT atc_ok`,
  'packs.positive': 'packs <= 0',
  'packs.plausible': 'packs > 999',
  'packs.unusual': 'packs > 100 AND packs <= 999',
  'price.negative': 'aup < 0',
  'price.plausible': 'aup > 10000000',
  'price.unusual': 'aup > 0 AND aup <= 10000000 AND packs > 0 AND fest_aup > 0 AND (aup > 5 * fest_aup * packs OR aup * 5 < fest_aup * packs)',
  'prescription-type': `(prescription_type IS NOT NULL AND prescription_type NOT IN (${list(Object.keys(PRESCRIPTION_TYPES))})) OR (kind = 'prescription' AND prescription_type IS NULL AND NOT prescription_type_wrong_type)`,
  'reservation.code': 'reservation IS NOT NULL AND NOT reservation_ok',
  'reimbursement.scheme': `has_reimbursement AND (scheme IS NULL OR scheme NOT IN (${list(REIMBURSEMENT_SCHEMES)})) AND NOT scheme_wrong_type`,
  'reimbursement.legal-basis': 'legal_basis IS NOT NULL AND NOT legal_basis_ok',
  'reimbursement.icd10': 'icd10 IS NOT NULL AND NOT icd10_ok',
  'reimbursement.icpc2': 'icpc2 IS NOT NULL AND NOT icpc2_ok',
  'reimbursement.diagnosis': `scheme = 'blue' AND icd10 IS NULL AND icpc2 IS NULL`,
  'service.type': `(kind = 'service' AND service_type IS NULL AND NOT service_type_wrong_type) OR (service_type IS NOT NULL AND NOT service_ok)`,
  'animal.species': `is_animal AND ((species IS NULL AND NOT species_wrong_type) OR (species IS NOT NULL AND NOT species_ok))`,
};

/** Rules decided when a dispensing meets what the register already holds (pipeline/classify). */
export const VERSION_RULES = ['version.conflict', 'version.stale', 'cancel.unknown'] as const;
