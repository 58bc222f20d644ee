import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LmrError } from '../shared/outcome.js';
import { APPLICATION_SCHEMA, checkApplication } from './application.js';

const pem = (bits: number): string => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const KEY = pem(2048);

const valid = (): Record<string, unknown> => ({
  projectId: 'P2026-opioids',
  title: 'Opioid use after surgery',
  legalBasis: 'helseregisterloven § 19 a; GDPR art. 6(1)(e) and 9(2)(j)',
  approval: { reference: 'REK 2026/12345', date: '2026-10-01' },
  variables: [
    { name: 'pasient_fodselsar', level: 'year' },
    { name: 'utlevering_dato', level: 'month' },
    { name: 'legemiddel_atckode_niva5', level: 'exact' },
  ],
  population: { atc: ['N02A*'], period: { from: '2024-01-01', to: '2025-12-31' }, age: { min: 18 } },
  timeWindow: { from: '2023-01-01', to: '2025-12-31' },
  dataState: { kind: 'preliminary' },
  recipientPublicKey: KEY,
  expires: '2028-12-31',
});

/** The issues of a refused application, as path → rule. */
function refused(input: unknown): { path?: string; rule?: string; message: string }[] {
  try {
    checkApplication(input, '2026-11-30');
  } catch (err) {
    expect(err).toBeInstanceOf(LmrError);
    return (err as LmrError).outcome.issues.map((i) => ({ path: i.path, rule: i.rule, message: i.message }));
  }
  throw new Error('accepted');
}

describe('checkApplication', () => {
  it('accepts a valid application', () => {
    expect(checkApplication(valid(), '2026-11-30').projectId).toBe('P2026-opioids');
  });

  it('names an unknown variable and a level the catalogue does not allow, by path', () => {
    const a = valid();
    a.variables = [{ name: 'pasient_skonummer', level: 'exact' }, { name: 'pasient_fodselsar', level: 'exact' }];
    const issues = refused(a);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'variables[0].name', rule: 'application.variable.unknown' }));
    expect(issues).toContainEqual(expect.objectContaining({ path: 'variables[1].level', rule: 'application.variable.level' }));
    expect(issues.find((i) => i.path === 'variables[1].level')!.message).toMatch(/allowed: year/);
  });

  it('refuses malformed criteria with their paths: ATC pattern, sex, period order, age order', () => {
    const a = valid();
    a.population = { atc: ['N02A*X'], sex: ['3'] };
    const issues = refused(a);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['population.atc[0]', 'population.sex[0]']));
    const b = valid();
    b.population = { period: { from: '2025-01-01', to: '2024-01-01' }, age: { min: 70, max: 18 } };
    expect(refused(b).map((i) => `${i.path} ${i.rule}`)).toEqual(['population.period application.range', 'population.age application.range']);
  });

  it('refuses unknown fields, missing fields and bad dates, all at once', () => {
    const a = valid();
    delete a.title;
    a.extra = 1;
    a.expires = '2028-02-30';
    const issues = refused(a);
    expect(issues.map((i) => i.rule)).toEqual(expect.arrayContaining(['application.schema.required', 'application.schema.additionalProperties', 'application.schema.format']));
    expect(issues.find((i) => i.rule === 'application.schema.required')!.message).toMatch(/'title'/);
    expect(issues.find((i) => i.rule === 'application.schema.additionalProperties')!.message).toMatch(/'extra'/);
  });

  it('refuses a key that is not RSA of at least 2048 bits, an expired approval, and a population without criteria', () => {
    const a = valid();
    a.recipientPublicKey = pem(1024);
    a.expires = '2026-11-01';
    a.population = {};
    expect(refused(a).map((i) => i.rule)).toEqual(expect.arrayContaining(['application.key', 'application.expired', 'application.population']));
    const b = valid();
    b.recipientPublicKey = 'not a key';
    expect(refused(b)).toContainEqual(expect.objectContaining({ path: 'recipientPublicKey', rule: 'application.key' }));
  });

  it('checks the key of every recipient of identity numbers', () => {
    const a = valid();
    a.keyFileRecipients = [{ name: 'NPR', publicKey: KEY }, { name: 'Old registry', publicKey: pem(1024) }, { name: 'Typo', publicKey: 'not a key' }];
    expect(refused(a).map((i) => `${i.path ?? ''} ${i.rule ?? ''}`)).toEqual(['keyFileRecipients[1].publicKey application.key', 'keyFileRecipients[2].publicKey application.key']);
  });

  it('keeps the schema file in docs equal to the schema it checks with', () => {
    const file = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs/formats/project-application.schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(JSON.parse(JSON.stringify(APPLICATION_SCHEMA)));
  });
});
