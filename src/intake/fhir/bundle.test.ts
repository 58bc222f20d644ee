import { describe, expect, it } from 'vitest';
import { syntheticHpr, syntheticNumber } from '../../identity/index.js';
import { createRng, type Rng } from '../../shared/random.js';
import type { DispensingMessage } from '../message/message.js';
import { bundleToMessage, type BundleIssue } from './bundle-to-message.js';
import { entryUuid, messageToBundle } from './message-to-bundle.js';
import { EXTENSION, SYSTEM } from './systems.js';

type Json = Record<string, unknown>;

const FNR = syntheticNumber('1984-03-12', 'female', 0, 'fnr')!;
const FNR2 = syntheticNumber('1950-11-30', 'male', 3, 'fnr')!;
const DNR = syntheticNumber('1991-07-04', 'male', 1, 'dnumber')!;
const HPR = syntheticHpr(17);
const HPR2 = syntheticHpr(4242);
const IDENTITIES = [FNR, FNR2, DNR, HPR, HPR2];

/** One message with every field and every kind. */
const FULL: DispensingMessage = {
  messageId: 'msg-2024-03-05-0001',
  pharmacy: 'K1234',
  system: 'Eik',
  sentAt: '2024-03-05T21:00:00+01:00',
  dispensings: [
    {
      ref: 'R-1',
      version: 1,
      kind: 'prescription',
      dispensedOn: '2024-03-05',
      patient: { id: FNR, birthDate: '1984-03-12', sex: '2', municipality: '0301' },
      prescriber: { hpr: HPR },
      product: { varenr: '123456', packs: 2, aup: 199.5 },
      prescriptionType: 'E',
      substitution: { substituted: true },
      reimbursement: { scheme: 'blue', legalBasis: '200', icd10: 'E11', icpc2: 'T90' },
    },
    {
      ref: 'R-2',
      version: 1,
      kind: 'prescription',
      dispensedOn: '2024-03-05',
      patient: { id: FNR, birthDate: '1984-03-12', sex: '2', municipality: '0301' },
      prescriber: { hpr: HPR },
      product: { varenr: '123456', packs: 0.5 },
      prescriptionType: 'M',
      substitution: { substituted: false, reservation: '1' },
      reimbursement: { scheme: 'white' },
    },
    {
      ref: 'Q-1',
      version: 1,
      kind: 'requisition',
      dispensedOn: '2024-03-04',
      patient: { id: DNR, birthDate: '1991-07-04', sex: '1', municipality: '4601' },
      prescriber: { hpr: HPR2 },
      product: { varenr: '654321', packs: 1, aup: 45 },
      reimbursement: { scheme: 'h', legalBasis: '300' },
    },
    {
      ref: 'S-1',
      version: 1,
      kind: 'service',
      dispensedOn: '2024-03-01',
      patient: { id: FNR2, birthDate: '1950-11-30', sex: '9' },
      product: { varenr: '777777', packs: 1 },
      service: { type: 'VAKS' },
    },
    {
      ref: 'A-1',
      version: 1,
      kind: 'prescription',
      dispensedOn: '2024-02-28',
      patient: { id: '00000000000' },
      animal: { species: '3' },
      prescriber: { hpr: '0' },
      product: { varenr: '123456', packs: 3 },
      prescriptionType: 'P',
    },
    { ref: 'R-0', version: 2, kind: 'prescription', cancelled: true, dispensedOn: '2024-02-01', patient: { id: FNR2 }, prescriber: { hpr: HPR }, product: { varenr: '123456', packs: 1 }, prescriptionType: 'T' },
    {
      ref: 'R-9',
      version: 3,
      kind: 'prescription',
      dispensedOn: '2024-02-02',
      patient: { id: '99999999999', sex: '0' },
      prescriber: { hpr: '999999999' },
      product: { varenr: '123456', packs: 1, aup: 0 },
      prescriptionType: 'E',
    },
  ],
};

