/**
 * FHIR R4 transaction Bundle → the internal dispensing message. Pure: no I/O.
 *
 * The mapping never throws and never judges values: whatever the Bundle holds is carried into the
 * message as it is (a number where a string belongs stays a number), and what is missing stays
 * missing, so the intake rules, which run on the internal message, report it. Only what those rules
 * cannot see, the structure of the Bundle, becomes a BundleIssue here (rules in ./rules.ts).
 * Issue messages are fixed sentences: they never carry a value from the Bundle.
 */
import type { DispensingMessage } from '../message/message.js';
import { EXTENSION, GENDER_TO_SEX, REIMBURSEMENT_PART, SYSTEM } from './systems.js';

export interface BundleIssue {
  severity: 'error' | 'warning';
  /** A rule id from FHIR_RULES (./rules.ts). */
  rule: string;
  /** FHIRPath-like location, e.g. `Bundle.entry[3].resource.subject`. */
  path: string;
  message: string;
  /** The index of the bundle entry the issue is about. */
  entry?: number;
  /**
   * Set when the issue is about one dispensing only (its index in `message.dispensings`): an error
   * then rejects that dispensing. Without it the issue is about the message: an error rejects it.
   */
  dispensing?: number;
}

export interface BundleMapping {
  /**
   * The message, shaped like DispensingMessage but not validated (run the rules on it). Null when
   * the input is not a Bundle with entries. Reject the whole message when `issues` holds an error
   * without `dispensing`.
   */
  message: DispensingMessage | null;
  /** entryOfDispensing[i] = the index of the bundle entry of dispensing i. */
  entryOfDispensing: number[];
  /** How many entries the Bundle has (the response Bundle has as many). */
  entryCount: number;
  /**
   * The pharmacy's ENH organisation number, when its Organization carries one. When the Organization
   * has no konsesjonsnummer, `message.pharmacy` is absent and the caller looks the pharmacy up by this.
   */
  pharmacyOrgnr?: string;
  issues: BundleIssue[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A FHIR list, leniently: a single object where a list belongs is read as a list of one. */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const objects = (v: unknown): Json[] => list(v).filter(isObject);

/** The object without its undefined properties. */
function compact<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) Reflect.deleteProperty(o, k);
  return o;
}

/** The value of the first identifier with one of the systems, tried in order. */
function identifierValue(resource: Json, systems: readonly string[]): unknown {
  const ids = objects(resource.identifier);
  for (const system of systems) {
    const hit = ids.find((i) => i.system === system);
    if (hit) return hit.value;
  }
  return undefined;
}

/** The code of the coding with the system in a CodeableConcept (or a list of them). */
function codeIn(concepts: unknown, system: string): unknown {
  for (const cc of objects(concepts)) {
    const hit = objects(cc.coding).find((c) => c.system === system);
    if (hit) return hit.code;
  }
  return undefined;
}

function extensionOf(element: unknown, url: string): Json | undefined {
  return isObject(element) ? objects(element.extension).find((e) => e.url === url) : undefined;
}

/** The code of an extension's valueCoding. The extension fixes the meaning, so its system is not checked. */
function codingCodeOf(extension: Json | undefined): unknown {
  return extension && isObject(extension.valueCoding) ? extension.valueCoding.code : undefined;
}

/** The date part of a FHIR dateTime; anything else is kept as it is, for the rules to judge. */
function datePart(v: unknown): unknown {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.slice(0, 10) : v;
}

/** meta.versionId → version: a number when it reads as one, 1 when absent, else the value as sent. */
function versionOf(meta: unknown): unknown {
  if (!isObject(meta) || meta.versionId === undefined) return 1;
  const v = meta.versionId;
  return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** Resource types a reference may be written as in a relative or absolute URL. */
const TYPE_ID = /(?:^|\/)([A-Z][A-Za-z]{1,63})\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]{1,64})?$/;
const MAPPED_TYPES = new Set(['MedicationDispense', 'Patient', 'Practitioner', 'Organization', 'Medication']);

type Resolved = { ok: true; resource: Json; entry?: number } | { ok: false; why: 'absent' | 'unresolved' | 'type' };

