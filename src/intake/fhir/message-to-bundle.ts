/**
 * The internal dispensing message → a FHIR R4 transaction Bundle: the inverse of bundleToMessage,
 * used by the pharmacy simulator (`--format fhir`). Pure and deterministic: the same message gives
 * the same Bundle, byte for byte.
 *
 * Like bundleToMessage it does not judge values: a message the simulator broke on purpose becomes a
 * Bundle broken the same way (a sex outside Volven 3101 becomes a gender outside AdministrativeGender),
 * so the intake rules see the same fault after the round trip.
 */
import { createHash } from 'node:crypto';
import { checkIdentityNumber } from '../../identity/index.js';
import type { Dispensing, DispensingMessage } from '../message/message.js';
import { EXTENSION, PACK_UNIT, REIMBURSEMENT_PART, SEX_TO_GENDER, SYSTEM } from './systems.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;

function compact<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) Reflect.deleteProperty(o, k);
  return o;
}

/**
 * A UUID derived from the message id and an entry index: SHA-256, formatted as an RFC 9562 version 8
 * (custom) UUID. Unique within a Bundle; the same for the same message.
 */
export function entryUuid(messageId: string, index: number): string {
  const h = createHash('sha256').update(`${messageId}\u0000${index}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The identifier system of a person id: D-number, FH-/H-number, else (also masked and invalid) fødselsnummer. */
function personSystem(id: unknown): string {
  if (typeof id !== 'string') return SYSTEM.fnr;
  const kind = checkIdentityNumber(id).kind;
  return kind === 'dnumber' ? SYSTEM.dnr : kind === 'hnumber' || kind === 'fhnumber' ? SYSTEM.fhnr : SYSTEM.fnr;
}

const coding = (system: string, code: unknown): Json => ({ system, code });
const concept = (system: string, code: unknown): Json | undefined => (present(code) ? { coding: [coding(system, code)] } : undefined);

function patientResource(p: Json): Json {
  const sex = p.sex;
  return compact({
    resourceType: 'Patient',
    identifier: present(p.id) ? [{ system: personSystem(p.id), value: p.id }] : undefined,
    gender: typeof sex === 'string' ? (SEX_TO_GENDER.get(sex) ?? sex) : present(sex) ? sex : undefined,
    birthDate: present(p.birthDate) ? p.birthDate : undefined,
    address: present(p.municipality)
      ? [{ use: 'home', _district: { extension: [{ url: EXTENSION.municipality, valueCoding: coding(SYSTEM.municipality, p.municipality) }] } }]
      : undefined,
  });
}

function reimbursementExtension(r: Json): Json {
  const parts: Json[] = [];
  if (present(r.scheme)) parts.push({ url: REIMBURSEMENT_PART.scheme, valueCode: r.scheme });
  if (present(r.legalBasis)) parts.push({ url: REIMBURSEMENT_PART.legalBasis, valueCoding: coding(SYSTEM.legalBasis, r.legalBasis) });
  if (present(r.icd10)) parts.push({ url: REIMBURSEMENT_PART.icd10, valueCoding: coding(SYSTEM.icd10, r.icd10) });
  if (present(r.icpc2)) parts.push({ url: REIMBURSEMENT_PART.icpc2, valueCoding: coding(SYSTEM.icpc2, r.icpc2) });
  return { url: EXTENSION.reimbursement, extension: parts };
}

/** The message as a FHIR R4 transaction Bundle. Patient, Practitioner and Medication resources are shared. */
export function messageToBundle(message: DispensingMessage): Json {
  // Read defensively: a message broken on purpose may hold any JSON where the type says otherwise.
  const id: unknown = message.messageId;
  const seed = typeof id === 'string' ? id : JSON.stringify(id ?? null);
  const dispensings = (Array.isArray(message.dispensings) ? message.dispensings : []) as unknown[];
  const entries: Json[] = [];
  const add = (resource: Json, request: Json): string => {
    const fullUrl = `urn:uuid:${entryUuid(seed, entries.length)}`;
    entries.push({ fullUrl, resource, request });
    return fullUrl;
  };
  const post = (type: string): Json => ({ method: 'POST', url: type });

  // The shared resources, each once, in order of first use: key → resource, then key → fullUrl.
  const patients = new Map<string, Json>();
  const practitioners = new Map<string, Json>();
  const medications = new Map<string, Json>();
  const keys = dispensings.map((raw) => {
    const d = isObject(raw) ? raw : {};
    const p = isObject(d.patient) ? d.patient : undefined;
    const pr = isObject(d.prescriber) ? d.prescriber : undefined;
    const product = isObject(d.product) ? d.product : undefined;
    const patient = p && JSON.stringify([p.id, p.birthDate, p.sex, p.municipality].map((v) => v ?? null));
    const prescriber = pr && JSON.stringify(pr.hpr ?? null);
    const medication = product && JSON.stringify(product.varenr ?? null);
    if (p && patient && !patients.has(patient)) patients.set(patient, patientResource(p));
    if (pr && prescriber && !practitioners.has(prescriber)) {
      practitioners.set(prescriber, compact({ resourceType: 'Practitioner', identifier: present(pr.hpr) ? [{ system: SYSTEM.hpr, value: pr.hpr }] : undefined }));
    }
    if (product && medication && !medications.has(medication)) {
      medications.set(medication, compact({ resourceType: 'Medication', code: concept(SYSTEM.varenummer, product.varenr) }));
    }
    return { patient, prescriber, medication };
  });

  const organization = add(
    compact({ resourceType: 'Organization', identifier: present(message.pharmacy) ? [{ system: SYSTEM.konsesjonsnummer, value: message.pharmacy }] : undefined }),
    post('Organization'),
  );
  const urls = (m: Map<string, Json>, type: string): Map<string, string> => new Map([...m].map(([k, r]) => [k, add(r, post(type))]));
  const patientUrl = urls(patients, 'Patient');
  const practitionerUrl = urls(practitioners, 'Practitioner');
  const medicationUrl = urls(medications, 'Medication');

  dispensings.forEach((raw, i) => {
    const d = (isObject(raw) ? raw : {}) as Partial<Dispensing> & Json;
    const k = keys[i]!;
    const product = isObject(d.product) ? (d.product as Json) : undefined;
    const sub = isObject(d.substitution) ? (d.substitution as Json) : undefined;
    const extension: Json[] = [];
    if (present(d.kind)) extension.push({ url: EXTENSION.kind, valueCode: d.kind });
    if (k.prescriber) extension.push({ url: EXTENSION.prescriber, valueReference: { reference: practitionerUrl.get(k.prescriber) } });
    if (product && present(product.aup)) extension.push({ url: EXTENSION.retailPrice, valueMoney: { value: product.aup, currency: 'NOK' } });
    if (isObject(d.reimbursement)) extension.push(reimbursementExtension(d.reimbursement));
    if (isObject(d.animal)) extension.push(compact({ url: EXTENSION.animalSpecies, valueCoding: present(d.animal.species) ? coding(SYSTEM.species, d.animal.species) : undefined }));
    if (isObject(d.service)) extension.push(compact({ url: EXTENSION.serviceType, valueCoding: present(d.service.type) ? coding(SYSTEM.serviceType, d.service.type) : undefined }));

    const correction = d.cancelled === true || (typeof d.version === 'number' && d.version > 1);
    const request =
      correction && present(d.ref)
        ? { method: 'PUT', url: `MedicationDispense?identifier=${SYSTEM.dispensingRef}|${encodeURIComponent(String(d.ref))}` }
        : post('MedicationDispense');
    add(
      compact({
        resourceType: 'MedicationDispense',
        meta: present(d.version) ? { versionId: String(d.version) } : undefined,
        extension: extension.length > 0 ? extension : undefined,
        identifier: present(d.ref) ? [{ system: SYSTEM.dispensingRef, value: d.ref }] : undefined,
        status: d.cancelled === true ? 'entered-in-error' : 'completed',
        medicationReference: k.medication ? { reference: medicationUrl.get(k.medication) } : undefined,
        subject: k.patient ? { reference: patientUrl.get(k.patient) } : undefined,
        performer: [{ actor: { reference: organization } }],
        type: concept(SYSTEM.prescriptionType, d.prescriptionType),
        quantity: product && present(product.packs) ? { value: product.packs, ...PACK_UNIT } : undefined,
        whenHandedOver: present(d.dispensedOn) ? d.dispensedOn : undefined,
        substitution: sub
          ? compact({ wasSubstituted: sub.substituted ?? undefined, reason: present(sub.reservation) ? [concept(SYSTEM.reservation, sub.reservation)] : undefined })
          : undefined,
      }),
      request,
    );
  });

  return compact({
    resourceType: 'Bundle',
    meta: present(message.system) ? { source: message.system } : undefined,
    identifier: present(message.messageId) ? { system: SYSTEM.messageId, value: message.messageId } : undefined,
    type: 'transaction',
    timestamp: present(message.sentAt) ? message.sentAt : undefined,
    entry: entries,
  });
}
