/**
 * Every identifier system, code system and extension URL the FHIR R4 form of the dispensing message
 * uses, in one place. National systems come from HL7 Norway (no-basis) and FHI's LMDI guide; the
 * rest are register-local and live under `FHIR_BASE` (see README.md in this folder).
 */

/** The base of the register's own FHIR definitions (NamingSystems, CodeSystems, extensions). */
export const FHIR_BASE = 'https://lmr.fhi.no/fhir';

/** Volven code lists are identified by OIDs under 2.16.578.1.12.4.1.1. */
export const volven = (list: number): string => `urn:oid:2.16.578.1.12.4.1.1.${list}`;

export const SYSTEM = {
  // ---- identifiers of persons and organisations (HL7 Norway no-basis)
  /** Fødselsnummer (national identity number). */
  fnr: 'urn:oid:2.16.578.1.12.4.1.4.1',
  /** D-nummer. */
  dnr: 'urn:oid:2.16.578.1.12.4.1.4.2',
  /** Felles hjelpenummer (FH-number); H-numbers are also sent under this system. */
  fhnr: 'urn:oid:2.16.578.1.12.4.1.4.3',
  /** no-basis's system for a locally assigned H-number (accepted on input only). */
  hnrLocal: 'HNR',
  /** Helsepersonellregisteret (HPR number). */
  hpr: 'urn:oid:2.16.578.1.12.4.1.4.4',
  /** Enhetsregisteret: organisation number (ENH). */
  enh: 'urn:oid:2.16.578.1.12.4.1.4.101',
  /** The pharmacy's licence number (konsesjonsnummer): no national system exists, so the register defines one. */
  konsesjonsnummer: `${FHIR_BASE}/NamingSystem/konsesjonsnummer`,

  // ---- identifiers the register defines
  /** The sender's message id (Bundle.identifier). */
  messageId: `${FHIR_BASE}/NamingSystem/message-id`,
  /** The pharmacy's own id of a dispensing (MedicationDispense.identifier), unique per pharmacy. */
  dispensingRef: `${FHIR_BASE}/NamingSystem/dispensing-ref`,

  // ---- codes
  /** FEST varenummer, as FHI's LMDI guide names it (Medication.code.coding slice `Varenummer`). */
  varenummer: 'http://dmp.no/fhir/NamingSystem/fest-varenummer',
  /** Prescription type (resepttype) E, P, T, M: a register-local CodeSystem. */
  prescriptionType: `${FHIR_BASE}/CodeSystem/prescription-type`,
  /** The intake rule ids (OperationOutcome.issue.details). */
  rule: `${FHIR_BASE}/CodeSystem/intake-rule`,
  /** Volven 3402 Kommuner, as LMDI's municipality extension fixes it. */
  municipality: volven(3402),
  /** no-basis's preferred system for kommunenummer (accepted on input as well). */
  municipalityGeonorge: 'https://register.geonorge.no/subregister/sosi-kodelister/kartverket/kommunenummer-alle',
  legalBasis: volven(7427),
  icd10: volven(7110),
  icpc2: volven(7170),
  /** Local code list 99775: animal species. */
  species: volven(99775),
  /** Local code list 99792: reservation against generic substitution. */
  reservation: volven(99792),
  /** Local code list 99794: pharmaceutical service type. */
  serviceType: volven(99794),
  ucum: 'http://unitsofmeasure.org',
} as const;

export const EXTENSION = {
  /** HL7 Norway no-basis: the municipality code, on Address.district (JSON `_district`), valueCoding. */
  municipality: 'http://hl7.no/fhir/StructureDefinition/no-basis-municipalitycode',
  /** MedicationDispense: the message kind, valueCode prescription | requisition | service. */
  kind: `${FHIR_BASE}/StructureDefinition/dispensing-kind`,
  /** MedicationDispense: the prescriber, valueReference(Practitioner). */
  prescriber: `${FHIR_BASE}/StructureDefinition/prescriber`,
  /** MedicationDispense: the retail price (AUP) of the packs dispensed, valueMoney in NOK. */
  retailPrice: `${FHIR_BASE}/StructureDefinition/retail-price`,
  /** MedicationDispense: reimbursement, a complex extension with the sub-extensions below. */
  reimbursement: `${FHIR_BASE}/StructureDefinition/reimbursement`,
  /** MedicationDispense: the animal's species (local list 99775), valueCoding; the subject is then the owner. */
  animalSpecies: `${FHIR_BASE}/StructureDefinition/animal-species`,
  /** MedicationDispense: the pharmaceutical service type (local list 99794), valueCoding. */
  serviceType: `${FHIR_BASE}/StructureDefinition/service-type`,
} as const;

/** The sub-extensions of EXTENSION.reimbursement (relative URLs, as complex extensions use). */
export const REIMBURSEMENT_PART = {
  /** valueCode blue | h | white. */
  scheme: 'scheme',
  /** valueCoding, Volven 7427. */
  legalBasis: 'legalBasis',
  /** valueCoding, Volven 7110. */
  icd10: 'icd10',
  /** valueCoding, Volven 7170. */
  icpc2: 'icpc2',
} as const;

/** The unit of MedicationDispense.quantity: packs, as a UCUM annotation. */
export const PACK_UNIT = { unit: 'pack', system: SYSTEM.ucum, code: '{pack}' } as const;

/** Patient.gender ↔ Volven 3101 (Maps, so that no input string can reach an object's prototype). */
export const GENDER_TO_SEX: ReadonlyMap<string, string> = new Map([
  ['male', '1'],
  ['female', '2'],
  ['other', '9'],
  ['unknown', '0'],
]);
export const SEX_TO_GENDER: ReadonlyMap<string, string> = new Map([...GENDER_TO_SEX].map(([g, s]) => [s, g]));
