import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ATC_CODE_PATTERNS,
  ATC_GROUPS,
  ATC_MAIN_GROUPS,
  SUBSTANCES,
  allAtcCodes,
  atcAncestors,
  atcLevel,
  atcNames,
  catalogueIssues,
  convertAmount,
  dddForRoute,
  dddPerPack,
  substanceByAtc,
  usedDosageForms,
} from './catalogue.js';
import { writeDrugCodeLists } from './codelists.js';
import { DOSAGE_FORMS, type AdminRoute, type DddUnit, type Substance } from './model.js';

const codes = SUBSTANCES.map((s) => s.atc);
const countUnder = (...prefixes: string[]): number => codes.filter((c) => prefixes.some((p) => c.startsWith(p))).length;

function get(code: string): Substance {
  const s = substanceByAtc(code);
  if (!s) throw new Error(`${code} missing from the catalogue`);
  return s;
}

/** The DDD for a route, in the given unit (so the check does not depend on how the table writes it). */
function dddIn(code: string, route: AdminRoute, unit: DddUnit): number | undefined {
  const d = dddForRoute(get(code), route);
  return d ? (convertAmount(d.value, d.unit, unit) ?? undefined) : undefined;
}

describe('ATC tables', () => {
  it('has at least 330 distinct real level-5 codes', () => {
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThanOrEqual(330);
  });

  it('covers all 14 anatomical main groups', () => {
    expect(new Set(codes.map((c) => c[0]))).toEqual(new Set(ATC_MAIN_GROUPS));
    for (const main of ATC_MAIN_GROUPS) expect(countUnder(main), main).toBeGreaterThanOrEqual(5);
  });

  it('represents the groups the register reports on', () => {
    expect(countUnder('J01')).toBeGreaterThanOrEqual(30);
    expect(countUnder('N02A')).toBeGreaterThanOrEqual(12);
    expect(countUnder('N05BA', 'N05CD', 'N05CF')).toBeGreaterThanOrEqual(12);
    for (const group of ['C10', 'C09', 'A10', 'N06A', 'R03']) expect(countUnder(group), group).toBeGreaterThanOrEqual(8);
  });

  it('has valid code shapes at every level', () => {
    for (const code of allAtcCodes()) {
      const level = atcLevel(code);
      expect(level, code).not.toBeNull();
      expect(ATC_CODE_PATTERNS[level!].test(code)).toBe(true);
    }
    for (const g of ATC_GROUPS) expect(atcLevel(g.code), g.code).toBeLessThan(5);
    for (const c of codes) expect(c).toMatch(/^[ABCDGHJLMNPRSV]\d{2}[A-Z]{2}\d{2}$/);
  });

  it('names every parent of every level-5 code, in Norwegian and English', () => {
    for (const code of codes) {
      const ancestors = atcAncestors(code);
      expect(ancestors.map((a) => a.length)).toEqual([1, 3, 4, 5]);
      for (const parent of ancestors) {
        const names = atcNames(parent);
        expect(names, `${code} → ${parent}`).toBeDefined();
        expect(names!.name.length).toBeGreaterThan(2);
        expect(names!.nameNo.length).toBeGreaterThan(2);
      }
    }
    // Groups are only what the substances need: no orphan group.
    const needed = new Set(codes.flatMap(atcAncestors));
    for (const g of ATC_GROUPS) expect(needed.has(g.code), g.code).toBe(true);
  });

  it('passes its own consistency check', () => {
    expect(catalogueIssues()).toEqual([]);
  });

  it('uses Norwegian names as FEST writes them', () => {
    expect(get('C01DA14')).toMatchObject({ name: 'Isosorbide mononitrate', nameNo: 'Isosorbidmononitrat' });
    expect(get('N02AA05').nameNo).toBe('Oksykodon');
    expect(get('N05CF01').nameNo).toBe('Zopiklon');
    expect(get('J01CE02').nameNo).toBe('Fenoksymetylpenicillin');
    expect(get('N06AA09').nameNo).toBe('Amitriptylin');
  });
});