function patientOf(p: Json): Json {
  const gender = p.gender;
  const sex = typeof gender === 'string' ? (GENDER_TO_SEX.get(gender) ?? gender) : gender;
  return compact({
    id: identifierValue(p, [SYSTEM.fnr, SYSTEM.dnr, SYSTEM.fhnr, SYSTEM.hnrLocal]),
    birthDate: p.birthDate,
    sex,
    municipality: municipalityOf(p),
  });
}

/** The no-basis municipality code on Address.district, home address first; else a 4-digit district. */
function municipalityOf(p: Json): unknown {
  const addresses = objects(p.address);
  const ordered = [...addresses.filter((a) => a.use === 'home'), ...addresses.filter((a) => a.use !== 'home')];
  for (const a of ordered) {
    const code = codingCodeOf(extensionOf(a._district, EXTENSION.municipality));
    if (code !== undefined) return code;
  }
  for (const a of ordered) if (typeof a.district === 'string' && /^\d{4}$/.test(a.district)) return a.district;
  return undefined;
}

function reimbursementOf(ext: Json | undefined): Json | undefined {
  if (!ext) return undefined;
  const part = (url: string): Json | undefined => objects(ext.extension).find((e) => e.url === url);
  return compact({
    scheme: part(REIMBURSEMENT_PART.scheme)?.valueCode,
    legalBasis: codingCodeOf(part(REIMBURSEMENT_PART.legalBasis)),
    icd10: codingCodeOf(part(REIMBURSEMENT_PART.icd10)),
    icpc2: codingCodeOf(part(REIMBURSEMENT_PART.icpc2)),
  });
}

const referenceMessage = (what: string, why: 'absent' | 'unresolved' | 'type', type: string): string =>
  why === 'type' ? `The ${what} is not a ${type}` : why === 'absent' ? `The ${what} has no reference` : `The ${what} reference does not resolve to a resource in the bundle`;

