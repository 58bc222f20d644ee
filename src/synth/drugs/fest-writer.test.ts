import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/random.js';
import { SUBSTANCES } from './catalogue.js';
import { FEST_NAMESPACE, FORSKRIVNING_NAMESPACE, formatDecimal, generateFestCatalogue, writeFest, type FestSummary } from './fest-writer.js';
import { escapeXml } from './xml-writer.js';

interface XmlNode {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** A small DOM built with saxes; throws on any well-formedness error. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#document', uri: '', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const node: XmlNode = {
      name: tag.local,
      uri: tag.uri,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack[stack.length - 1]!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}

function child(node: XmlNode, name: string): XmlNode {
  const found = node.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${node.name}> has no <${name}>`);
  return found;
}

function maybeChild(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

const text = (node: XmlNode, name: string): string => child(node, name).text;

const MASS_MCG: Record<string, number> = { g: 1_000_000, mg: 1000, mcg: 1 };

/** DDD per pack as the importer computes it from the file (contract in docs/formats/reference-sources.md). */
function importerDdd(pack: XmlNode, brandById: Map<string, XmlNode>, strengthById: Map<string, XmlNode>): number | null {
  const info = child(pack, 'Pakningsinfo');
  const ddd = maybeChild(info, 'DDD');
  if (!ddd) return null;
  const brand = brandById.get(text(info, 'RefLegemiddelMerkevare'))!;
  const first = brand.children.find((c) => c.name === 'SortertVirkestoffMedStyrke')!;
  const strength = strengthById.get(text(first, 'RefVirkestoffMedStyrke'))!;
  const styrke = child(strength, 'Styrke').attributes;
  const nevner = maybeChild(strength, 'StyrkeNevner');
  const unit = child(info, 'EnhetPakning').attributes.V!;
  if (nevner ? nevner.attributes.U !== unit || nevner.attributes.V !== '1' : unit !== 'stk') return null;
  const amount = Number(text(info, 'Antall')) * Number(text(info, 'Mengde')) * Number(styrke.V);
  const from = styrke.U!;
  const to = ddd.attributes.U!;
  const value = Number(ddd.attributes.V);
  if (MASS_MCG[from] && MASS_MCG[to]) return (amount * MASS_MCG[from]) / MASS_MCG[to] / value;
  if ((from === 'IE' || from === 'U') && to === 'U') return amount / value;
  if (from === to) return amount / value;
  return null;
}

const ID = /^ID_[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

describe('writeFest', () => {
  let dir: string;
  let xml: string;
  let summary: FestSummary;
  let root: XmlNode;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lmr-fest-'));
    summary = await writeFest(join(dir, 'a.xml'), createRng('seed-a/fest'), { asOf: '2024-06-30' });
    xml = await readFile(join(dir, 'a.xml'), 'utf8');
    root = parseXml(xml);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is deterministic for a seed and differs for another seed', async () => {
    await writeFest(join(dir, 'a2.xml'), createRng('seed-a/fest'), { asOf: '2024-06-30' });
    await writeFest(join(dir, 'b.xml'), createRng('seed-b/fest'), { asOf: '2024-06-30' });
    const again = await readFile(join(dir, 'a2.xml'));
    const other = await readFile(join(dir, 'b.xml'));
    expect(again.equals(Buffer.from(xml, 'utf8'))).toBe(true);
    expect(other.equals(again)).toBe(false);
  });

  it('is well-formed FEST M30 with the sections in contract order', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<FEST ')).toBe(true);
    expect(root.name).toBe('FEST');
    expect(root.uri).toBe(FEST_NAMESPACE);
    expect(root.children.map((c) => c.name)).toEqual(['HentetDato', 'KatLegemiddelpakning', 'KatLegemiddelMerkevare', 'KatVirkestoffMedStyrke', 'KatVirkestoff']);
    expect(text(root, 'HentetDato')).toMatch(/^2024-06-30T\d{2}:\d{2}:\d{2}$/);
  });

  it('writes at least 420 packs covering every level-5 substance, with unique six-digit Varenr', () => {
    const packs = child(root, 'KatLegemiddelpakning').children;
    expect(packs.length).toBe(summary.packs);
    expect(packs.length).toBeGreaterThanOrEqual(420);
    const varenr = packs.map((p) => text(child(p, 'Legemiddelpakning'), 'Varenr'));
    for (const v of varenr) expect(v).toMatch(/^\d{6}$/);
    expect(new Set(varenr).size).toBe(varenr.length);
    expect(varenr.some((v) => v.startsWith('0'))).toBe(true);
    const atc = new Set(packs.map((p) => child(child(p, 'Legemiddelpakning'), 'Atc').attributes.V));
    expect(atc).toEqual(new Set(SUBSTANCES.map((s) => s.atc)));
    expect(summary.atc5).toBe(atc.size);
    // Well-represented groups have several packs each.
    const inGroup = (prefix: string) => packs.filter((p) => child(child(p, 'Legemiddelpakning'), 'Atc').attributes.V!.startsWith(prefix)).length;
    for (const group of ['J01', 'N02A', 'N05', 'C10', 'C09', 'A10', 'N06A', 'R03']) expect(inGroup(group), group).toBeGreaterThanOrEqual(30);
  });

  it('shapes each pack like the real sample', () => {
    const packs = child(root, 'KatLegemiddelpakning').children;
    const units = new Set<string>();
    let withDdd = 0;
    for (const oppf of packs) {
      expect(oppf.name).toBe('OppfLegemiddelpakning');
      expect(text(oppf, 'Id')).toMatch(ID);
      expect(text(oppf, 'Tidspunkt')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(text(oppf, 'Tidspunkt') <= '2024-06-30T23:59:59').toBe(true);
      expect(child(oppf, 'Status').attributes.V).toBe('A');
      const lp = child(oppf, 'Legemiddelpakning');
      expect(lp.uri).toBe(FORSKRIVNING_NAMESPACE);
      const names = lp.children.map((c) => c.name);
      expect(names.slice(0, 7)).toEqual(['Atc', 'NavnFormStyrke', 'Reseptgruppe', 'LegemiddelformKort', 'Id', 'Varenr', 'Pakningsinfo']);
      expect(names.slice(7).every((n) => n === 'PrisVare')).toBe(true);
      const atc = child(lp, 'Atc').attributes;
      expect(atc.S).toBe('2.16.578.1.12.4.1.1.7180');
      expect(atc.DN).toBeTruthy();
      expect(['A', 'B', 'C', 'F']).toContain(child(lp, 'Reseptgruppe').attributes.V);
      expect(child(lp, 'LegemiddelformKort').attributes.S).toBe('2.16.578.1.12.4.1.1.7448');
      expect(text(lp, 'Id')).toMatch(ID);
      const info = child(lp, 'Pakningsinfo');
      expect(info.children.map((c) => c.name).filter((n) => n !== 'DDD')).toEqual([
        'RefLegemiddelMerkevare',
        'Pakningsstr',
        'EnhetPakning',
        'Antall',
        'Mengde',
        'Statistikkfaktor',
      ]);
      const antall = text(info, 'Antall');
      const mengde = text(info, 'Mengde');
      expect(text(info, 'Pakningsstr')).toBe(`${antall} x ${mengde.replace('.', ',')}`);
      units.add(child(info, 'EnhetPakning').attributes.V!);
      const ddd = maybeChild(info, 'DDD');
      if (ddd) {
        withDdd++;
        expect(Number(ddd.attributes.V)).toBeGreaterThan(0);
        expect(['g', 'mcg', 'U', 'mmol', 'ml']).toContain(ddd.attributes.U);
      }
      const prices = lp.children.filter((c) => c.name === 'PrisVare');
      expect(prices.length).toBeLessThanOrEqual(3);
      const from = prices.map((p) => text(p, 'GyldigFraDato'));
      expect([...from].sort()).toEqual(from);
      for (const p of prices) {
        expect(child(p, 'Type').attributes.V).toBe('5');
        expect(child(p, 'Pris').attributes.V).toMatch(/^\d+\.\d{2}$/);
        expect(child(p, 'Pris').attributes.U).toBe('NOK');
        expect(text(p, 'GyldigFraDato') <= '2024-06-30').toBe(true);
      }
    }
    expect(units).toEqual(new Set(['stk', 'ml', 'g', 'dose']));
    expect(withDdd).toBeGreaterThan(packs.length / 2);
    expect(withDdd).toBeLessThan(packs.length);
    const priced = packs.filter((p) => child(p, 'Legemiddelpakning').children.some((c) => c.name === 'PrisVare')).length;
    expect(priced).toBeGreaterThan(packs.length * 0.95);
  });

  it('resolves every reference: pack → brand → substance with strength → substance', () => {
    const brandById = new Map(child(root, 'KatLegemiddelMerkevare').children.map((o) => {
      const b = child(o, 'LegemiddelMerkevare');
      return [text(b, 'Id'), b] as const;
    }));
    const strengthById = new Map(child(root, 'KatVirkestoffMedStyrke').children.map((o) => {
      const s = child(o, 'VirkestoffMedStyrke');
      return [text(s, 'Id'), s] as const;
    }));
    const substances = child(root, 'KatVirkestoff').children.map((o) => child(o, 'Virkestoff'));
    expect(substances.length).toBe(summary.substances);
    const substanceIds = new Set(substances.map((s) => text(s, 'Id')));
    for (const oppf of child(root, 'KatLegemiddelpakning').children) {
      const ref = text(child(child(oppf, 'Legemiddelpakning'), 'Pakningsinfo'), 'RefLegemiddelMerkevare');
      expect(brandById.has(ref), ref).toBe(true);
    }
    for (const brand of brandById.values()) {
      expect(child(brand, 'Atc').attributes.V).toMatch(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/);
      expect(text(brand, 'Varenavn').length).toBeGreaterThan(1);
      const sorted = brand.children.filter((c) => c.name === 'SortertVirkestoffMedStyrke');
      expect(sorted.length).toBeGreaterThanOrEqual(1);
      sorted.forEach((s, i) => {
        expect(text(s, 'Sortering')).toBe(String(i + 1));
        expect(strengthById.has(text(s, 'RefVirkestoffMedStyrke'))).toBe(true);
      });
    }
    for (const s of strengthById.values()) {
      expect(substanceIds.has(text(s, 'RefVirkestoff'))).toBe(true);
      expect(Number(child(s, 'Styrke').attributes.V)).toBeGreaterThan(0);
    }
    const withAtc = substances.filter((s) => maybeChild(s, 'Atc'));
    expect(withAtc.length).toBeGreaterThan(300);
    const oxazepam = substances.find((s) => text(s, 'NavnEngelsk') === 'Oxazepam')!;
    expect(text(oxazepam, 'Navn')).toBe('Oksazepam');
    expect(child(oxazepam, 'Atc').attributes.V).toBe('N05BA04');
    // Metronidazole has four level-5 codes, so the substance carries none.
    const metronidazole = substances.find((s) => text(s, 'NavnEngelsk') === 'Metronidazole')!;
    expect(maybeChild(metronidazole, 'Atc')).toBeUndefined();
  });

  it('lets the importer compute plausible DDDs per pack', () => {
    const brandById = new Map(child(root, 'KatLegemiddelMerkevare').children.map((o) => {
      const b = child(o, 'LegemiddelMerkevare');
      return [text(b, 'Id'), b] as const;
    }));
    const strengthById = new Map(child(root, 'KatVirkestoffMedStyrke').children.map((o) => {
      const s = child(o, 'VirkestoffMedStyrke');
      return [text(s, 'Id'), s] as const;
    }));
    const packs = child(root, 'KatLegemiddelpakning').children.map((o) => child(o, 'Legemiddelpakning'));
    const byName = (name: string, pakningsstr: string) =>
      packs.find((p) => text(p, 'NavnFormStyrke') === name && text(child(p, 'Pakningsinfo'), 'Pakningsstr') === pakningsstr)!;

    // The brief's example: 20 × 50 mg isosorbide mononitrate, DDD 40 mg (written 0.04 g, as FEST does).
    const monoket = byName('Monoket OD depotkaps, hard 50 mg', '20 x 1');
    expect(child(child(monoket, 'Pakningsinfo'), 'DDD').attributes).toEqual({ V: '0.04', U: 'g' });
    expect(importerDdd(monoket, brandById, strengthById)).toBeCloseTo(25, 9);
    expect(importerDdd(byName('Apocillin tab 1000 mg', '20 x 1'), brandById, strengthById)).toBeCloseTo(10, 9);
    expect(importerDdd(byName('Oxycodone Orifarm mikst oppl 1 mg/ml', '1 x 250'), brandById, strengthById)).toBeCloseTo(250 / 75, 9);
    expect(importerDdd(byName('Lantus inj oppl 100 IE/ml', '5 x 3'), brandById, strengthById)).toBeCloseTo(37.5, 9);
    expect(importerDdd(byName('Ventoline inh.aerosol 0,1 mg/dose', '1 x 200'), brandById, strengthById)).toBeCloseTo(25, 9);

    let computed = 0;
    for (const p of packs) {
      const n = importerDdd(p, brandById, strengthById);
      if (n === null) continue;
      computed++;
      expect(n, text(p, 'NavnFormStyrke')).toBeGreaterThanOrEqual(0.2);
      expect(n, text(p, 'NavnFormStyrke')).toBeLessThanOrEqual(600);
    }
    expect(computed).toBeGreaterThan(packs.length / 2);
  });

  it('agrees with the in-memory catalogue the simulator can use', () => {
    const catalogue = generateFestCatalogue(createRng('seed-a/fest'), { asOf: '2024-06-30' });
    const packs = child(root, 'KatLegemiddelpakning').children.map((o) => child(o, 'Legemiddelpakning'));
    expect(catalogue.packs.map((p) => p.varenr)).toEqual(packs.map((p) => text(p, 'Varenr')));
    const monoket = catalogue.packs.find((p) => p.name === 'Monoket OD depotkaps, hard 50 mg' && p.pakningsstr === '20 x 1')!;
    expect(monoket.dddPerPack).toBeCloseTo(25, 9);
    // Patches carry a rate (per hour); the in-memory value uses the wear time.
    const durogesic = catalogue.packs.find((p) => p.name === 'Durogesic depotplaster 25 mikrog/time' && p.pack.count === 5)!;
    expect(durogesic.dddPerPack).toBeCloseTo(7.5, 9);
  });

  it('escapes names with æøå, slashes and markup characters', () => {
    expect(xml).toContain('Østradiol');
    expect(xml).toContain('Mikstur, oppløsning');
    expect(xml).toContain('Losartan/Hydroklortiazid Krka');
    expect(escapeXml(`a & b <c> "d" 'e'`)).toBe('a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;');
    expect(parseXml(`<x a="${escapeXml('"<&>\'')}">${escapeXml('<&>')}</x>`)).toMatchObject({ attributes: { a: '"<&>\'' }, text: '<&>' });
  });

  it('adds parallel imports to reach minPacks, and rejects a bad date', () => {
    const big = generateFestCatalogue(createRng('seed-a/fest'), { asOf: '2024-06-30', minPacks: 4000 });
    expect(big.packs.length).toBe(4000);
    expect(big.packs.filter((p) => p.parallelImport).length).toBe(4000 - summary.packs);
    expect(new Set(big.packs.map((p) => p.varenr)).size).toBe(4000);
    expect(() => generateFestCatalogue(createRng('x'), { asOf: '2024-02-30' })).toThrow(/asOf/);
    expect(() => generateFestCatalogue(createRng('x'), { asOf: '30.06.2024' })).toThrow(/asOf/);
  });

  it('formats decimals without float noise', () => {
    expect(formatDecimal(0.04)).toBe('0.04');
    expect(formatDecimal(40 / 1000)).toBe('0.04');
    expect(formatDecimal(0.000134)).toBe('0.000134');
    expect(formatDecimal(12.5)).toBe('12.5');
    expect(formatDecimal(100)).toBe('100');
  });
});