describe('WHO DDDs', () => {
  it.each([
    ['J01CE02', 'O', 2000],
    ['J01CA04', 'O', 1500],
    ['J01CA04', 'P', 3000],
    ['J01CR02', 'O', 1500],
    ['N02AA01', 'O', 100],
    ['N02AA01', 'P', 30],
    ['N02AA05', 'O', 75],
    ['N02AX02', 'O', 300],
    ['N05BA01', 'O', 10],
    ['N05BA04', 'O', 50],
    ['N05CF01', 'O', 7.5],
    ['N05CF02', 'O', 10],
    ['C10AA01', 'O', 30],
    ['C10AA05', 'O', 20],
    ['C10AA07', 'O', 10],
    ['A10BA02', 'O', 2000],
    ['N06AB06', 'O', 50],
    ['N06AB10', 'O', 10],
    ['R03AC02', 'Inhal.aerosol', 0.8],
    ['C01DA14', 'O', 40],
    ['C07AB02', 'O', 150],
    ['C08CA01', 'O', 5],
    ['C09CA01', 'O', 50],
    ['B01AA03', 'O', 7.5],
    ['B01AF02', 'O', 10],
    ['H03AA01', 'O', 0.15],
    ['M01AE01', 'O', 1200],
    ['N02BE01', 'O', 3000],
    ['J01CA08', 'O', 600],
    ['J01XE01', 'O', 200],
  ] as const)('%s %s is %s mg', (code, route, mg) => {
    expect(dddIn(code, route, 'mg')).toBeCloseTo(mg, 9);
  });

  it('knows unit-based DDDs', () => {
    expect(dddIn('A10AE04', 'P', 'U')).toBe(40);
    expect(dddIn('B01AB04', 'P', 'U')).toBe(2500);
    expect(dddIn('N05AN01', 'O', 'mmol')).toBe(24);
    expect(dddIn('R03BB04', 'Inhal.powder', 'mcg')).toBe(18);
  });

  it('leaves DDD null where WHO has none, with a note', () => {
    for (const code of ['C09DA01', 'R03AK07', 'N02AJ06', 'G03AA07', 'D07AC13', 'S01AA01', 'J07BB02', 'L01EA01', 'B01AC06']) {
      const s = get(code);
      expect(s.ddd, code).toEqual([]);
      expect(s.dddNote, code).toBeTruthy();
    }
  });

  it('assigns DDDs only with known units and routes, and notes uncertain ones', () => {
    const units = new Set<DddUnit>(['g', 'mg', 'mcg', 'U', 'TU', 'MU', 'mmol', 'ml']);
    for (const s of SUBSTANCES) for (const d of s.ddd) expect(units.has(d.unit), s.atc).toBe(true);
    expect(SUBSTANCES.filter((s) => s.ddd.length > 0).length).toBeGreaterThan(300);
  });
});