/** Maps a FHIR R4 transaction Bundle of MedicationDispense to one dispensing message. Never throws. */
export function bundleToMessage(bundle: unknown): BundleMapping {
  const issues: BundleIssue[] = [];
  const bundleError = (path: string, message: string): void => void issues.push({ severity: 'error', rule: 'fhir.bundle', path, message });
  const empty = (entryCount: number): BundleMapping => ({ message: null, entryOfDispensing: [], entryCount, issues });

  if (!isObject(bundle)) {
    bundleError('Bundle', 'The document is not a JSON object');
    return empty(0);
  }
  if (bundle.resourceType !== 'Bundle') {
    bundleError('Bundle.resourceType', 'The resource is not a Bundle');
    return empty(0);
  }
  if (bundle.type !== 'transaction') bundleError('Bundle.type', 'The Bundle type is not transaction');
  const entries = bundle.entry;
  if (!Array.isArray(entries) || entries.length === 0) {
    bundleError('Bundle.entry', 'The Bundle has no entries');
    return empty(Array.isArray(entries) ? entries.length : 0);
  }

  // ---- index the entries: by fullUrl, and by type/id for relative references
  const resources: (Json | undefined)[] = [];
  const byFullUrl = new Map<string, number>();
  const byTypeId = new Map<string, number>();
  entries.forEach((e: unknown, i) => {
    const resource = isObject(e) && isObject(e.resource) && typeof e.resource.resourceType === 'string' ? e.resource : undefined;
    resources.push(resource);
    if (!resource || !isObject(e)) {
      issues.push({ severity: 'error', rule: 'fhir.entry', path: `Bundle.entry[${i}].resource`, message: 'The entry has no resource with a resourceType', entry: i });
      return;
    }
    const type = resource.resourceType as string;
    if (typeof e.fullUrl === 'string') {
      if (byFullUrl.has(e.fullUrl)) {
        issues.push({ severity: 'error', rule: 'fhir.entry', path: `Bundle.entry[${i}].fullUrl`, message: 'The entry has the same fullUrl as an earlier entry', entry: i });
      } else byFullUrl.set(e.fullUrl, i);
    }
    if (typeof resource.id === 'string' && !byTypeId.has(`${type}/${resource.id}`)) byTypeId.set(`${type}/${resource.id}`, i);
    if (!MAPPED_TYPES.has(type)) {
      const named = /^[A-Z][A-Za-z]{0,63}$/.test(type) ? `of type ${type}` : 'of an unknown resource type';
      issues.push({ severity: 'warning', rule: 'fhir.resource-type', path: `Bundle.entry[${i}].resource`, message: `The entry ${named} is ignored`, entry: i });
    }
  });

  /** Resolves a Reference from a resource (for `#id`, its contained resources) to one of the types. */
  const resolve = (ref: unknown, from: Json, type: string): Resolved => {
    if (ref === undefined || ref === null) return { ok: false, why: 'absent' };
    if (!isObject(ref)) return { ok: false, why: 'unresolved' };
    let found: { resource: Json; entry?: number } | undefined;
    if (typeof ref.reference === 'string') {
      const r = ref.reference;
      if (r.startsWith('#')) {
        const contained = objects(from.contained).find((c) => c.id === r.slice(1));
        if (contained) found = { resource: contained };
      } else {
        const m = TYPE_ID.exec(r);
        const idx = byFullUrl.get(r) ?? (m ? byTypeId.get(`${m[1]!}/${m[2]!}`) : undefined);
        const resource = idx === undefined ? undefined : resources[idx];
        if (idx !== undefined && resource) found = { resource, entry: idx };
      }
    } else if (isObject(ref.identifier) && (ref.type === undefined || ref.type === type)) {
      // A logical reference: the identifier is all there is of the resource.
      found = { resource: { resourceType: type, identifier: [ref.identifier] } };
    }
    if (!found) return { ok: false, why: ref.reference === undefined && ref.identifier === undefined ? 'absent' : 'unresolved' };
    if (found.resource.resourceType !== type) return { ok: false, why: 'type' };
    return { ok: true, ...found };
  };

  // ---- one dispensing per MedicationDispense, in entry order
  const dispensings: Json[] = [];
  const entryOfDispensing: number[] = [];
  let pharmacy: { key: string; konsesjonsnr: unknown; orgnr: unknown; entry?: number } | undefined;

  resources.forEach((md, i) => {
    if (md?.resourceType !== 'MedicationDispense') return;
    const at = `Bundle.entry[${i}].resource`;
    const d = dispensings.length;
    const reject = (rule: string, field: string, message: string): void =>
      void issues.push({ severity: 'error', rule, path: `${at}${field}`, message, entry: i, dispensing: d });

    // status
    let cancelled: true | undefined;
    if (md.status === 'entered-in-error') cancelled = true;
    else if (md.status === undefined) reject('fhir.status', '.status', 'The MedicationDispense has no status');
    else if (md.status !== 'completed') reject('fhir.status', '.status', 'The status is neither completed nor entered-in-error');

    // the patient
    let patient: Json | undefined;
    const subject = resolve(md.subject, md, 'Patient');
    if (subject.ok) patient = patientOf(subject.resource);
    else if (subject.why === 'absent' && md.subject === undefined) reject('fhir.dispense', '.subject', 'The MedicationDispense has no subject');
    else reject('fhir.reference', '.subject', referenceMessage('subject', subject.why, 'Patient'));

    // the product
    let varenr: unknown;
    if (md.medicationReference !== undefined) {
      const med = resolve(md.medicationReference, md, 'Medication');
      if (med.ok) varenr = codeIn(med.resource.code, SYSTEM.varenummer);
      else reject('fhir.reference', '.medicationReference', referenceMessage('medication', med.why, 'Medication'));
    } else if (md.medicationCodeableConcept !== undefined) {
      varenr = codeIn(md.medicationCodeableConcept, SYSTEM.varenummer);
    } else reject('fhir.dispense', '.medication', 'The MedicationDispense has no medication');
    const quantity = isObject(md.quantity) ? md.quantity : undefined;
    const price = extensionOf(md, EXTENSION.retailPrice);
    const product = compact({
      varenr,
      packs: quantity?.value,
      aup: price && isObject(price.valueMoney) ? price.valueMoney.value : undefined,
    });

    // the prescriber
    let prescriber: Json | undefined;
    const prescriberExt = extensionOf(md, EXTENSION.prescriber);
    if (prescriberExt) {
      const pr = resolve(prescriberExt.valueReference, md, 'Practitioner');
      if (pr.ok) prescriber = compact({ hpr: identifierValue(pr.resource, [SYSTEM.hpr]) });
      else reject('fhir.reference', `.extension('${EXTENSION.prescriber}')`, referenceMessage('prescriber', pr.why, 'Practitioner'));
    }

    // the pharmacy: the Organization among the performers
    let org: { resource: Json; entry?: number } | undefined;
    let unresolved = false;
    for (const p of objects(md.performer)) {
      const r = resolve(p.actor, md, 'Organization');
      if (r.ok) {
        org = r;
        break;
      }
      unresolved ||= r.why === 'unresolved';
    }
    if (!org) {
      const message = unresolved ? 'The performer reference does not resolve to a resource in the bundle' : 'The MedicationDispense names no Organization as performer';
      issues.push({ severity: 'error', rule: 'fhir.pharmacy', path: `${at}.performer`, message, entry: i });
    } else {
      const konsesjonsnr = identifierValue(org.resource, [SYSTEM.konsesjonsnummer]);
      const orgnr = identifierValue(org.resource, [SYSTEM.enh]);
      const key = JSON.stringify([konsesjonsnr ?? null, orgnr ?? null]);
      if (!pharmacy) pharmacy = { key, konsesjonsnr, orgnr, entry: org.entry };
      else if (pharmacy.key !== key) {
        issues.push({ severity: 'error', rule: 'fhir.pharmacy', path: `${at}.performer`, message: 'The MedicationDispense names a different pharmacy than the first MedicationDispense', entry: i });
      }
    }

    const substitution = isObject(md.substitution)
      ? compact({ substituted: md.substitution.wasSubstituted, reservation: codeIn(md.substitution.reason, SYSTEM.reservation) })
      : undefined;
    const species = extensionOf(md, EXTENSION.animalSpecies);
    const service = extensionOf(md, EXTENSION.serviceType);

    entryOfDispensing.push(i);
    dispensings.push(
      compact({
        ref: identifierValue(md, [SYSTEM.dispensingRef]),
        version: versionOf(md.meta),
        kind: extensionOf(md, EXTENSION.kind)?.valueCode,
        cancelled,
        dispensedOn: datePart(md.whenHandedOver),
        patient,
        animal: species ? compact({ species: codingCodeOf(species) }) : undefined,
        prescriber,
        product,
        prescriptionType: codeIn(md.type, SYSTEM.prescriptionType),
        substitution,
        reimbursement: reimbursementOf(extensionOf(md, EXTENSION.reimbursement)),
        service: service ? compact({ type: codingCodeOf(service) }) : undefined,
      }),
    );
  });

  if (pharmacy && pharmacy.konsesjonsnr === undefined && pharmacy.orgnr === undefined) {
    const path = pharmacy.entry === undefined ? 'Organization.identifier' : `Bundle.entry[${pharmacy.entry}].resource.identifier`;
    issues.push({ severity: 'error', rule: 'fhir.pharmacy', path, message: 'The pharmacy Organization has no konsesjonsnummer or ENH organisation number', ...(pharmacy.entry === undefined ? {} : { entry: pharmacy.entry }) });
  }

  const identifier = objects(bundle.identifier)[0];
  const sentBy = isObject(bundle.meta) ? bundle.meta.source : undefined;
  const message = compact({
    messageId: identifier?.value ?? bundle.id,
    pharmacy: pharmacy?.konsesjonsnr,
    system: sentBy,
    sentAt: bundle.timestamp,
    dispensings,
  }) as unknown as DispensingMessage;
  const orgnr = pharmacy?.orgnr;
  return { message, entryOfDispensing, entryCount: entries.length, ...(typeof orgnr === 'string' ? { pharmacyOrgnr: orgnr } : {}), issues };
}
