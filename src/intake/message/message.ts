/**
 * The dispensing message: what a pharmacy system sends. One message is one pharmacy's report of one
 * or more dispensings (modelled on the Eik JSON reports). The JSON Schema is in `schema.ts` and in
 * docs/formats/dispensing-message.schema.json; the FHIR R4 form maps onto the same model (intake/fhir).
 */

export type DispensingKind = 'prescription' | 'requisition' | 'service';
export const DISPENSING_KINDS: readonly DispensingKind[] = ['prescription', 'requisition', 'service'];

/** Prescription type (resepttype): e-prescription, paper, telephone, multidose (dose dispensing). */
export type PrescriptionType = 'E' | 'P' | 'T' | 'M';
export const PRESCRIPTION_TYPES: Readonly<Record<PrescriptionType, string>> = {
  E: 'e-resept (electronic prescription)',
  P: 'papirresept (paper prescription)',
  T: 'telefonresept (telephone prescription)',
  M: 'multidose (dose-dispensed)',
};

/** Reimbursement scheme: blue prescription (National Insurance), H-prescription (specialist health service), white (none). */
export type ReimbursementScheme = 'blue' | 'h' | 'white';
export const REIMBURSEMENT_SCHEMES: readonly ReimbursementScheme[] = ['blue', 'h', 'white'];

/** Masked values: a missing identity number (Eik, FarmaPro) and a missing HPR number. */
export const MASKED_PERSON_IDS = ['00000000000', '99999999999'] as const;
export const MASKED_HPR = ['0', '999999999'] as const;
/** Reporting to the register began on this day (Reseptregisterforskriften). */
export const REGISTER_START = '2004-01-01';
/** The missing date, as the pharmacy systems send it. */
export const MISSING_DATE = '0001-01-01';

/** Limits on what one message may hold (rules as data; the schema states the same numbers). */
export const MESSAGE_LIMITS = {
  maxDispensings: 10_000,
  /** Bytes of one message (one NDJSON line). */
  maxMessageBytes: 16 * 1024 * 1024,
  idPattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$',
} as const;

export interface Patient {
  /** National identity number, D-number, H-number or a masked value (00000000000, 99999999999). */
  id: string;
  /** YYYY-MM-DD; for animals, the owner's data is masked and may be absent. */
  birthDate?: string | null;
  /** Volven 3101: 1 male, 2 female, 9 not applicable, 0 unknown. */
  sex?: string | null;
  /** Volven 3402: municipality of residence as the pharmacy knows it. */
  municipality?: string | null;
}

export interface Dispensing {
  /** The pharmacy's own id of the dispensing: the key for idempotency and corrections. */
  ref: string;
  /** 1 for the first report; a correction sends the same ref with a higher version. */
  version: number;
  kind: DispensingKind;
  /** true: the dispensing is cancelled (removed from current data, kept in history). */
  cancelled?: boolean;
  /** YYYY-MM-DD. */
  dispensedOn: string;
  patient: Patient;
  /** Present for a veterinary dispensing: the patient is then the animal's owner. */
  animal?: { species: string } | null;
  /** The prescriber; absent for pharmaceutical services. A masked HPR is 0 or 999999999. */
  prescriber?: { hpr: string } | null;
  product: {
    /** FEST Varenr. */
    varenr: string;
    /** Packs dispensed; may be fractional (a part of a pack). */
    packs: number;
    /** Pharmacy retail price (AUP), NOK, for the packs dispensed. */
    aup?: number | null;
  };
  /** Required for prescriptions. */
  prescriptionType?: PrescriptionType | null;
  substitution?: {
    /** The pharmacy substituted a generic equivalent. */
    substituted: boolean;
    /** Local code list 99792: reservation against generic substitution. */
    reservation?: string | null;
  } | null;
  reimbursement?: {
    scheme: ReimbursementScheme;
    /** Volven 7427 refusjonshjemmel. */
    legalBasis?: string | null;
    /** Volven 7110 ICD-10. */
    icd10?: string | null;
    /** Volven 7170 ICPC-2. */
    icpc2?: string | null;
  } | null;
  /** Required for pharmaceutical services: local code list 99794. */
  service?: { type: string } | null;
}

export interface DispensingMessage {
  /** Unique per message, chosen by the sender (for example a UUID). */
  messageId: string;
  /** The reporting pharmacy's konsesjonsnummer. */
  pharmacy: string;
  /** The sending system, for example Eik or FarmaPro. */
  system?: string | null;
  /** When the message was produced (ISO 8601 date-time). */
  sentAt?: string | null;
  dispensings: Dispensing[];
}

// ---------------------------------------------------------------- receipts

export type MessageStatus = 'accepted' | 'partially-accepted' | 'rejected';
export type DispensingStatus = 'accepted' | 'rejected' | 'duplicate' | 'corrected' | 'cancelled';

export interface ReceiptIssue {
  severity: 'error' | 'warning';
  rule: string;
  path: string;
  message: string;
}

export interface DispensingReceipt {
  ref: string | null;
  status: DispensingStatus;
  issues: ReceiptIssue[];
}

export interface Receipt {
  messageId: string | null;
  status: MessageStatus;
  /** Message-level issues (broken JSON, unknown pharmacy, …); dispensing issues are under each dispensing. */
  issues?: ReceiptIssue[];
  dispensings: DispensingReceipt[];
}

/** What `lmr ingest --json` prints (and the API sums per request). */
export interface IngestSummary {
  messages: number;
  dispensings: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  corrected: number;
  cancelled: number;
  seconds: number;
}
