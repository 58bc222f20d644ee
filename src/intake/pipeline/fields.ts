/**
 * The fields of one dispensing, as data: where each sits in the message, its JSON type, whether it is
 * required, and the staging column it becomes. The staging SQL (stage.ts) is generated from this
 * table, and so are the `dispensing.required` and `dispensing.type` checks.
 */

export type JsonType = 'string' | 'number' | 'boolean' | 'object';

/** The parts of a dispensing that are objects, with the keys read from each. */
export const PARTS = {
  patient: ['id', 'birthDate', 'sex', 'municipality'],
  animal: ['species'],
  prescriber: ['hpr'],
  product: ['varenr', 'packs', 'aup'],
  substitution: ['substituted', 'reservation'],
  reimbursement: ['scheme', 'legalBasis', 'icd10', 'icpc2'],
  service: ['type'],
} as const;

export type Part = keyof typeof PARTS;

export interface Field {
  /** Path within a dispensing, as in receipts: `patient.id`. */
  readonly path: string;
  readonly type: JsonType;
  readonly required: boolean;
  /** The typed staging column; identity numbers go to columns named `*_plain`, dropped at the split. */
  readonly column: string;
}

export const FIELDS: readonly Field[] = [
  { path: 'ref', type: 'string', required: true, column: 'ref' },
  { path: 'version', type: 'number', required: true, column: 'version_n' },
  { path: 'kind', type: 'string', required: true, column: 'kind' },
  { path: 'cancelled', type: 'boolean', required: false, column: 'cancelled_b' },
  { path: 'dispensedOn', type: 'string', required: true, column: 'dispensed_on_s' },
  { path: 'prescriptionType', type: 'string', required: false, column: 'prescription_type' },
  { path: 'patient', type: 'object', required: true, column: '' },
  { path: 'animal', type: 'object', required: false, column: '' },
  { path: 'prescriber', type: 'object', required: false, column: '' },
  { path: 'product', type: 'object', required: true, column: '' },
  { path: 'substitution', type: 'object', required: false, column: '' },
  { path: 'reimbursement', type: 'object', required: false, column: '' },
  { path: 'service', type: 'object', required: false, column: '' },
  { path: 'patient.id', type: 'string', required: true, column: 'patient_plain' },
  { path: 'patient.birthDate', type: 'string', required: false, column: 'birth_date_s' },
  { path: 'patient.sex', type: 'string', required: false, column: 'sex' },
  { path: 'patient.municipality', type: 'string', required: false, column: 'municipality' },
  { path: 'animal.species', type: 'string', required: false, column: 'species' },
  { path: 'prescriber.hpr', type: 'string', required: false, column: 'hpr_plain' },
  { path: 'product.varenr', type: 'string', required: true, column: 'varenr' },
  { path: 'product.packs', type: 'number', required: true, column: 'packs' },
  { path: 'product.aup', type: 'number', required: false, column: 'aup' },
  { path: 'substitution.substituted', type: 'boolean', required: false, column: 'substituted' },
  { path: 'substitution.reservation', type: 'string', required: false, column: 'reservation' },
  { path: 'reimbursement.scheme', type: 'string', required: false, column: 'scheme' },
  { path: 'reimbursement.legalBasis', type: 'string', required: false, column: 'legal_basis' },
  { path: 'reimbursement.icd10', type: 'string', required: false, column: 'icd10' },
  { path: 'reimbursement.icpc2', type: 'string', required: false, column: 'icpc2' },
  { path: 'service.type', type: 'string', required: false, column: 'service_type' },
];