/** A message broken the way the simulator breaks messages: the rules must see the same faults after the round trip. */
const BROKEN = {
  messageId: 'msg-broken',
  pharmacy: 'K1234',
  dispensings: [
    {
      ref: 'bad ref with spaces',
      version: 1.5,
      kind: 'other',
      dispensedOn: '2024-13-45',
      patient: { id: '12345', birthDate: '0001-01-01', sex: '5', municipality: '9999' },
      prescriber: { hpr: 'x12' },
      product: { varenr: 'nope', packs: '2', aup: -3 },
      prescriptionType: 'X',
      substitution: { substituted: 'yes', reservation: '42' },
      reimbursement: { scheme: 'green', legalBasis: '1', icd10: 'Q', icpc2: 'Q' },
      service: { type: 'NOPE' },
      animal: { species: '999' },
    },
    { ref: 'R-3', version: 0, kind: 'prescription', dispensedOn: '2024-01-01', patient: { id: FNR }, product: { varenr: '1', packs: 0 } },
    { ref: 'R-4', version: 'two', kind: 'service', dispensedOn: 20240101, patient: {}, product: {} },
  ],
} as unknown as DispensingMessage;

const entriesOf = (b: Json): Json[] => b.entry as Json[];
const resourceOf = (e: Json): Json => e.resource as Json;
const clone = (v: Json): Json => structuredClone(v);

function expectSafe(issues: readonly BundleIssue[], values: readonly string[] = IDENTITIES): void {
  for (const i of issues) {
    expect(i.message).not.toMatch(/\d{3,}/);
    for (const v of values) {
      expect(i.message).not.toContain(v);
      expect(i.path).not.toContain(v);
    }
  }
}

describe('messageToBundle → bundleToMessage', () => {
  it('gives back the same message, for every field and kind', () => {
    const bundle = messageToBundle(FULL);
    const back = bundleToMessage(bundle);
    expect(back.issues).toEqual([]);
    expect(back.message).toStrictEqual(FULL);
    expect(back.entryCount).toBe(entriesOf(bundle).length);
  });

  it('gives back broken values unchanged, so the intake rules see the same faults', () => {
    const back = bundleToMessage(messageToBundle(BROKEN));
    expect(back.issues).toEqual([]);
    expect(back.message).toStrictEqual(BROKEN);
  });

  it('points entryOfDispensing at the MedicationDispense entries, in order', () => {
    const bundle = messageToBundle(FULL);
    const { entryOfDispensing } = bundleToMessage(bundle);
    expect(entryOfDispensing).toHaveLength(FULL.dispensings.length);
    entryOfDispensing.forEach((e, i) => {
      const md = resourceOf(entriesOf(bundle)[e]!);
      expect(md.resourceType).toBe('MedicationDispense');
      expect(md.identifier).toEqual([{ system: SYSTEM.dispensingRef, value: FULL.dispensings[i]!.ref }]);
    });
  });

  it('writes a valid-looking R4 transaction: shared resources once, unique deterministic urn:uuid fullUrls', () => {
    const bundle = messageToBundle(FULL);
    expect(JSON.stringify(messageToBundle(FULL))).toBe(JSON.stringify(bundle));
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('transaction');
    const entries = entriesOf(bundle);
    const count = (type: string): number => entries.filter((e) => resourceOf(e).resourceType === type).length;
    expect(count('Organization')).toBe(1);
    expect(count('Patient')).toBe(6); // FNR (twice, same data), DNR, FNR2 with data, masked, FNR2 bare, 99999999999
    expect(count('Practitioner')).toBe(4); // HPR (shared by three dispensings), HPR2, 0, 999999999
    expect(count('Medication')).toBe(3);
    expect(count('MedicationDispense')).toBe(7);
    const urls = entries.map((e) => e.fullUrl as string);
    expect(new Set(urls).size).toBe(urls.length);
    for (const u of urls) expect(u).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(urls[0]).toBe(`urn:uuid:${entryUuid(FULL.messageId, 0)}`);
    for (const e of entries) expect((e.request as Json).method).toMatch(/^(POST|PUT)$/);
  });

  it('sends corrections and cancellations as conditional updates with the right status and versionId', () => {
    const entries = entriesOf(messageToBundle(FULL)).filter((e) => resourceOf(e).resourceType === 'MedicationDispense');
    const cancel = entries[5]!;
    expect(resourceOf(cancel).status).toBe('entered-in-error');
    expect(resourceOf(cancel).meta).toEqual({ versionId: '2' });
    expect(cancel.request).toEqual({ method: 'PUT', url: `MedicationDispense?identifier=${SYSTEM.dispensingRef}|R-0` });
    expect(resourceOf(entries[6]!).status).toBe('completed');
    expect((entries[6]!.request as Json).method).toBe('PUT');
    expect(entries[0]!.request).toEqual({ method: 'POST', url: 'MedicationDispense' });
  });

  it('uses the identifier systems of the number kinds and the no-basis municipality extension', () => {
    const entries = entriesOf(messageToBundle(FULL)).map(resourceOf);
    const patients = entries.filter((r) => r.resourceType === 'Patient');
    const systemOf = (id: string): unknown => (patients.find((p) => (p.identifier as Json[])[0]!.value === id)!.identifier as Json[])[0]!.system;
    expect(systemOf(FNR)).toBe(SYSTEM.fnr);
    expect(systemOf(DNR)).toBe(SYSTEM.dnr);
    expect(patients[0]!.gender).toBe('female');
    expect(patients[0]!.address).toEqual([
      { use: 'home', _district: { extension: [{ url: EXTENSION.municipality, valueCoding: { system: SYSTEM.municipality, code: '0301' } }] } },
    ]);
    const practitioner = entries.find((r) => r.resourceType === 'Practitioner')!;
    expect(practitioner.identifier).toEqual([{ system: SYSTEM.hpr, value: HPR }]);
  });
});