describe('DDD per pack', () => {
  it('is count × size × strength ÷ DDD, unit-converted', () => {
    const d40mg = { value: 40, unit: 'mg', route: 'O' } as const;
    expect(dddPerPack({ count: 20, size: 1, unit: 'stk' }, 50, 'mg', undefined, d40mg)).toBe(25);
    expect(dddPerPack({ count: 1, size: 100, unit: 'stk' }, 0.05, 'g', undefined, d40mg)).toBe(125);
    // 250 ml of 1 mg/ml oxycodone, DDD 75 mg
    expect(dddPerPack({ count: 1, size: 250, unit: 'ml' }, 1, 'mg', 'ml', { value: 75, unit: 'mg', route: 'O' })).toBeCloseTo(3.333, 3);
    // 5 pens of 3 ml insulin 100 IE/ml, DDD 40 U
    expect(dddPerPack({ count: 5, size: 3, unit: 'ml' }, 100, 'IE', 'ml', { value: 40, unit: 'U', route: 'P' })).toBe(37.5);
    // 200 doses of 0.1 mg salbutamol, DDD 0.8 mg
    expect(dddPerPack({ count: 1, size: 200, unit: 'dose' }, 0.1, 'mg', 'dose', { value: 0.8, unit: 'mg', route: 'Inhal.aerosol' })).toBe(25);
    // 5 fentanyl patches of 25 mcg/h worn 72 h, DDD 1.2 mg (delivered per 24 h)
    expect(dddPerPack({ count: 5, size: 1, unit: 'stk' }, 25, 'mcg', 'h', { value: 1.2, unit: 'mg', route: 'TD' }, 72)).toBeCloseTo(7.5, 9);
  });

  it('is null when units cannot be reconciled or there is no DDD', () => {
    expect(dddPerPack({ count: 20, size: 1, unit: 'stk' }, 50, 'mg', undefined, undefined)).toBeNull();
    expect(dddPerPack({ count: 20, size: 1, unit: 'stk' }, 50, 'IE', undefined, { value: 40, unit: 'mg', route: 'O' })).toBeNull();
    expect(dddPerPack({ count: 1, size: 30, unit: 'g' }, 1, 'mg', 'ml', { value: 40, unit: 'mg', route: 'O' })).toBeNull();
    expect(convertAmount(1, 'g', 'mcg')).toBe(1_000_000);
    expect(convertAmount(2, 'TU', 'U')).toBe(2000);
    expect(convertAmount(1, 'mg', 'mmol')).toBeNull();
  });
});

describe('products and usage hints', () => {
  it('gives every substance a product with brands, packs and a price range', () => {
    for (const s of SUBSTANCES) {
      expect(s.products.length, s.atc).toBeGreaterThan(0);
      for (const p of s.products) {
        expect(p.brands.every((b) => b.length > 1 && !b.startsWith('~')), s.atc).toBe(true);
        expect(p.aup[0] <= p.aup[1], s.atc).toBe(true);
        expect(DOSAGE_FORMS[p.form]).toBeDefined();
      }
    }
    expect(get('N05CF01').products[0]!.brands).toContain('Zopiclone Orifarm');
    expect(get('J01CE02').products[0]!.brands).toContain('Apocillin');
  });

  it('has unique dosage-form codes, the fixture codes among the FEST-verified ones', () => {
    const forms = Object.values(DOSAGE_FORMS);
    expect(new Set(forms.map((f) => f.code)).size).toBe(forms.length);
    const fest = new Map(forms.filter((f) => f.source === 'fest').map((f) => [f.code, f.name]));
    expect(fest.get('53')).toBe('Tablett');
    expect(fest.get('743')).toBe('Depotkapsel, hard');
    expect(fest.get('842')).toBe('Mikstur, oppløsning');
    for (const f of forms.filter((x) => x.source === 'local')) expect(Number(f.code)).toBeGreaterThanOrEqual(9000);
    expect(usedDosageForms().length).toBeGreaterThan(20);
  });

  it('uses reseptgruppe A for strong opioids and B for benzodiazepines and z-hypnotics', () => {
    for (const code of ['N02AA01', 'N02AA05', 'N02AB03', 'N02AE01', 'N07BC02', 'N06BA04']) expect(get(code).rx, code).toBe('A');
    for (const s of SUBSTANCES.filter((x) => /^N05(BA|CD|CF)/.test(x.atc))) expect(['A', 'B'], s.atc).toContain(s.rx);
    expect(get('N05CD03').rx).toBe('A'); // flunitrazepam
    expect(get('N02AJ06').rx).toBe('B'); // codeine combinations
    expect(get('N02AX02').rx).toBe('B'); // tramadol
    expect(get('C10AA05').rx).toBe('C');
    expect(get('B01AC06').rx).toBe('F');
  });

  it('has roughly realistic prevalences and usage patterns', () => {
    const prevalence = (code: string): number => get(code).usage.prevalence;
    expect(prevalence('J01CE02')).toBeGreaterThanOrEqual(0.04);
    expect(prevalence('J01CE02')).toBeLessThanOrEqual(0.08);
    expect(prevalence('C10AA05')).toBeGreaterThanOrEqual(0.035);
    expect(prevalence('N05CF01')).toBeGreaterThanOrEqual(0.035);
    expect(get('J01CE02').usage.pattern).toBe('acute');
    expect(get('A10BA02').usage.pattern).toBe('chronic');
    expect(get('R06AE07').usage.pattern).toBe('seasonal');
    for (const s of SUBSTANCES) {
      expect(s.usage.femaleShare, s.atc).toBeGreaterThanOrEqual(0);
      expect(s.usage.femaleShare, s.atc).toBeLessThanOrEqual(1);
      expect(s.usage.packsPerDispensing, s.atc).toBeGreaterThanOrEqual(1);
      for (const m of s.usage.peakMonths ?? []) expect(m >= 1 && m <= 12, s.atc).toBe(true);
    }
  });

  it('gives blue-prescription codes in ICPC-2 and ICD-10 shape', () => {
    expect(get('A10BA02').usage.reimbursement).toMatchObject({ icpc2: ['T90'], icd10: ['E11'] });
    let withCodes = 0;
    for (const s of SUBSTANCES) {
      const r = s.usage.reimbursement;
      if (!r) continue;
      withCodes++;
      expect(r.share > 0 && r.share <= 1, s.atc).toBe(true);
      for (const c of r.icpc2) expect(c, s.atc).toMatch(/^[A-Z]\d{2}$/);
      for (const c of r.icd10) expect(c, s.atc).toMatch(/^[A-Z]\d{2}\d?$/);
    }
    expect(withCodes).toBeGreaterThan(200);
  });

  it('marks substances commonly dispensed for animals', () => {
    const animal = SUBSTANCES.filter((s) => s.usage.animal);
    expect(animal.map((s) => s.atc)).toEqual(expect.arrayContaining(['J01CA04', 'H02AB06', 'N03AA02', 'N02AX02']));
    for (const s of animal) expect(s.usage.animal!.species.length, s.atc).toBeGreaterThan(0);
  });
});

