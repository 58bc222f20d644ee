import { DISPENSING_KINDS, MESSAGE_LIMITS, PRESCRIPTION_TYPES, REIMBURSEMENT_SCHEMES } from './message.js';

/**
 * The JSON Schema (2020-12) of the dispensing message. Served at GET /api/intake/v1/schema and kept
 * in docs/formats/dispensing-message.schema.json (a test keeps the two equal). The intake rules check
 * the same constraints in SQL and name the rule that failed; this schema is for senders' tooling.
 */
const code = (description: string): object => ({ type: ['string', 'null'], minLength: 1, maxLength: 16, description });
const date = (description: string): object => ({ type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });
const id = { type: 'string', pattern: MESSAGE_LIMITS.idPattern };

export const DISPENSING_MESSAGE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://lmr.example/schemas/dispensing-message.schema.json',
  title: 'Dispensing message',
  description: "One pharmacy's report of one or more dispensings. NDJSON: one message per line.",
  type: 'object',
  required: ['messageId', 'pharmacy', 'dispensings'],
  properties: {
    messageId: { ...id, description: 'Unique per message, chosen by the sender (for example a UUID)' },
    pharmacy: { ...id, description: "The reporting pharmacy's konsesjonsnummer" },
    system: { type: ['string', 'null'], description: 'The sending system, e.g. Eik or FarmaPro' },
    sentAt: { type: ['string', 'null'], format: 'date-time' },
    dispensings: { type: 'array', minItems: 1, maxItems: MESSAGE_LIMITS.maxDispensings, items: { $ref: '#/$defs/dispensing' } },
  },
  $defs: {
    dispensing: {
      type: 'object',
      required: ['ref', 'version', 'kind', 'dispensedOn', 'patient', 'product'],
      properties: {
        ref: { ...id, description: "The pharmacy's own dispensing id: the key for idempotency and corrections" },
        version: { type: 'integer', minimum: 1, description: '1 for the first report; a correction sends the same ref with a higher version' },
        kind: { enum: DISPENSING_KINDS, description: 'prescription (reseptmelding), requisition (rekvisisjon) or pharmaceutical service' },
        cancelled: { type: ['boolean', 'null'], description: 'true cancels the dispensing: removed from current data, kept in history' },
        dispensedOn: date('Dispensing date, YYYY-MM-DD (0001-01-01 is the missing date and is rejected)'),
        patient: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'string', description: 'National identity number, D-number or H-number; masked: 00000000000 (Eik) or 99999999999 (FarmaPro). For animals: the owner.' },
            birthDate: { ...date('Birth date; for animals masked (absent)'), type: ['string', 'null'] },
            sex: code('Volven 3101: 1 male, 2 female, 9 not applicable, 0 unknown'),
            municipality: code('Volven 3402 municipality of residence'),
          },
        },
        animal: { type: ['object', 'null'], required: ['species'], properties: { species: code('Local code list 99775 species') } },
        prescriber: { type: ['object', 'null'], required: ['hpr'], properties: { hpr: { type: 'string', description: 'HPR number, 1–9 digits; masked: 0 or 999999999' } } },
        product: {
          type: 'object',
          required: ['varenr', 'packs'],
          properties: {
            varenr: { type: 'string', description: 'FEST varenummer' },
            packs: { type: 'number', exclusiveMinimum: 0, maximum: 999, description: 'Packs dispensed (may be fractional)' },
            aup: { type: ['number', 'null'], minimum: 0, maximum: 10_000_000, description: 'Pharmacy retail price (AUP), NOK, for the packs dispensed' },
          },
        },
        prescriptionType: { enum: [...Object.keys(PRESCRIPTION_TYPES), null], description: Object.entries(PRESCRIPTION_TYPES).map(([k, v]) => `${k}: ${v}`).join('; ') },
        substitution: {
          type: ['object', 'null'],
          required: ['substituted'],
          properties: { substituted: { type: 'boolean' }, reservation: code('Local code list 99792: reservation against generic substitution') },
        },
        reimbursement: {
          type: ['object', 'null'],
          required: ['scheme'],
          properties: {
            scheme: { enum: REIMBURSEMENT_SCHEMES, description: 'blue: blue prescription (National Insurance); h: H-prescription; white: none' },
            legalBasis: code('Volven 7427 refusjonshjemmel'),
            icd10: code('Volven 7110 ICD-10'),
            icpc2: code('Volven 7170 ICPC-2'),
          },
        },
        service: { type: ['object', 'null'], required: ['type'], properties: { type: code('Local code list 99794 pharmaceutical service') } },
      },
    },
  },
} as const;