/** A minimal valid bundle written by hand, to vary. */
function handBundle(): Json {
  return {
    resourceType: 'Bundle',
    id: 'b-1',
    type: 'transaction',
    entry: [
      { fullUrl: 'urn:uuid:org', resource: { resourceType: 'Organization', identifier: [{ system: SYSTEM.konsesjonsnummer, value: 'K9' }] }, request: { method: 'POST', url: 'Organization' } },
      {
        fullUrl: 'https://pharmacy.example/fhir/Patient/p1',
        resource: { resourceType: 'Patient', id: 'p1', identifier: [{ system: SYSTEM.fnr, value: FNR }], gender: 'female' },
        request: { method: 'POST', url: 'Patient' },
      },
      {
        fullUrl: 'urn:uuid:md',
        resource: {
          resourceType: 'MedicationDispense',
          contained: [{ resourceType: 'Medication', id: 'm', code: { coding: [{ system: 'http://snomed.info/sct', code: '1' }, { system: SYSTEM.varenummer, code: '123456' }] } }],
          identifier: [{ system: SYSTEM.dispensingRef, value: 'R-1' }],
          status: 'completed',
          medicationReference: { reference: '#m' },
          subject: { reference: 'Patient/p1' },
          performer: [{ actor: { reference: 'urn:uuid:org' } }],
          quantity: { value: 1 },
          whenHandedOver: '2024-03-05T23:30:00-01:00',
        },
        request: { method: 'POST', url: 'MedicationDispense' },
      },
    ],
  };
}

const mdOf = (b: Json): Json => resourceOf(entriesOf(b)[2]!);
const rules = (issues: readonly BundleIssue[]): string[] => issues.map((i) => i.rule);

