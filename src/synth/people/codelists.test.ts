import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTIES, MUNICIPALITY_CODES } from '../geography/geography.js';
import { icd10Chapter, icpc2Component } from './codelists.js';
import { writeGeneralCodeLists } from './index.js';

interface Property { code: string; valueDate?: string | null; valueCode?: string; valueString?: string; valueInteger?: number }
interface Concept { code: string; display: string; property?: Property[] }
interface CodeSystem { resourceType: string; url: string; name: string; title: string; version: string; count: number; concept: Concept[] }

let dir: string;
const lists = new Map<string, CodeSystem>();
const prop = (c: Concept, code: string): Property | undefined => c.property?.find((p) => p.code === code);
const codes = (oid: string): string[] => lists.get(oid)!.concept.map((c) => c.code);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-codelists-'));
  await writeGeneralCodeLists(dir);
  for (const f of await readdir(dir)) lists.set(f.replace('.json', ''), JSON.parse(await readFile(join(dir, f), 'utf8')) as CodeSystem);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeGeneralCodeLists', () => {
  it('writes one FHIR CodeSystem per list, named by short OID, without duplicate codes', () => {
    expect([...lists.keys()].sort()).toEqual(['3101', '3402', '3403', '7110', '7170', '7427', '9060', '99775', '99792', '99794']);
    for (const [oid, cs] of lists) {
      expect(cs.resourceType).toBe('CodeSystem');
      expect(cs.url).toBe(`urn:oid:2.16.578.1.12.4.1.1.${oid}`);
      expect(cs.count).toBe(cs.concept.length);
      expect(new Set(codes(oid)).size, oid).toBe(cs.concept.length);
      for (const c of cs.concept) expect(c.display.trim(), `${oid} ${c.code}`).not.toBe('');
    }
    for (const local of ['3403', '99775', '99792', '99794']) expect(lists.get(local)!.title).toMatch(/lokal/i);
  });

  it('3402 holds every municipality code with validity, county and successors', () => {
    const list = lists.get('3402')!;
    expect(list.concept).toHaveLength(MUNICIPALITY_CODES.length);
    const bergen = list.concept.find((c) => c.code === '4601')!;
    expect(bergen.display).toBe('Bergen');
    expect(prop(bergen, 'effectiveFrom')?.valueDate).toBe('2020-01-01');
    expect(prop(bergen, 'effectiveTo')?.valueDate).toBeNull();
    expect(prop(bergen, 'county')?.valueCode).toBe('46');
    const old = list.concept.find((c) => c.code === '1201')!;
    expect(prop(old, 'effectiveTo')?.valueDate).toBe('2019-12-31');
    expect(prop(old, 'replacedBy')?.valueString).toBe('4601');
    expect(prop(list.concept.find((c) => c.code === '1507')!, 'replacedBy')?.valueString).toBe('1508,1580');
    expect(lists.get('3403')!.concept).toHaveLength(COUNTIES.length);
  });

  it('3101 has the real sex codes', () => {
    expect(codes('3101')).toEqual(['0', '1', '2', '9']);
    expect(lists.get('3101')!.concept.find((c) => c.code === '2')!.display).toBe('Kvinne');
  });

  it('7110 has at least 150 ICD-10 codes, each with a parent in the list', () => {
    const list = lists.get('7110')!;
    const all = new Set(codes('7110'));
    const categories = list.concept.filter((c) => /^[A-Z]\d{2,3}$/.test(c.code));
    expect(categories.length).toBeGreaterThanOrEqual(150);
    for (const c of categories) {
      const parent = prop(c, 'parent')?.valueCode;
      expect(parent && all.has(parent), c.code).toBe(true);
      expect(parent).toBe(c.code.length === 3 ? icd10Chapter(c.code) : c.code.slice(0, 3));
    }
    expect(icd10Chapter('D50')).toBe('D50-D89');
    expect(icd10Chapter('H66')).toBe('H60-H95');
    expect(all.has('E11') && all.has('J45') && all.has('I10') && all.has('F32')).toBe(true);
  });

  it('7170 has at least 150 ICPC-2 rubrics with chapter and component', () => {
    const list = lists.get('7170')!;
    const rubrics = list.concept.filter((c) => /^[A-Z]\d\d$/.test(c.code));
    expect(rubrics.length).toBeGreaterThanOrEqual(150);
    const chapters = new Set(codes('7170').filter((c) => c.length === 1));
    for (const c of rubrics) {
      expect(chapters.has(prop(c, 'parent')!.valueCode!), c.code).toBe(true);
      expect(prop(c, 'level')?.valueInteger).toBe(icpc2Component(c.code));
    }
    expect(icpc2Component('R05')).toBe(1);
    expect(icpc2Component('A44')).toBe(2);
    expect(icpc2Component('R96')).toBe(7);
    expect(rubrics.find((c) => c.code === 'T90')!.display).toBe('Diabetes type 2');
  });

  it('7427, 9060 and the local lists hold the expected codes', () => {
    const legal = codes('7427');
    for (const c of ['200', '300', '301', '302', '400', '600', '601', '602', '603', '604']) expect(legal).toContain(c);
    for (let c = 500; c <= 511; c++) expect(legal).toContain(String(c));
    const professions = codes('9060');
    for (const c of ['LE', 'TL', 'SP', 'JO', 'VE', 'FA1', 'FA2', 'FB', 'OP']) expect(professions).toContain(c);
    expect(professions).toHaveLength(36);
    const species = lists.get('99775')!.concept.map((c) => c.display);
    for (const s of ['Hund', 'Katt', 'Hest', 'Storfe', 'Sau', 'Gris', 'Fjørfe', 'Laksefisk']) expect(species).toContain(s);
    expect(lists.get('99794')!.concept.map((c) => c.display)).toEqual(expect.arrayContaining(['Inhalasjonsveiledning', 'Medisinstart']));
    expect(codes('99792').length).toBeGreaterThanOrEqual(3);
  });
});
