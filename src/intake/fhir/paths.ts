/**
 * Internal field paths (as the rules and receipts name them: `patient.id`, `product.varenr`, …) as
 * FHIRPath expressions on the FHIR form. Dispensing fields are rooted at the resource that carries
 * them (`Patient.identifier` is the Patient that the MedicationDispense's subject references).
 */
import { EXTENSION, REIMBURSEMENT_PART } from './systems.js';

const ext = (url: string): string => `extension('${url}')`;
const MD = 'MedicationDispense';
const REIMBURSEMENT = `${MD}.${ext(EXTENSION.reimbursement)}`;

const FHIR_PATH: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // message level
    $: 'Bundle',
    messageId: 'Bundle.identifier',
    pharmacy: 'Organization.identifier',
    system: 'Bundle.meta.source',
    sentAt: 'Bundle.timestamp',
    dispensings: 'Bundle.entry',
    // one dispensing
    '': MD,
    ref: `${MD}.identifier`,
    version: `${MD}.meta.versionId`,
    kind: `${MD}.${ext(EXTENSION.kind)}`,
    cancelled: `${MD}.status`,
    dispensedOn: `${MD}.whenHandedOver`,
    patient: `${MD}.subject`,
    'patient.id': 'Patient.identifier',
    'patient.birthDate': 'Patient.birthDate',
    'patient.sex': 'Patient.gender',
    'patient.municipality': `Patient.address.district.${ext(EXTENSION.municipality)}`,
    animal: `${MD}.${ext(EXTENSION.animalSpecies)}`,
    'animal.species': `${MD}.${ext(EXTENSION.animalSpecies)}`,
    prescriber: `${MD}.${ext(EXTENSION.prescriber)}`,
    'prescriber.hpr': 'Practitioner.identifier',
    product: `${MD}.medication`,
    'product.varenr': 'Medication.code',
    'product.packs': `${MD}.quantity`,
    'product.aup': `${MD}.${ext(EXTENSION.retailPrice)}`,
    prescriptionType: `${MD}.type`,
    substitution: `${MD}.substitution`,
    'substitution.substituted': `${MD}.substitution.wasSubstituted`,
    'substitution.reservation': `${MD}.substitution.reason`,
    reimbursement: REIMBURSEMENT,
    'reimbursement.scheme': `${REIMBURSEMENT}.${ext(REIMBURSEMENT_PART.scheme)}`,
    'reimbursement.legalBasis': `${REIMBURSEMENT}.${ext(REIMBURSEMENT_PART.legalBasis)}`,
    'reimbursement.icd10': `${REIMBURSEMENT}.${ext(REIMBURSEMENT_PART.icd10)}`,
    'reimbursement.icpc2': `${REIMBURSEMENT}.${ext(REIMBURSEMENT_PART.icpc2)}`,
    service: `${MD}.${ext(EXTENSION.serviceType)}`,
    'service.type': `${MD}.${ext(EXTENSION.serviceType)}`,
  }),
);

/**
 * The FHIRPath of an internal field path. A `dispensings[i].` prefix is dropped (the entry is the
 * caller's to name); a path that is already FHIR (it starts with a capital: `Bundle.entry[2]…`) is
 * returned as it is; an unknown path falls back on its resource (`MedicationDispense`).
 */
export function fhirPathOf(dispensingPath: string): string {
  if (/^[A-Z]/.test(dispensingPath)) return dispensingPath;
  const path = dispensingPath.replace(/^dispensings\[\d+\]\.?/, '');
  const exact = FHIR_PATH.get(path);
  if (exact !== undefined) return exact;
  // A deeper path than the table knows (`product.varenr.x`): the nearest known ancestor.
  for (let p = path; p.includes('.'); ) {
    p = p.slice(0, p.lastIndexOf('.'));
    const found = FHIR_PATH.get(p);
    if (found !== undefined) return found;
  }
  return MD;
}
