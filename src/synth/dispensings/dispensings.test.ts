import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHpr, checkIdentityNumber } from '../../identity/index.js';
import { MESSAGE_LIMITS, type Dispensing, type DispensingMessage } from '../../intake/message/message.js';
import { RULE_BY_ID, SIMULATED_RULES } from '../../intake/rules/catalogue.js';
import { dataLayout } from '../../shared/config.js';
import { isIsoDate } from '../../shared/dates.js';
import { synthNation } from '../nation.js';
import { cumulativeTargets, dayWeights, easter } from './calendar.js';
import { corruptIdentityNumber, reheaded } from './invalid.js';
import { synthDispensings, type DispensingsSummary } from './index.js';
import { isoOfDay, toDay } from '../people/dates.js';

/**
 * The pharmacy simulator against a small imported nation. The nation is made in-process and imported
 * with the built CLI (`npm run build` first). Every dispensing of the file is checked here by a
 * validator of its own, written from the rule catalogue and the nation's source files, independent of
 * the intake pipeline: invalid ones must break exactly their one rule, valid ones none, and valid ones
 * must match the population register (number valid on the day, birth date, sex, residence).
 */

const CLI = resolve(import.meta.dirname, '../../../dist/cli/main.js');
const YEAR = 2024;
const TODAY = '2025-06-01';
const COUNT = 6_000;
const RATE = 0.1;

interface Person {
  identities: { number: string; kind: string; from: string | null; to: string | null }[];
  birthDate: string;
  sex: 'male' | 'female';
  deathDate: string | null;
  residence: { municipality: string; from: string; to: string | null }[];
}
interface PrescriberRecord {
  hpr: string;
  profession: string;
  gpList?: { patient: string; from: string | null; to: string | null }[];
}

let tmp: string;
let nationDir: string;
let data: string;
let file: string;
let summary: DispensingsSummary;
let messages: DispensingMessage[];
const personByNumber = new Map<string, Person>();
const professionByHpr = new Map<string, string>();
const gpOf = new Map<string, string>();
const pharmacies = new Set<string>();
const products = new Map<string, string>();
const codes = new Map<string, { from: string | null; to: string | null }[]>();

