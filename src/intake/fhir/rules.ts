/**
 * The rules only the FHIR form has: the structure of the Bundle, which the intake rules (they run on
 * the internal message) cannot see. Same shape as RULES in ../rules/catalogue.ts, to be merged there.
 * Also the FHIR IssueType each rule reports as in an OperationOutcome.
 */
import type { Rule } from '../rules/catalogue.js';

const FHIR_FORM = 'FHIR R4 form of the dispensing message (src/intake/fhir/README.md)';

export const FHIR_RULES: readonly Rule[] = [
  { id: 'fhir.bundle', severity: 'error', level: 'message', path: 'Bundle', description: 'The document is a FHIR R4 Bundle of type transaction with at least one entry', source: 'FHIR R4 Bundle' },
  { id: 'fhir.entry', severity: 'error', level: 'message', path: 'Bundle.entry', description: 'Every entry holds a resource with a resourceType, and no two entries share a fullUrl', source: 'FHIR R4 Bundle (bdl-7)' },
  { id: 'fhir.resource-type', severity: 'warning', level: 'message', path: 'Bundle.entry.resource', description: 'Entries other than MedicationDispense, Patient, Practitioner, Organization and Medication are ignored', source: FHIR_FORM },
  { id: 'fhir.pharmacy', severity: 'error', level: 'message', path: 'MedicationDispense.performer.actor', description: 'Every MedicationDispense names as performer the same Organization in the bundle, and it has a konsesjonsnummer or an ENH organisation number', source: FHIR_FORM },
  { id: 'fhir.dispense', severity: 'error', level: 'dispensing', path: 'MedicationDispense', description: 'A MedicationDispense has a subject (Patient) and a medication (a Medication reference or medicationCodeableConcept)', source: FHIR_FORM },
  { id: 'fhir.reference', severity: 'error', level: 'dispensing', path: 'MedicationDispense', description: 'The subject, medication and prescriber references resolve to a resource of the expected type in the bundle (fullUrl or type/id) or contained in the MedicationDispense', source: 'FHIR R4 Bundle: resolving references in a transaction' },
  { id: 'fhir.status', severity: 'error', level: 'dispensing', path: 'MedicationDispense.status', description: 'The status is completed, or entered-in-error for a cancellation', source: FHIR_FORM },
];

/** A FHIR R4 IssueType (http://hl7.org/fhir/issue-type). */
export type IssueType =
  | 'invalid'
  | 'structure'
  | 'required'
  | 'value'
  | 'code-invalid'
  | 'business-rule'
  | 'conflict'
  | 'duplicate'
  | 'not-found'
  | 'not-supported'
  | 'forbidden'
  | 'too-costly'
  | 'incomplete'
  | 'processing'
  | 'informational';

/** The IssueType for every rule id (catalogue and FHIR_RULES); a test keeps it complete. */
export const ISSUE_TYPE: ReadonlyMap<string, IssueType> = new Map(
  Object.entries({
    'message.json': 'structure',
    'message.schema': 'structure',
    'message.size': 'too-costly',
    'message.pharmacy': 'not-found',
    'message.client': 'forbidden',
    'message.id-conflict': 'conflict',
    'dispensing.required': 'required',
    'dispensing.type': 'structure',
    'dispensing.ref': 'value',
    'dispensing.version': 'value',
    'dispensing.kind': 'code-invalid',
    'date.format': 'value',
    'date.missing': 'required',
    'date.future': 'business-rule',
    'date.before-register': 'business-rule',
    'date.before-birth': 'business-rule',
    'date.after-death': 'business-rule',
    'patient.id.invalid': 'value',
    'patient.id.masked': 'incomplete',
    'patient.id.unknown': 'not-found',
    'patient.birth-date': 'value',
    'patient.birth-date.missing': 'incomplete',
    'patient.sex': 'code-invalid',
    'patient.municipality': 'code-invalid',
    'prescriber.required': 'required',
    'prescriber.hpr': 'value',
    'prescriber.masked': 'incomplete',
    'prescriber.unknown': 'not-found',
    'product.unknown': 'code-invalid',
    'product.atc': 'business-rule',
    'packs.positive': 'business-rule',
    'packs.plausible': 'business-rule',
    'packs.unusual': 'business-rule',
    'price.negative': 'business-rule',
    'price.plausible': 'business-rule',
    'price.unusual': 'business-rule',
    'prescription-type': 'code-invalid',
    'reservation.code': 'code-invalid',
    'reimbursement.scheme': 'code-invalid',
    'reimbursement.legal-basis': 'code-invalid',
    'reimbursement.icd10': 'code-invalid',
    'reimbursement.icpc2': 'code-invalid',
    'reimbursement.diagnosis': 'incomplete',
    'service.type': 'code-invalid',
    'animal.species': 'code-invalid',
    'version.conflict': 'conflict',
    'version.stale': 'duplicate',
    'cancel.unknown': 'not-found',
    'fhir.bundle': 'structure',
    'fhir.entry': 'structure',
    'fhir.resource-type': 'not-supported',
    'fhir.pharmacy': 'required',
    'fhir.dispense': 'required',
    'fhir.reference': 'not-found',
    'fhir.status': 'code-invalid',
  } satisfies Record<string, IssueType>),
);

/** The IssueType of a rule; an unknown rule falls back on its severity. */
export function issueTypeOf(rule: string, severity: 'error' | 'warning'): IssueType {
  return ISSUE_TYPE.get(rule) ?? (severity === 'error' ? 'invalid' : 'business-rule');
}