describe('drug code lists', () => {
  it('writes 7180 with every level, 7448 with the forms used and 7452 with the pack units', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lmr-drug-codelists-'));
    try {
      await writeDrugCodeLists(dir);
      interface Concept {
        code: string;
        display: string;
        property?: { code: string; valueCode?: string; valueInteger?: number; valueString?: string }[];
      }
      const read = async (oid: string): Promise<{ url: string; concept: Concept[] }> =>
        JSON.parse(await readFile(join(dir, `${oid}.json`), 'utf8')) as { url: string; concept: Concept[] };
      const prop = (c: Concept, code: string) => c.property?.find((p) => p.code === code);

      const atc = await read('7180');
      expect(atc.url).toBe('urn:oid:2.16.578.1.12.4.1.1.7180');
      const byCode = new Map(atc.concept.map((c) => [c.code, c]));
      expect(byCode.size).toBe(ATC_GROUPS.length + SUBSTANCES.length);
      for (const level of [1, 2, 3, 4, 5]) expect(atc.concept.some((c) => prop(c, 'level')?.valueInteger === level)).toBe(true);
      for (const c of atc.concept) {
        expect(prop(c, 'nameEnglish')?.valueString, c.code).toBeTruthy();
        const parent = prop(c, 'parent')?.valueCode;
        if (c.code.length === 1) expect(parent).toBeUndefined();
        else expect(byCode.has(parent!), c.code).toBe(true);
      }
      expect(byCode.get('C01DA14')?.display).toBe('Isosorbidmononitrat');
      expect(prop(byCode.get('C01DA14')!, 'parent')?.valueCode).toBe('C01DA');

      const forms = await read('7448');
      expect(forms.concept.map((c) => c.code)).toEqual(expect.arrayContaining(['53', '743', '842']));
      expect(forms.concept.length).toBe(usedDosageForms().length);

      const units = await read('7452');
      expect(units.concept.map((c) => c.code).sort()).toEqual(['dose', 'g', 'ml', 'stk']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