describe('bundleToMessage: what a hand-written bundle may hold', () => {
  it('resolves contained, relative and absolute references; takes the date part of whenHandedOver; defaults version to 1', () => {
    const r = bundleToMessage(handBundle());
    expect(r.issues).toEqual([]);
    expect(r.message).toStrictEqual({
      messageId: 'b-1',
      pharmacy: 'K9',
      dispensings: [{ ref: 'R-1', version: 1, dispensedOn: '2024-03-05', patient: { id: FNR, sex: '2' }, product: { varenr: '123456', packs: 1 } }],
    });
    expect(r.entryOfDispensing).toEqual([2]);
  });

  it('accepts medicationCodeableConcept, logical (identifier) references, FH-/H-number systems and a 4-digit district', () => {
    const b = handBundle();
    const md = mdOf(b);
    delete md.medicationReference;
    md.medicationCodeableConcept = { coding: [{ system: SYSTEM.varenummer, code: '42' }] };
    md.subject = { type: 'Patient', identifier: { system: SYSTEM.fhnr, value: FNR2 } };
    md.extension = [{ url: EXTENSION.prescriber, valueReference: { identifier: { system: SYSTEM.hpr, value: HPR } } }];
    md.meta = { versionId: '4' };
    const r = bundleToMessage(b);
    expect(r.issues).toEqual([]);
    expect(r.message!.dispensings[0]).toMatchObject({ version: 4, patient: { id: FNR2 }, prescriber: { hpr: HPR }, product: { varenr: '42' } });

    const p = resourceOf(entriesOf(b)[1]!);
    md.subject = { reference: 'Patient/p1' };
    p.identifier = [{ system: 'HNR', value: DNR }];
    p.address = [{ use: 'work', district: 'Oslo' }, { district: '0301' }];
    expect(bundleToMessage(b).message!.dispensings[0]!.patient).toStrictEqual({ id: DNR, sex: '2', municipality: '0301' });
  });

  it('returns an ENH-only pharmacy as pharmacyOrgnr for the caller to resolve', () => {
    const b = handBundle();
    resourceOf(entriesOf(b)[0]!).identifier = [{ system: SYSTEM.enh, value: '974123456' }];
    const r = bundleToMessage(b);
    expect(r.issues).toEqual([]);
    expect(r.pharmacyOrgnr).toBe('974123456');
    expect(r.message!.pharmacy).toBeUndefined();
  });
});