function lmr(dataDir: string, args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, '--data', dataDir, ...args], { encoding: 'utf8', env: { ...process.env, LMR_LOG_LEVEL: 'warn' } });
  if (r.status !== 0) throw new Error(`lmr ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

const lines = async (path: string): Promise<string[]> => (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '');
const sha = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex');

async function generate(name: string, extra: Partial<Parameters<typeof synthDispensings>[0]> = {}, dataDir = data): Promise<DispensingsSummary> {
  return synthDispensings({ layout: dataLayout(dataDir), year: YEAR, count: COUNT, errorRate: RATE, seed: 'unit', out: join(tmp, name), today: TODAY, ...extra });
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'lmr-dispensings-'));
  nationDir = join(tmp, 'nation');
  data = join(tmp, 'data');
  await synthNation({ persons: 3_000, seed: 'dispensings', out: nationDir, asOf: '2025-01-01' });
  lmr(data, ['reference', 'import', nationDir, '--json']);
  for (const l of await lines(join(nationDir, 'population.ndjson'))) {
    const p = JSON.parse(l) as Person;
    for (const id of p.identities) personByNumber.set(id.number, p);
  }
  for (const l of await lines(join(nationDir, 'prescribers.ndjson'))) {
    const p = JSON.parse(l) as PrescriberRecord;
    professionByHpr.set(p.hpr, p.profession);
    for (const e of p.gpList ?? []) if (e.to === null) gpOf.set(e.patient, p.hpr);
  }
  for (const l of await lines(join(nationDir, 'pharmacies.ndjson'))) pharmacies.add((JSON.parse(l) as { konsesjonsnr: string }).konsesjonsnr);
  const db = await DuckDBInstance.create(dataLayout(data).referenceDb, { access_mode: 'READ_ONLY' });
  const conn = await db.connect();
  for (const [v, atc] of (await conn.runAndReadAll(`SELECT varenr, atc FROM product`)).getRowsJS() as [string, string][]) products.set(v, atc);
  const rows = (await conn.runAndReadAll(`SELECT oid, code, strftime(effective_from, '%Y-%m-%d'), strftime(effective_to, '%Y-%m-%d') FROM code`)).getRowsJS() as [string, string, string | null, string | null][];
  for (const [oid, code, from, to] of rows) {
    const key = `${oid}|${code}`;
    codes.set(key, [...(codes.get(key) ?? []), { from, to }]);
  }
  conn.closeSync();
  db.closeSync();
  file = join(tmp, 'a.ndjson');
  summary = await generate('a.ndjson');
  messages = (await lines(file)).map((l) => JSON.parse(l) as DispensingMessage);
}, 300_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------- an independent validator

/** Is the code in the list on the day (any day when the date is unknown)? */
function inList(oid: string, code: string, day: string | null): boolean {
  return (codes.get(`${oid}|${code}`) ?? []).some((p) => day === null || ((p.from === null || p.from <= day) && (p.to === null || p.to >= day)));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The error rules a dispensing breaks, apart from the version rules (those need the history). */
function brokenRules(raw: Dispensing): string[] {
  const d = raw as unknown as Record<string, unknown>;
  const patient = isObj(d.patient) ? d.patient : {};
  const product = isObj(d.product) ? d.product : {};
  const prescriber = isObj(d.prescriber) ? d.prescriber : null;
  const reimbursement = isObj(d.reimbursement) ? d.reimbursement : null;
  const broken = new Set<string>();
  const required = [d.ref, d.version, d.kind, d.dispensedOn, patient.id, product.varenr, product.packs];
  if (required.some((v) => v === undefined || v === null)) broken.add('dispensing.required');
  const types: [unknown, string][] = [
    [d.ref, 'string'], [d.version, 'number'], [d.kind, 'string'], [d.cancelled, 'boolean'], [d.dispensedOn, 'string'], [d.prescriptionType, 'string'],
    [patient.id, 'string'], [patient.birthDate, 'string'], [patient.sex, 'string'], [patient.municipality, 'string'], [prescriber?.hpr, 'string'],
    [product.varenr, 'string'], [product.packs, 'number'], [product.aup, 'number'],
  ];
  if (types.some(([v, t]) => v !== undefined && v !== null && typeof v !== t)) broken.add('dispensing.type');
  if (typeof d.ref === 'string' && !new RegExp(MESSAGE_LIMITS.idPattern).test(d.ref)) broken.add('dispensing.ref');
  if (typeof d.version === 'number' && (d.version < 1 || !Number.isInteger(d.version))) broken.add('dispensing.version');
  if (typeof d.kind === 'string' && !['prescription', 'requisition', 'service'].includes(d.kind)) broken.add('dispensing.kind');
  const on = typeof d.dispensedOn === 'string' ? d.dispensedOn : null;
  // The missing date is no day: code validity is then not asked for a day (as with a date in the wrong format).
  const day = on !== null && isIsoDate(on) && on !== '0001-01-01' ? on : null;
  if (on !== null && day === null && on !== '0001-01-01') broken.add('date.format');
  if (on === '0001-01-01') broken.add('date.missing');
  const id = typeof patient.id === 'string' ? patient.id : '';
  const check = checkIdentityNumber(id);
  if (!check.valid) broken.add('patient.id.invalid');
  const person = check.valid && check.kind !== 'masked' ? personByNumber.get(id) : undefined;
  if (day !== null) {
    if (day > TODAY) broken.add('date.future');
    if (day < '2004-01-01') broken.add('date.before-register');
    const birth = person?.birthDate ?? (typeof patient.birthDate === 'string' && isIsoDate(patient.birthDate) ? patient.birthDate : null);
    if (day >= '2004-01-01' && birth !== null && day < birth) broken.add('date.before-birth');
    if (person?.deathDate && day > person.deathDate) broken.add('date.after-death');
  }
  if (typeof patient.birthDate === 'string' && patient.birthDate !== '0001-01-01' && !isIsoDate(patient.birthDate)) broken.add('patient.birth-date');
  if (typeof patient.sex === 'string' && !inList('3101', patient.sex, day)) broken.add('patient.sex');
  if (typeof patient.municipality === 'string' && !inList('3402', patient.municipality, day)) broken.add('patient.municipality');
  const hpr = typeof prescriber?.hpr === 'string' ? prescriber.hpr : null;
  if ((d.kind === 'prescription' || d.kind === 'requisition') && hpr === null) broken.add('prescriber.required');
  if (hpr !== null && !checkHpr(hpr).valid) broken.add('prescriber.hpr');
  if (typeof product.varenr === 'string' && !products.has(product.varenr)) broken.add('product.unknown');
  if (typeof product.varenr === 'string' && products.has(product.varenr) && day !== null && !inList('7180', products.get(product.varenr)!, day)) broken.add('product.atc');
  if (typeof product.packs === 'number' && product.packs <= 0) broken.add('packs.positive');
  if (typeof product.packs === 'number' && product.packs > 999) broken.add('packs.plausible');
  if (typeof product.aup === 'number' && product.aup < 0) broken.add('price.negative');
  if (typeof product.aup === 'number' && product.aup > 10_000_000) broken.add('price.plausible');
  const type = d.prescriptionType;
  if ((typeof type === 'string' && !['E', 'P', 'T', 'M'].includes(type)) || (d.kind === 'prescription' && (type === undefined || type === null))) broken.add('prescription-type');
  const reservation = isObj(d.substitution) ? d.substitution.reservation : undefined;
  if (typeof reservation === 'string' && !inList('99792', reservation, day)) broken.add('reservation.code');
  if (reimbursement !== null) {
    if (!['blue', 'h', 'white'].includes(reimbursement.scheme as string)) broken.add('reimbursement.scheme');
    if (typeof reimbursement.legalBasis === 'string' && !inList('7427', reimbursement.legalBasis, day)) broken.add('reimbursement.legal-basis');
    if (typeof reimbursement.icd10 === 'string' && !inList('7110', reimbursement.icd10, day)) broken.add('reimbursement.icd10');
    if (typeof reimbursement.icpc2 === 'string' && !inList('7170', reimbursement.icpc2, day)) broken.add('reimbursement.icpc2');
  }
  const service = isObj(d.service) ? d.service.type : undefined;
  if ((d.kind === 'service' && typeof service !== 'string') || (typeof service === 'string' && !inList('99794', service, day))) broken.add('service.type');
  if (isObj(d.animal) && (typeof d.animal.species !== 'string' || !inList('99775', d.animal.species, day))) broken.add('animal.species');
  return [...broken];
}

interface Checked {
  message: number;
  d: Dispensing;
  pharmacy: string;
  errors: string[];
  status: 'accepted' | 'rejected' | 'corrected' | 'cancelled' | 'duplicate';
}

/** Every dispensing of the file with its broken rules, the version rules decided against the history as the register would. */
function checkAll(list: readonly DispensingMessage[]): Checked[] {
  const held = new Map<string, { version: number; content: string; message: number }>();
  const out: Checked[] = [];
  list.forEach((m, message) => {
    for (const d of m.dispensings) {
      const errors = brokenRules(d);
      let status: Checked['status'] = errors.length > 0 ? 'rejected' : 'accepted';
      if (errors.length === 0) {
        const key = `${m.pharmacy}|${d.ref}`;
        const content = JSON.stringify({ ...d, version: 0 });
        const h = held.get(key);
        if (!h) {
          if (d.cancelled) {
            errors.push('cancel.unknown');
            status = 'rejected';
          } else held.set(key, { version: d.version, content, message });
        } else if (d.version > h.version) {
          status = d.cancelled ? 'cancelled' : 'corrected';
          held.set(key, { version: d.version, content, message });
        } else if (d.version === h.version) {
          if (content === h.content) status = 'duplicate';
          else {
            errors.push('version.conflict');
            status = 'rejected';
          }
        } else status = 'duplicate';
      }
      out.push({ message, d, pharmacy: m.pharmacy, errors, status });
    }
  });
  return out;
}

// ---------------------------------------------------------------- the file

describe('lmr synth dispensings: the file', () => {
  it('holds exactly --count dispensings in messages of one pharmacy and at most 1,000 dispensings, in date order', () => {
    expect(summary.dispensings).toBe(COUNT);
    expect(messages.reduce((a, m) => a + m.dispensings.length, 0)).toBe(COUNT);
    expect(summary.messages).toBe(messages.length);
    expect(new Set(messages.map((m) => m.messageId)).size).toBe(messages.length);
    for (const m of messages) {
      expect(m.messageId).toMatch(new RegExp(MESSAGE_LIMITS.idPattern));
      expect(pharmacies.has(m.pharmacy)).toBe(true);
      expect(m.dispensings.length).toBeGreaterThan(0);
      expect(m.dispensings.length).toBeLessThanOrEqual(1000);
    }
    const sent = messages.map((m) => m.sentAt!.slice(0, 10));
    expect(sent).toEqual([...sent].sort());
    expect(sent[0]!.startsWith(String(YEAR))).toBe(true);
    expect(sent.at(-1)!.startsWith(String(YEAR))).toBe(true);
  });

  it('makes the share --error-rate invalid, spread evenly over the simulated rules, each breaking its one rule and no other', () => {
    const checked = checkAll(messages);
    const invalid = checked.filter((c) => c.errors.length > 0);
    expect(invalid.length).toBe(Math.round(COUNT * RATE));
    expect(summary.invalid).toBe(invalid.length);
    expect(invalid.filter((c) => c.errors.length > 1).map((c) => c.errors)).toEqual([]);
    const byRule: Record<string, number> = {};
    for (const c of invalid) byRule[c.errors[0]!] = (byRule[c.errors[0]!] ?? 0) + 1;
    expect(byRule).toEqual(summary.byRule);
    // Every simulated rule, about equally often; and only error rules of the catalogue.
    expect(Object.keys(byRule).sort()).toEqual([...SIMULATED_RULES].sort());
    const per = invalid.length / SIMULATED_RULES.length;
    for (const [rule, n] of Object.entries(byRule)) {
      expect(RULE_BY_ID.get(rule)?.severity).toBe('error');
      expect(Math.abs(n - per)).toBeLessThanOrEqual(2);
    }
  });

  it('counts the corrections and cancellations it sends, each a later message of the same pharmacy, and no duplicates', () => {
    const checked = checkAll(messages);
    expect(checked.filter((c) => c.status === 'duplicate')).toEqual([]);
    expect(checked.filter((c) => c.status === 'corrected').length).toBe(summary.corrections);
    expect(checked.filter((c) => c.status === 'cancelled').length).toBe(summary.cancellations);
    expect(summary.corrections).toBeGreaterThan(COUNT * 0.005);
    expect(summary.cancellations).toBeGreaterThan(COUNT * 0.002);
    const first = new Map<string, Checked>();
    for (const c of checked) {
      const key = `${c.pharmacy}|${c.d.ref}`;
      if (c.status === 'accepted') first.set(key, c);
      if (c.status === 'corrected' || c.status === 'cancelled') {
        const original = first.get(key)!;
        expect(c.message).toBeGreaterThan(original.message);
        expect(c.d.version).toBe(original.d.version + 1);
        expect(c.d.dispensedOn).toBe(original.d.dispensedOn);
        expect(messages[c.message]!.sentAt! > messages[original.message]!.sentAt!).toBe(true);
      }
    }
    // A version conflict re-sends a dispensing of an earlier message with other content.
    const conflicts = checked.filter((c) => c.errors[0] === 'version.conflict');
    expect(conflicts.length).toBeGreaterThan(0);
    for (const c of conflicts) expect(first.get(`${c.pharmacy}|${c.d.ref}`)!.message).toBeLessThan(c.message);
  });

  it('writes valid dispensings as the population register has the person on the day', () => {
    const valid = checkAll(messages).filter((c) => c.errors.length === 0 && c.status === 'accepted');
    let people = 0;
    for (const { d } of valid) {
      expect(d.dispensedOn >= `${YEAR}-01-01` && d.dispensedOn <= `${YEAR}-12-31`).toBe(true);
      if (d.patient.id === '00000000000' || d.patient.id === '99999999999') continue;
      const p = personByNumber.get(d.patient.id);
      expect(p).toBeDefined();
      if (!p) continue;
      const day = d.dispensedOn;
      // The number valid on the day (the later one on the day a D-number becomes a national number).
      const numbers = p.identities.filter((i) => (i.from === null || i.from <= day) && (i.to === null || i.to >= day));
      expect(numbers.at(-1)?.number).toBe(d.patient.id);
      expect(p.birthDate <= day && (p.deathDate === null || day <= p.deathDate)).toBe(true);
      if (d.animal) {
        // The owner: the number only.
        expect(d.patient).toEqual({ id: d.patient.id });
        expect(professionByHpr.get(d.prescriber!.hpr)).toBe('VE');
        continue;
      }
      people++;
      expect(d.patient.birthDate).toBe(p.birthDate);
      expect(d.patient.sex).toBe(p.sex === 'female' ? '2' : '1');
      const home = p.residence.find((r) => r.from <= day && (r.to === null || r.to >= day));
      expect(d.patient.municipality).toBe(home?.municipality);
      if (d.kind === 'service') expect(d.prescriber).toBeUndefined();
      if (d.prescriber && d.prescriber.hpr !== '0' && d.prescriber.hpr !== '999999999') expect(professionByHpr.has(d.prescriber.hpr)).toBe(true);
    }
    expect(people).toBeGreaterThan(COUNT * 0.7);
  });

  it('looks like Norwegian pharmacy data: kinds, masked values, GP prescriptions, refills, seasons', () => {
    const valid = checkAll(messages).filter((c) => c.errors.length === 0 && c.status === 'accepted').map((c) => c.d);
    const share = (test: (d: Dispensing) => boolean): number => valid.filter(test).length / valid.length;
    expect(share((d) => d.kind === 'requisition')).toBeGreaterThan(0.01);
    expect(share((d) => d.kind === 'service')).toBeGreaterThan(0.005);
    expect(share((d) => d.animal !== undefined)).toBeGreaterThan(0.005);
    expect(share((d) => d.prescriptionType === 'E')).toBeGreaterThan(0.8);
    expect(share((d) => d.prescriptionType === 'M')).toBeGreaterThan(0.01);
    expect(share((d) => d.substitution?.substituted === true)).toBeGreaterThan(0.05);
    expect(share((d) => d.reimbursement?.scheme === 'blue')).toBeGreaterThan(0.3);
    const masked = share((d) => d.patient.id === '00000000000' || d.patient.id === '99999999999');
    expect(masked).toBeLessThan(0.01);
    // Most human prescriptions come from the patient's GP.
    const human = valid.filter((d) => d.kind === 'prescription' && !d.animal && gpOf.has(d.patient.id));
    expect(human.filter((d) => d.prescriber?.hpr === gpOf.get(d.patient.id)).length / human.length).toBeGreaterThan(0.5);
    // Chronic users come back for the same pack about every three months.
    const visits = new Map<string, number[]>();
    for (const d of valid) {
      if (d.prescriptionType !== 'E' && d.prescriptionType !== 'P' && d.prescriptionType !== 'T') continue;
      const key = `${d.patient.id}|${d.product.varenr}`;
      visits.set(key, [...(visits.get(key) ?? []), toDay(d.dispensedOn)]);
    }
    const gaps = [...visits.values()].flatMap((days) => days.sort((a, b) => a - b).slice(1).map((x, i) => x - days[i]!));
    const quarterly = gaps.filter((g) => g >= 75 && g <= 110).length;
    expect(quarterly / gaps.length).toBeGreaterThan(0.5);
    // Dose dispensing: two weeks of tablets, a part of a pack. No valid dispensing has an unusual number of packs.
    const multidose = valid.filter((d) => d.prescriptionType === 'M');
    expect(multidose.some((d) => !Number.isInteger(d.product.packs))).toBe(true);
    expect(multidose.every((d) => d.product.packs <= 2)).toBe(true);
    expect(valid.filter((d) => d.product.packs > 100)).toEqual([]);
    // Antibiotics (J01) peak in winter.
    const j01 = valid.filter((d) => products.get(d.product.varenr)?.startsWith('J01'));
    const winter = j01.filter((d) => ['01', '02', '03', '11', '12'].includes(d.dispensedOn.slice(5, 7))).length;
    const summer = j01.filter((d) => ['05', '06', '07', '08', '09'].includes(d.dispensedOn.slice(5, 7))).length;
    expect(winter).toBeGreaterThan(summer * 1.2);
    // Sundays are quiet.
    const sundays = valid.filter((d) => new Date(`${d.dispensedOn}T00:00:00Z`).getUTCDay() === 0).length;
    expect(sundays / valid.length).toBeLessThan(0.03);
  });

  it('writes the truth file next to the output', async () => {
    const truth = JSON.parse(await readFile(`${file}.truth.json`, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(truth)).toEqual(['dispensings', 'invalid', 'corrections', 'cancellations', 'byRule']);
    expect(truth).toMatchObject({ dispensings: COUNT, invalid: summary.invalid, corrections: summary.corrections, cancellations: summary.cancellations });
    expect(Object.values(truth.byRule as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(summary.invalid);
  });
});

describe('lmr synth dispensings: determinism and options', () => {
  it('gives the same bytes for the same seed, also from a second import of the same nation, and other bytes for another seed', async () => {
    const again = await generate('b.ndjson');
    expect(await sha(join(tmp, 'b.ndjson'))).toBe(await sha(file));
    expect(await sha(join(tmp, 'b.ndjson.truth.json'))).toBe(await sha(`${file}.truth.json`));
    expect(again.dispensings).toBe(COUNT);
    // A fresh import draws new random internal ids in the vault; the file must not depend on them.
    const data2 = join(tmp, 'data2');
    lmr(data2, ['reference', 'import', nationDir, '--json']);
    await generate('c.ndjson', {}, data2);
    expect(await sha(join(tmp, 'c.ndjson'))).toBe(await sha(file));
    await generate('d.ndjson', { seed: 'other' });
    expect(await sha(join(tmp, 'd.ndjson'))).not.toBe(await sha(file));
  });

  it('writes FHIR transaction Bundles, one per message, with the same truth', async () => {
    const s = await generate('f.ndjson', { format: 'fhir' });
    const bundles = (await lines(join(tmp, 'f.ndjson'))).map((l) => JSON.parse(l) as { resourceType: string; type: string; entry: unknown[] });
    expect(bundles.length).toBe(messages.length);
    for (const b of bundles) expect(b).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    expect(await readFile(join(tmp, 'f.ndjson.truth.json'), 'utf8')).toBe(await readFile(`${file}.truth.json`, 'utf8'));
    expect(s.messages).toBe(messages.length);
  });

  it('stops at today in the current year, and holds exactly N for tiny counts, all invalid or none', async () => {
    const current = await generate('e.ndjson', { year: 2025, today: '2025-03-15', count: 500, errorRate: 0 });
    expect(current.dispensings).toBe(500);
    const es = (await lines(join(tmp, 'e.ndjson'))).flatMap((l) => (JSON.parse(l) as DispensingMessage).dispensings);
    expect(es.length).toBe(500);
    expect(es.every((d) => d.dispensedOn >= '2025-01-01' && d.dispensedOn <= '2025-03-15')).toBe(true);
    for (const [count, errorRate] of [[0, 0.5], [1, 0], [7, 1], [40, 1], [33, 0.5]] as const) {
      const s = await generate('t.ndjson', { count, errorRate });
      const all = checkAll((await lines(join(tmp, 't.ndjson'))).map((l) => JSON.parse(l) as DispensingMessage));
      expect(all.length).toBe(count);
      expect(s.invalid).toBe(Math.round(count * errorRate));
      expect(all.filter((c) => c.errors.length > 0).length).toBe(s.invalid);
    }
  });

  it('refuses a year before the register or after today, and a rate outside 0–1', async () => {
    await expect(generate('x.ndjson', { year: 2003 })).rejects.toThrow(/year/);
    await expect(generate('x.ndjson', { year: 2026 })).rejects.toThrow(/year/);
    await expect(generate('x.ndjson', { errorRate: 1.5 })).rejects.toThrow(/share/);
    await expect(generate('x.ndjson', {}, join(tmp, 'empty'))).rejects.toThrow(/reference/);
  });
});

// ---------------------------------------------------------------- small parts

describe('dispensing simulator parts', () => {
  it('spreads volume over the calendar: Easter, holidays and Sundays are quiet, targets end exactly', () => {
    expect(isoOfDay(easter(2024))).toBe('2024-03-31');
    expect(isoOfDay(easter(2025))).toBe('2025-04-20');
    const first = toDay('2024-01-01');
    const w = dayWeights(first, toDay('2024-12-31'));
    expect(w.length).toBe(366);
    expect(w[toDay('2024-05-17') - first]!).toBeLessThan(0.1);
    expect(w[toDay('2024-03-29') - first]!).toBeLessThan(0.1);
    expect(w[toDay('2024-01-07') - first]!).toBeLessThan(w[toDay('2024-01-08') - first]! / 5);
    const t = cumulativeTargets(w, 1_000_003);
    expect(t.at(-1)).toBe(1_000_003);
    expect(t.every((x, i) => i === 0 || x >= t[i - 1]!)).toBe(true);
  });

  it('corrupts an identity number so that it no longer checks, and re-versions a dispensing with keys in message order', () => {
    for (const n of ['01818812345', '41810012352', '15923498765']) {
      expect(checkIdentityNumber(corruptIdentityNumber(n)).valid).toBe(false);
    }
    const d: Dispensing = { ref: 'r1', version: 1, kind: 'service', dispensedOn: '2024-01-02', patient: { id: '00000000000' }, product: { varenr: '1', packs: 1 }, service: { type: '01' } };
    const c = reheaded(d, 2, true);
    expect(Object.keys(c)).toEqual(['ref', 'version', 'kind', 'cancelled', 'dispensedOn', 'patient', 'product', 'service']);
    expect(c).toMatchObject({ version: 2, cancelled: true });
    expect(Object.keys(reheaded(c, 3, false))).toEqual(['ref', 'version', 'kind', 'dispensedOn', 'patient', 'product', 'service']);
  });
});
