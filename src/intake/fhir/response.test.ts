import { describe, expect, it } from 'vitest';
import type { Receipt } from '../message/message.js';
import { RULES } from '../rules/catalogue.js';
import type { BundleIssue } from './bundle-to-message.js';
import { fhirPathOf } from './paths.js';
import { messageOutcome, responseBundle } from './response.js';
import { FHIR_RULES, ISSUE_TYPE } from './rules.js';
import { EXTENSION, SYSTEM } from './systems.js';

type Json = Record<string, unknown>;

describe('fhirPathOf', () => {
  it('maps every rule path and every field of a dispensing to a FHIR expression', () => {
    const fields = [
      'ref', 'version', 'kind', 'cancelled', 'dispensedOn', 'prescriptionType', 'patient', 'animal', 'prescriber', 'product',
      'substitution', 'reimbursement', 'service', 'patient.id', 'patient.birthDate', 'patient.sex', 'patient.municipality',
      'animal.species', 'prescriber.hpr', 'product.varenr', 'product.packs', 'product.aup', 'substitution.substituted',
      'substitution.reservation', 'reimbursement.scheme', 'reimbursement.legalBasis', 'reimbursement.icd10', 'reimbursement.icpc2', 'service.type',
    ];
    const paths = new Set([...RULES.map((r) => r.path), ...fields]);
    paths.delete('');
    for (const p of paths) {
      const f = fhirPathOf(p);
      expect(f, p).toMatch(/^(Bundle|MedicationDispense|Patient|Practitioner|Organization|Medication)\b/);
      expect(f, p).not.toBe('MedicationDispense'); // the fallback: every known path maps somewhere precise
    }
    const distinct = new Set([...paths].filter((p) => !['animal', 'service'].includes(p)).map(fhirPathOf));
    expect(distinct.size).toBe(paths.size - 2);
  });

  it('maps the examples, strips a dispensings[i] prefix, keeps FHIR paths, falls back on the resource', () => {
    expect(fhirPathOf('patient.id')).toBe('Patient.identifier');
    expect(fhirPathOf('product.varenr')).toBe('Medication.code');
    expect(fhirPathOf('dispensedOn')).toBe('MedicationDispense.whenHandedOver');
    expect(fhirPathOf('dispensings[3].patient.sex')).toBe('Patient.gender');
    expect(fhirPathOf('dispensings[3]')).toBe('MedicationDispense');
    expect(fhirPathOf('$')).toBe('Bundle');
    expect(fhirPathOf('')).toBe('MedicationDispense');
    expect(fhirPathOf('reimbursement.icd10')).toBe(`MedicationDispense.extension('${EXTENSION.reimbursement}').extension('icd10')`);
    expect(fhirPathOf('patient.municipality')).toBe(`Patient.address.district.extension('${EXTENSION.municipality}')`);
    expect(fhirPathOf('Bundle.entry[2].resource.subject')).toBe('Bundle.entry[2].resource.subject');
    expect(fhirPathOf('product.varenr.extra')).toBe('Medication.code');
    expect(fhirPathOf('constructor')).toBe('MedicationDispense');
    expect(fhirPathOf('nonsense')).toBe('MedicationDispense');
  });
});

describe('FHIR_RULES and issue types', () => {
  it('has rules shaped like the catalogue, with ids of their own', () => {
    const catalogue = new Set(RULES.map((r) => r.id));
    const ids = FHIR_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of FHIR_RULES) {
      expect(r.id).toMatch(/^fhir\.[a-z-]+$/);
      expect(catalogue.has(r.id)).toBe(false);
      expect(['error', 'warning']).toContain(r.severity);
      expect(['message', 'dispensing']).toContain(r.level);
      expect(r.description.length).toBeGreaterThan(20);
    }
  });

  it('gives every rule an IssueType, and names no rule that does not exist', () => {
    const all = [...RULES, ...FHIR_RULES].map((r) => r.id);
    expect(all.filter((id) => !ISSUE_TYPE.has(id))).toEqual([]);
    expect([...ISSUE_TYPE.keys()].filter((id) => !all.includes(id))).toEqual([]);
  });
});

const request = { entryCount: 6, entryOfDispensing: [3, 4, 5] };
const outcome = (b: Json, e: number): Json => ((b.entry as Json[])[e]!.response as Json).outcome as Json;
const status = (b: Json): string[] => (b.entry as Json[]).map((e) => (e.response as Json).status as string);
const issuesOf = (o: Json): Json[] => o.issue as Json[];