describe('bundleToMessage: structural problems become issues with paths, never exceptions', () => {
  const one = (input: unknown): BundleIssue[] => {
    const r = bundleToMessage(input);
    expectSafe(r.issues);
    return r.issues;
  };

  it('rejects what is not a transaction Bundle with entries', () => {
    for (const input of [null, undefined, 'Bundle', 42, [], [handBundle()]]) {
      const r = bundleToMessage(input);
      expect(r.message).toBeNull();
      expect(r.issues).toMatchObject([{ severity: 'error', rule: 'fhir.bundle', path: 'Bundle' }]);
    }
    expect(one({ resourceType: 'Patient' })).toMatchObject([{ rule: 'fhir.bundle', path: 'Bundle.resourceType' }]);
    expect(one({ resourceType: 'Bundle', type: 'transaction', entry: [] })).toMatchObject([{ rule: 'fhir.bundle', path: 'Bundle.entry' }]);
    expect(bundleToMessage({ resourceType: 'Bundle', type: 'transaction' }).message).toBeNull();
    const batch = { ...handBundle(), type: 'batch' };
    const r = bundleToMessage(batch);
    expect(r.issues).toMatchObject([{ severity: 'error', rule: 'fhir.bundle', path: 'Bundle.type' }]);
    expect(r.issues[0]!.dispensing).toBeUndefined();
    expect(r.message!.dispensings).toHaveLength(1);
  });

  it('flags an entry without a resource, a repeated fullUrl and an ignored resource type', () => {
    const b = handBundle();
    entriesOf(b).push({ request: { method: 'DELETE', url: 'Patient/p1' } }, { fullUrl: 'urn:uuid:org', resource: { resourceType: 'Encounter' } });
    expect(one(b)).toMatchObject([
      { severity: 'error', rule: 'fhir.entry', path: 'Bundle.entry[3].resource', entry: 3 },
      { severity: 'error', rule: 'fhir.entry', path: 'Bundle.entry[4].fullUrl', entry: 4 },
      { severity: 'warning', rule: 'fhir.resource-type', path: 'Bundle.entry[4].resource', entry: 4, message: 'The entry of type Encounter is ignored' },
    ]);
    const odd = handBundle();
    entriesOf(odd).push({ resource: { resourceType: FNR } });
    expect(one(odd)).toMatchObject([{ rule: 'fhir.resource-type', message: 'The entry of an unknown resource type is ignored' }]);
  });

  it('flags references that do not resolve, or resolve to the wrong type, against the dispensing', () => {
    const b = handBundle();
    const md = mdOf(b);
    md.subject = { reference: `Patient?identifier=${SYSTEM.fnr}|${FNR}` };
    md.medicationReference = { reference: 'urn:uuid:org' };
    md.extension = [{ url: EXTENSION.prescriber, valueReference: { reference: `Practitioner/${HPR}` } }];
    const issues = one(b);
    expect(issues).toMatchObject([
      { severity: 'error', rule: 'fhir.reference', path: 'Bundle.entry[2].resource.subject', entry: 2, dispensing: 0 },
      { rule: 'fhir.reference', path: 'Bundle.entry[2].resource.medicationReference', message: 'The medication is not a Medication', dispensing: 0 },
      { rule: 'fhir.reference', path: `Bundle.entry[2].resource.extension('${EXTENSION.prescriber}')`, dispensing: 0 },
    ]);
    // The dispensing is still there, mapped as far as it goes, so entry indexes line up.
    expect(bundleToMessage(b).message!.dispensings[0]).toMatchObject({ ref: 'R-1', product: { packs: 1 } });
  });

  it('flags a MedicationDispense with no subject, no medication or an unknown status', () => {
    const b = handBundle();
    const md = mdOf(b);
    delete md.subject;
    delete md.medicationReference;
    md.status = 'stopped';
    expect(one(b)).toMatchObject([
      { rule: 'fhir.status', path: 'Bundle.entry[2].resource.status', dispensing: 0 },
      { rule: 'fhir.dispense', path: 'Bundle.entry[2].resource.subject', dispensing: 0 },
      { rule: 'fhir.dispense', path: 'Bundle.entry[2].resource.medication', dispensing: 0 },
    ]);
    delete md.status;
    expect(rules(one(b))).toContain('fhir.status');
  });

  it('flags a missing, dangling, unidentified or second pharmacy at message level', () => {
    const none = handBundle();
    delete mdOf(none).performer;
    expect(one(none)).toMatchObject([{ rule: 'fhir.pharmacy', path: 'Bundle.entry[2].resource.performer', entry: 2, message: 'The MedicationDispense names no Organization as performer' }]);
    expect(one(none)[0]!.dispensing).toBeUndefined();

    const dangling = handBundle();
    mdOf(dangling).performer = [{ actor: { reference: 'Organization/gone' } }];
    expect(one(dangling)).toMatchObject([{ rule: 'fhir.pharmacy', message: 'The performer reference does not resolve to a resource in the bundle' }]);

    const anonymous = handBundle();
    resourceOf(entriesOf(anonymous)[0]!).identifier = [{ system: 'urn:other', value: 'x' }];
    expect(one(anonymous)).toMatchObject([{ rule: 'fhir.pharmacy', path: 'Bundle.entry[0].resource.identifier', entry: 0 }]);

    const two = handBundle();
    const second = clone(entriesOf(two)[2]!);
    entriesOf(two).push(
      { fullUrl: 'urn:uuid:org2', resource: { resourceType: 'Organization', identifier: [{ system: SYSTEM.konsesjonsnummer, value: 'K8' }] } },
      { ...second, fullUrl: 'urn:uuid:md2', resource: { ...resourceOf(second), performer: [{ actor: { reference: 'urn:uuid:org2' } }] } },
    );
    expect(one(two)).toMatchObject([{ rule: 'fhir.pharmacy', entry: 4, message: 'The MedicationDispense names a different pharmacy than the first MedicationDispense' }]);
  });

  it('never throws and never puts an identity number in an issue, whatever the bundle holds', () => {
    const rng = createRng('fhir-fuzz');
    const junk = (r: Rng): unknown => r.pick<unknown>([null, 0, -1, 1.5, '', FNR, HPR, 'x', true, [], {}, [FNR], { reference: FNR }, { value: DNR }]);
    const mutate = (v: unknown, r: Rng, depth: number): unknown => {
      if (Array.isArray(v)) return v.map((x) => (r.chance(0.15) ? junk(r) : mutate(x, r, depth + 1)));
      if (typeof v === 'object' && v !== null) {
        const out: Json = {};
        for (const [k, x] of Object.entries(v)) {
          if (r.chance(0.1)) continue;
          out[k] = r.chance(0.1) ? junk(r) : mutate(x, r, depth + 1);
        }
        return out;
      }
      return v;
    };
    const seeds = [messageToBundle(FULL), messageToBundle(BROKEN), handBundle()];
    for (let n = 0; n < 600; n++) {
      const input = mutate(rng.pick(seeds), rng.fork(String(n)), 0);
      const r = bundleToMessage(input);
      expectSafe(r.issues);
      expect(r.entryOfDispensing.length).toBe(r.message?.dispensings.length ?? 0);
    }
  });
});
