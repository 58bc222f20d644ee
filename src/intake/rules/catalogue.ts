/**
 * The intake validation rules, as data. Every issue in a receipt names one of these ids; the
 * checks themselves are SQL expressions in `checks.ts`, keyed by the same ids (a test keeps the two
 * in step). An error rejects the dispensing (or, at message level, the message); a warning accepts it
 * and records the rule on the stored dispensing.
 */

import { REGISTER_START } from '../message/message.js';

export type RuleLevel = 'message' | 'dispensing';

export interface Rule {
  readonly id: string;
  readonly severity: 'error' | 'warning';
  readonly level: RuleLevel;
  /** The field the rule is about, relative to the message (`$`) or to one dispensing. */
  readonly path: string;
  readonly description: string;
  /** Where the rule comes from: a code list, a regulation, the message schema, or register practice. */
  readonly source: string;
}

const SCHEMA = 'Dispensing-message schema (docs/formats/dispensing-message.schema.json)';
const PRACTICE = 'Register practice (plausibility)';

export const RULES: readonly Rule[] = [
  // ---- message level: the whole message is rejected
  { id: 'message.json', severity: 'error', level: 'message', path: '$', description: 'The message is well-formed JSON: one JSON object (one line of NDJSON)', source: 'RFC 8259' },
  { id: 'message.schema', severity: 'error', level: 'message', path: '$', description: 'The message has messageId and pharmacy as strings in the id format, and dispensings as an array of 1 to 10,000 objects', source: SCHEMA },
  { id: 'message.size', severity: 'error', level: 'message', path: '$', description: 'One message is at most 16 MiB', source: SCHEMA },
  { id: 'message.pharmacy', severity: 'error', level: 'message', path: 'pharmacy', description: 'The pharmacy (konsesjonsnummer) is in the pharmacy register', source: 'Pharmacy list, Norwegian Medical Products Agency' },
  { id: 'message.client', severity: 'error', level: 'message', path: 'pharmacy', description: "The authenticated client may report for the message's pharmacy", source: 'Access rules: a client is bound to one pharmacy' },
  { id: 'message.id-conflict', severity: 'error', level: 'message', path: 'messageId', description: 'The messageId has not been used by another pharmacy', source: SCHEMA },

  // ---- dispensing level: the dispensing is rejected (errors) or accepted with a recorded issue (warnings)
  { id: 'dispensing.required', severity: 'error', level: 'dispensing', path: '', description: 'The required fields are present: ref, version, kind, dispensedOn, patient.id, product.varenr, product.packs', source: SCHEMA },
  { id: 'dispensing.type', severity: 'error', level: 'dispensing', path: '', description: 'Every field has its JSON type: strings for codes, ids and dates; numbers for packs and aup; booleans for flags; objects for the parts', source: SCHEMA },
  { id: 'dispensing.ref', severity: 'error', level: 'dispensing', path: 'ref', description: "The pharmacy's dispensing id is 1–64 characters of letters, digits and . _ : -", source: SCHEMA },
  { id: 'dispensing.version', severity: 'error', level: 'dispensing', path: 'version', description: 'The version is a whole number from 1', source: SCHEMA },
  { id: 'dispensing.kind', severity: 'error', level: 'dispensing', path: 'kind', description: 'The kind is prescription, requisition or service', source: SCHEMA },
  { id: 'date.format', severity: 'error', level: 'dispensing', path: 'dispensedOn', description: 'The dispensing date is a calendar date, YYYY-MM-DD', source: SCHEMA },
  { id: 'date.missing', severity: 'error', level: 'dispensing', path: 'dispensedOn', description: 'The dispensing date is not the missing date 0001-01-01', source: 'Pharmacy systems send 0001-01-01 for a missing date' },
  { id: 'date.future', severity: 'error', level: 'dispensing', path: 'dispensedOn', description: 'The dispensing date is not after the day the message is received', source: PRACTICE },
  { id: 'date.before-register', severity: 'error', level: 'dispensing', path: 'dispensedOn', description: `The dispensing date is not before ${REGISTER_START}, when reporting to the register began`, source: 'Reseptregisterforskriften (2004)' },
  { id: 'date.before-birth', severity: 'error', level: 'dispensing', path: 'dispensedOn', description: "The dispensing date is not before the patient's birth (population register, else the message)", source: PRACTICE },
  { id: 'date.after-death', severity: 'error', level: 'dispensing', path: 'dispensedOn', description: "The dispensing date is not after the patient's death (population register)", source: PRACTICE },
  { id: 'patient.id.invalid', severity: 'error', level: 'dispensing', path: 'patient.id', description: 'The patient id is a valid national identity number, D-number or H-number (11 digits, valid date, both check digits), or a masked value', source: 'Skatteetaten: fødselsnummer check digits (incl. the 2032 rule)' },
  { id: 'patient.id.masked', severity: 'warning', level: 'dispensing', path: 'patient.id', description: 'The patient id is masked (00000000000 or 99999999999): the dispensing has no patient', source: 'Eik and FarmaPro masked values' },
  { id: 'patient.id.unknown', severity: 'warning', level: 'dispensing', path: 'patient.id', description: 'The patient id is valid but not in the population register: residence and age come from the message', source: 'Folkeregisteret' },
  { id: 'patient.birth-date', severity: 'error', level: 'dispensing', path: 'patient.birthDate', description: 'The birth date, when given, is a calendar date YYYY-MM-DD', source: SCHEMA },
  { id: 'patient.birth-date.missing', severity: 'warning', level: 'dispensing', path: 'patient.birthDate', description: 'The birth date is the missing date 0001-01-01', source: 'Pharmacy systems send 0001-01-01 for a missing date' },
  { id: 'patient.sex', severity: 'error', level: 'dispensing', path: 'patient.sex', description: 'The sex, when given, is a code in Volven 3101', source: 'Volven 3101 Kjønn' },
  { id: 'patient.municipality', severity: 'error', level: 'dispensing', path: 'patient.municipality', description: 'The municipality, when given, is a code in Volven 3402 valid on the dispensing date', source: 'Volven 3402 Kommuner' },
  { id: 'prescriber.required', severity: 'error', level: 'dispensing', path: 'prescriber.hpr', description: 'A prescription or requisition names a prescriber (a masked HPR is allowed)', source: 'Reseptregisterforskriften' },
  { id: 'prescriber.hpr', severity: 'error', level: 'dispensing', path: 'prescriber.hpr', description: 'The HPR number is 1–9 digits, or a masked value (0 or 999999999)', source: 'Helsepersonellregisteret' },
  { id: 'prescriber.masked', severity: 'warning', level: 'dispensing', path: 'prescriber.hpr', description: 'The HPR number is masked: the dispensing has no prescriber', source: 'Eik and FarmaPro masked values' },
  { id: 'prescriber.unknown', severity: 'warning', level: 'dispensing', path: 'prescriber.hpr', description: 'The HPR number is not in the prescriber register: profession and specialty are unknown', source: 'Helsepersonellregisteret' },
  { id: 'product.unknown', severity: 'error', level: 'dispensing', path: 'product.varenr', description: 'The varenr is a pack in FEST', source: 'FEST (M30)' },
  { id: 'product.atc', severity: 'error', level: 'dispensing', path: 'product.varenr', description: "The product's ATC code is valid in Volven 7180 on the dispensing date", source: 'Volven 7180 ATC' },
  { id: 'packs.positive', severity: 'error', level: 'dispensing', path: 'product.packs', description: 'The number of packs is greater than 0 (returns are sent as cancellations)', source: PRACTICE },
  { id: 'packs.plausible', severity: 'error', level: 'dispensing', path: 'product.packs', description: 'The number of packs is at most 999', source: PRACTICE },
  { id: 'packs.unusual', severity: 'warning', level: 'dispensing', path: 'product.packs', description: 'More than 100 packs in one dispensing', source: PRACTICE },
  { id: 'price.negative', severity: 'error', level: 'dispensing', path: 'product.aup', description: 'The price (AUP) is not negative', source: PRACTICE },
  { id: 'price.plausible', severity: 'error', level: 'dispensing', path: 'product.aup', description: 'The price is at most NOK 10,000,000', source: PRACTICE },
  { id: 'price.unusual', severity: 'warning', level: 'dispensing', path: 'product.aup', description: "The price differs from FEST's AUP × packs by more than a factor of 5", source: 'FEST PrisVare (AUP)' },
  { id: 'prescription-type', severity: 'error', level: 'dispensing', path: 'prescriptionType', description: 'A prescription has a prescription type: E, P, T or M', source: SCHEMA },
  { id: 'reservation.code', severity: 'error', level: 'dispensing', path: 'substitution.reservation', description: 'The reservation against generic substitution, when given, is a code in local list 99792', source: 'Local code list 99792' },
  { id: 'reimbursement.scheme', severity: 'error', level: 'dispensing', path: 'reimbursement.scheme', description: 'The reimbursement scheme is blue, h or white', source: SCHEMA },
  { id: 'reimbursement.legal-basis', severity: 'error', level: 'dispensing', path: 'reimbursement.legalBasis', description: 'The legal basis, when given, is a code in Volven 7427 valid on the dispensing date', source: 'Volven 7427 Refusjonshjemmel' },
  { id: 'reimbursement.icd10', severity: 'error', level: 'dispensing', path: 'reimbursement.icd10', description: 'The ICD-10 code, when given, is in Volven 7110 and valid on the dispensing date', source: 'Volven 7110 ICD-10' },
  { id: 'reimbursement.icpc2', severity: 'error', level: 'dispensing', path: 'reimbursement.icpc2', description: 'The ICPC-2 code, when given, is in Volven 7170 and valid on the dispensing date', source: 'Volven 7170 ICPC-2' },
  { id: 'reimbursement.diagnosis', severity: 'warning', level: 'dispensing', path: 'reimbursement', description: 'A blue prescription names an ICD-10 or ICPC-2 code', source: 'Blåreseptforskriften' },
  { id: 'service.type', severity: 'error', level: 'dispensing', path: 'service.type', description: 'A pharmaceutical service has a service type in local list 99794', source: 'Local code list 99794' },
  { id: 'animal.species', severity: 'error', level: 'dispensing', path: 'animal.species', description: 'A veterinary dispensing has a species in local list 99775', source: 'Local code list 99775' },
  { id: 'version.conflict', severity: 'error', level: 'dispensing', path: 'version', description: 'A version already received is not sent again with different content (send a higher version to correct)', source: 'Intake idempotency' },
  { id: 'version.stale', severity: 'warning', level: 'dispensing', path: 'version', description: 'A version older than the one held arrived late; it changes nothing (status duplicate)', source: 'Intake idempotency' },
  { id: 'cancel.unknown', severity: 'error', level: 'dispensing', path: 'cancelled', description: 'A cancellation refers to a dispensing the register holds', source: 'Intake idempotency' },
];

export const RULE_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

/**
 * Error rules the pharmacy simulator breaks on purpose, with how: each needs nothing but the message
 * itself and the nation's reference data. (`product.atc` and the message-level rules need a broken
 * catalogue or transport and are tested separately.)
 */
export const SIMULATED_RULES = [
  'dispensing.required',
  'dispensing.type',
  'dispensing.ref',
  'dispensing.version',
  'dispensing.kind',
  'date.format',
  'date.missing',
  'date.future',
  'date.before-register',
  'date.before-birth',
  'date.after-death',
  'patient.id.invalid',
  'patient.birth-date',
  'patient.sex',
  'patient.municipality',
  'prescriber.required',
  'prescriber.hpr',
  'product.unknown',
  'packs.positive',
  'packs.plausible',
  'price.negative',
  'price.plausible',
  'prescription-type',
  'reservation.code',
  'reimbursement.scheme',
  'reimbursement.legal-basis',
  'reimbursement.icd10',
  'reimbursement.icpc2',
  'service.type',
  'animal.species',
  'version.conflict',
  'cancel.unknown',
] as const;