describe('responseBundle', () => {
  const receipt: Receipt = {
    messageId: 'm-1',
    status: 'partially-accepted',
    dispensings: [
      { ref: 'R-1', status: 'accepted', issues: [{ severity: 'warning', rule: 'patient.id.masked', path: 'patient.id', message: 'The patient id is masked' }] },
      { ref: 'R-2', status: 'rejected', issues: [{ severity: 'error', rule: 'patient.sex', path: 'patient.sex', message: 'The sex is not in Volven 3101' }] },
      { ref: 'R-3', status: 'corrected', issues: [] },
    ],
  };
  const bundleIssues: BundleIssue[] = [
    { severity: 'warning', rule: 'fhir.resource-type', path: 'Bundle.entry[2].resource', message: 'The entry of type Encounter is ignored', entry: 2 },
    { severity: 'error', rule: 'fhir.reference', path: 'Bundle.entry[4].resource.subject', message: 'The subject reference does not resolve', entry: 4, dispensing: 1 },
  ];

  it('answers every request entry, in order, with a status and an OperationOutcome', () => {
    const b = responseBundle(request, receipt, bundleIssues);
    expect(b.resourceType).toBe('Bundle');
    expect(b.type).toBe('transaction-response');
    expect(b.entry).toHaveLength(6);
    expect(status(b)).toEqual(['200 OK', '200 OK', '200 OK', '201 Created', '422 Unprocessable Entity', '200 OK']);
    for (let e = 0; e < 6; e++) {
      expect(outcome(b, e).resourceType).toBe('OperationOutcome');
      expect(issuesOf(outcome(b, e)).length).toBeGreaterThan(0);
    }
  });

  it('puts each issue on its entry, with IssueType, FHIRPath and the rule as a coding', () => {
    const b = responseBundle(request, receipt, bundleIssues);
    expect(issuesOf(outcome(b, 3))).toEqual([
      {
        severity: 'warning',
        code: 'incomplete',
        details: { coding: [{ system: SYSTEM.rule, code: 'patient.id.masked' }] },
        diagnostics: 'The patient id is masked',
        expression: ['Patient.identifier'],
      },
    ]);
    expect(issuesOf(outcome(b, 4)).map((i) => [i.severity, i.code, i.expression])).toEqual([
      ['error', 'code-invalid', ['Patient.gender']],
      ['error', 'not-found', ['Bundle.entry[4].resource.subject']],
    ]);
    expect(issuesOf(outcome(b, 2))).toMatchObject([{ severity: 'warning', code: 'not-supported', expression: ['Bundle.entry[2].resource'] }]);
    expect(issuesOf(outcome(b, 0))).toEqual([{ severity: 'information', code: 'informational', diagnostics: 'Processed with the message, which was partially accepted' }]);
    expect(issuesOf(outcome(b, 5))).toMatchObject([{ severity: 'information', diagnostics: expect.stringMatching(/corrected/) as unknown }]);
  });

  it('gives duplicates and cancellations 200, and lists a bundle issue the caller also put in the receipt once', () => {
    const r: Receipt = {
      messageId: 'm',
      status: 'accepted',
      dispensings: [
        { ref: 'a', status: 'duplicate', issues: [] },
        { ref: 'b', status: 'cancelled', issues: [] },
        { ref: 'c', status: 'rejected', issues: [{ severity: 'error', rule: 'fhir.reference', path: 'Bundle.entry[5].resource.subject', message: 'm' }] },
      ],
    };
    const b = responseBundle(request, r, [{ severity: 'error', rule: 'fhir.reference', path: 'Bundle.entry[5].resource.subject', message: 'm', entry: 5, dispensing: 2 }]);
    expect(status(b).slice(3)).toEqual(['200 OK', '200 OK', '422 Unprocessable Entity']);
    expect(issuesOf(outcome(b, 5))).toHaveLength(1);
  });

  it('rejects every entry of a rejected message and repeats the message-level issues on each', () => {
    const r: Receipt = {
      messageId: 'm',
      status: 'rejected',
      issues: [{ severity: 'error', rule: 'message.pharmacy', path: 'pharmacy', message: 'The pharmacy is not in the register' }],
      dispensings: [],
    };
    const pharmacyIssue: BundleIssue = { severity: 'error', rule: 'fhir.pharmacy', path: 'Bundle.entry[3].resource.performer', message: 'No pharmacy', entry: 3 };
    const b = responseBundle(request, r, [pharmacyIssue]);
    expect(status(b)).toEqual(Array(6).fill('422 Unprocessable Entity'));
    for (let e = 0; e < 6; e++) {
      expect(issuesOf(outcome(b, e)).map((i) => (i.details as { coding: Json[] }).coding[0]!.code)).toEqual(['message.pharmacy', 'fhir.pharmacy']);
    }
    expect(issuesOf(outcome(b, 0))[0]!.expression).toEqual(['Organization.identifier']);
  });
});

describe('messageOutcome', () => {
  it('is an OperationOutcome of the message-level issues for a whole-message rejection', () => {
    const o = messageOutcome({ messageId: null, status: 'rejected', dispensings: [] }, [
      { severity: 'error', rule: 'fhir.bundle', path: 'Bundle.type', message: 'The Bundle type is not transaction' },
      { severity: 'error', rule: 'fhir.status', path: 'Bundle.entry[1].resource.status', message: 'x', entry: 1, dispensing: 0 },
    ]);
    expect(o).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'structure',
          details: { coding: [{ system: SYSTEM.rule, code: 'fhir.bundle' }] },
          diagnostics: 'The Bundle type is not transaction',
          expression: ['Bundle.type'],
        },
      ],
    });
    expect(messageOutcome({ messageId: null, status: 'rejected', dispensings: [] }, [])).toEqual({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'processing', diagnostics: 'The message was rejected' }],
    });
  });
});
