/**
 * The synthetic FEST catalogue (message M30), as described in docs/formats/reference-sources.md:
 * packs (`KatLegemiddelpakning`), brands (`KatLegemiddelMerkevare`), substances with strength
 * (`KatVirkestoffMedStyrke`) and substances (`KatVirkestoff`).
 *
 * `generateFestCatalogue` builds the catalogue in memory (the dispensing simulator can call it with the
 * same seed to get the same packs, Varenr and prices); `writeFestCatalogue` streams it as XML;
 * `writeFest` does both. Same seed and options give a byte-identical file.
 */
import type { Rng } from '../../shared/random.js';
import { componentsOf, dddForRoute, dddPerPack, SUBSTANCES } from './catalogue.js';
import {
  DOSAGE_FORMS,
  PACK_UNITS,
  RESEPTGRUPPE_NAMES,
  type Component,
  type Ddd,
  type DosageFormKey,
  type PackSize,
  type Presentation,
  type Reseptgruppe,
  type StrengthPer,
  type StrengthUnit,
  type Substance,
} from './model.js';
import { escapeXml, StreamingTextWriter } from './xml-writer.js';

export const FEST_NAMESPACE = 'http://www.kith.no/xmlstds/eresept/m30/2014-12-01';
export const FORSKRIVNING_NAMESPACE = 'http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01';
const OID = '2.16.578.1.12.4.1.1.';

export interface FestOptions {
  /** The catalogue date (`YYYY-MM-DD`); timestamps and price periods lie on or before it. */
  asOf: string;
  /** Minimum number of packs; parallel-import packs of common substances are added to reach it. */
  minPacks?: number;
}

export interface FestPrice {
  /** Maximum AUP in NOK. */
  readonly aup: number;
  readonly validFrom: string;
}

/** One `OppfLegemiddelpakning`. */
export interface FestPack {
  readonly entryId: string;
  readonly timestamp: string;
  readonly id: string;
  readonly varenr: string;
  readonly atc: string;
  readonly atcName: string;
  /** `NavnFormStyrke`. */
  readonly name: string;
  readonly brandName: string;
  readonly reseptgruppe: Reseptgruppe;
  readonly form: DosageFormKey;
  readonly brandId: string;
  readonly pack: PackSize;
  readonly pakningsstr: string;
  /** The DDD as written in the file (mg written as g, TU/MU as U), or null when WHO has none for the route. */
  readonly ddd: { readonly value: number; readonly unit: string } | null;
  /** DDDs in the pack by `dddPerPack` (null when units cannot be reconciled or there is no DDD). */
  readonly dddPerPack: number | null;
  /** Price periods, oldest first (empty for free products such as pandemic vaccines). */
  readonly prices: readonly FestPrice[];
  readonly parallelImport: boolean;
}

/** One `OppfLegemiddelMerkevare`. */
export interface FestBrand {
  readonly entryId: string;
  readonly timestamp: string;
  readonly id: string;
  readonly atc: string;
  readonly atcName: string;
  readonly name: string;
  readonly varenavn: string;
  readonly strengthIds: readonly string[];
}

/** One `OppfVirkestoffMedStyrke`. */
export interface FestStrength {
  readonly entryId: string;
  readonly timestamp: string;
  readonly id: string;
  readonly substanceId: string;
  readonly value: number;
  readonly unit: StrengthUnit;
  readonly per?: { readonly value: number; readonly unit: string };
}

/** One `OppfVirkestoff`. */
export interface FestSubstance {
  readonly entryId: string;
  readonly timestamp: string;
  readonly id: string;
  readonly name: string;
  readonly nameEnglish: string;
  /** Set when the substance maps to exactly one level-5 code. */
  readonly atc?: { readonly code: string; readonly name: string };
}

export interface FestCatalogue {
  readonly hentetDato: string;
  readonly packs: readonly FestPack[];
  readonly brands: readonly FestBrand[];
  readonly strengths: readonly FestStrength[];
  readonly substances: readonly FestSubstance[];
}

export interface FestSummary {
  /** Number of packs (`OppfLegemiddelpakning`). */
  packs: number;
  /** Number of substances (`OppfVirkestoff`). */
  substances: number;
  /** Distinct level-5 ATC codes among the packs. */
  atc5: number;
}

/** Parallel importers whose packs fill the catalogue up to `minPacks`. */
const PARALLEL_IMPORTERS = ['Orifarm', 'Paranova', '2care4', 'Abacus Medicine', 'Euro Pharma'] as const;

// ---------------------------------------------------------------- formatting

/** A decimal without float noise or exponent: at most 10 decimals, trailing zeros removed. */
export function formatDecimal(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
}

/** A decimal as Norwegian text shows it (decimal comma). */
function formatNo(value: number): string {
  return formatDecimal(value).replace('.', ',');
}

const UNIT_LABEL: Readonly<Record<StrengthUnit, string>> = { g: 'g', mg: 'mg', mcg: 'mikrog', IE: 'IE', mmol: 'mmol' };
const PER_LABEL: Readonly<Record<StrengthPer, string>> = { ml: '/ml', g: '/g', dose: '/dose', h: '/time', '24h': '/24 timer' };
const PER_ELEMENT: Readonly<Record<StrengthPer, { readonly value: number; readonly unit: string }>> = {
  ml: { value: 1, unit: 'ml' },
  g: { value: 1, unit: 'g' },
  dose: { value: 1, unit: 'dose' },
  h: { value: 1, unit: 'h' },
  '24h': { value: 24, unit: 'h' },
};

function strengthText(values: readonly number[], unit: StrengthUnit, per: StrengthPer | undefined): string {
  const label = UNIT_LABEL[unit];
  return values.map((v) => `${formatNo(v)} ${label}`).join('/') + (per ? PER_LABEL[per] : '');
}

/** The DDD as FEST writes it: milligrams as grams (as in the real sample), thousand/million units as units. */
export function festDdd(ddd: Ddd): { value: number; unit: string } {
  switch (ddd.unit) {
    case 'mg':
      return { value: Number((ddd.value / 1000).toPrecision(12)), unit: 'g' };
    case 'TU':
      return { value: ddd.value * 1000, unit: 'U' };
    case 'MU':
      return { value: ddd.value * 1_000_000, unit: 'U' };
    case 'g':
    case 'mcg':
    case 'U':
    case 'mmol':
    case 'ml':
      return { value: ddd.value, unit: ddd.unit };
  }
}

// ---------------------------------------------------------------- dates and ids

const DAY_MS = 86_400_000;

function parseDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`asOf must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== date) throw new Error(`asOf is not a valid date: ${date}`);
  return time;
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function isoDateTime(time: number): string {
  return new Date(time).toISOString().slice(0, 19);
}

function hex(rng: Rng, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i += 4) out += rng.int(0, 0xffff).toString(16).padStart(4, '0');
  return out.slice(0, digits).toUpperCase();
}

/** Unique FEST identifiers (`ID_` + an uppercase UUID-like string) from one RNG stream. */
class IdSource {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(): string {
    for (;;) {
      const r = this.rng;
      const id = `ID_${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** Unique six-digit article numbers; about one in ten starts with a zero, as in FEST. */
class VarenrSource {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Rng) {}

  next(): string {
    for (;;) {
      const varenr = String(this.rng.int(1, 999_999)).padStart(6, '0');
      if (!this.used.has(varenr)) {
        this.used.add(varenr);
        return varenr;
      }
    }
  }
}

// ---------------------------------------------------------------- building the catalogue

function componentKey(c: Component): string {
  return `${c.name}|${c.nameNo}`;
}

/** English names of the plain (single-substance) level-5 codes, to decide which substances map to one code. */
function plainCodesByComponent(): Map<string, Substance[]> {
  const map = new Map<string, Substance[]>();
  for (const s of SUBSTANCES) {
    const comps = componentsOf(s);
    if (comps.length !== 1 || comps[0]!.name !== s.name) continue;
    const key = componentKey(comps[0]!);
    const list = map.get(key) ?? [];
    list.push(s);
    map.set(key, list);
  }
  return map;
}

function reseptgruppeFor(substance: Substance, p: Presentation, pack: PackSize): Reseptgruppe {
  if (p.otcMax !== undefined && pack.count * pack.size <= p.otcMax) return 'F';
  return p.rx ?? substance.rx;
}

function pakningsstr(pack: PackSize): string {
  return `${pack.count} x ${formatNo(pack.size)}`;
}

function roundPrice(value: number): number {
  return Math.max(1, Math.round(value * 10) / 10);
}

/** AUP for a pack: interpolated on the log of the pack's amount between the line's smallest and largest pack. */
function basePrice(p: Presentation, strengthIndex: number, pack: PackSize): number {
  const totals = p.packs.map((q) => q.count * q.size);
  const lo = Math.log(Math.min(...totals));
  const hi = Math.log(Math.max(...totals));
  const t = hi > lo ? (Math.log(pack.count * pack.size) - lo) / (hi - lo) : 0;
  return (p.aup[0] + (p.aup[1] - p.aup[0]) * t) * (1 + 0.25 * strengthIndex);
}

function priceHistory(rng: Rng, base: number, asOfTime: number): FestPrice[] {
  if (base <= 0) return [];
  const periods = rng.int(1, 3);
  const prices: FestPrice[] = [];
  let from = asOfTime - rng.int(10, 400) * DAY_MS;
  let aup = roundPrice(base * (0.92 + 0.16 * rng.next()));
  for (let i = 0; i < periods; i++) {
    prices.push({ aup, validFrom: isoDate(from) });
    from -= rng.int(180, 720) * DAY_MS;
    // Going back in time: generic price cuts mean older prices were mostly higher.
    aup = roundPrice(aup * (0.96 + 0.3 * rng.next()));
  }
  return prices.reverse();
}

/** Builds the catalogue in memory. Deterministic for the RNG's seed and the options. */
export function generateFestCatalogue(rng: Rng, options: FestOptions): FestCatalogue {
  const asOfTime = parseDate(options.asOf);
  const ids = new IdSource(rng.fork('ids'));
  const varenrs = new VarenrSource(rng.fork('varenr'));
  const times = rng.fork('timestamps');
  const priceRng = rng.fork('prices');
  const stamp = (): string => isoDateTime(asOfTime - times.int(1, 1500) * DAY_MS + times.int(0, 86_399) * 1000);

  // Substances (Virkestoff), one per distinct component.
  const plain = plainCodesByComponent();
  const substanceByKey = new Map<string, FestSubstance>();
  for (const s of SUBSTANCES) {
    for (const c of componentsOf(s)) {
      const key = componentKey(c);
      if (substanceByKey.has(key)) continue;
      const codes = plain.get(key) ?? [];
      const only = codes.length === 1 ? codes[0]! : undefined;
      substanceByKey.set(key, {
        entryId: ids.next(),
        timestamp: stamp(),
        id: ids.next(),
        name: c.nameNo,
        nameEnglish: c.name,
        ...(only ? { atc: { code: only.atc, name: only.nameNo } } : {}),
      });
    }
  }

  // Substances with strength, shared by brands with the same substance, strength and denominator.
  const strengthByKey = new Map<string, FestStrength>();
  const strengthFor = (c: Component, value: number, unit: StrengthUnit, per: StrengthPer | undefined): FestStrength => {
    const substance = substanceByKey.get(componentKey(c))!;
    const key = `${substance.id}|${value}|${unit}|${per ?? ''}`;
    let strength = strengthByKey.get(key);
    if (!strength) {
      strength = {
        entryId: ids.next(),
        timestamp: stamp(),
        id: ids.next(),
        substanceId: substance.id,
        value,
        unit,
        ...(per ? { per: PER_ELEMENT[per] } : {}),
      };
      strengthByKey.set(key, strength);
    }
    return strength;
  };

  const brands: FestBrand[] = [];
  const packs: FestPack[] = [];
  for (const s of SUBSTANCES) {
    const comps = componentsOf(s);
    for (const p of s.products) {
      const form = DOSAGE_FORMS[p.form];
      const ddd = dddForRoute(s, p.route);
      p.strengths.forEach((values, strengthIndex) => {
        for (const varenavn of p.brands) {
          const name = `${varenavn} ${form.abbreviation} ${strengthText(values, p.unit, p.per)}`;
          const brand: FestBrand = {
            entryId: ids.next(),
            timestamp: stamp(),
            id: ids.next(),
            atc: s.atc,
            atcName: s.nameNo,
            name,
            varenavn,
            strengthIds: comps.map((c, i) => strengthFor(c, values[i]!, p.unit, p.per).id),
          };
          brands.push(brand);
          for (const pack of p.packs) {
            packs.push({
              entryId: ids.next(),
              timestamp: stamp(),
              id: ids.next(),
              varenr: varenrs.next(),
              atc: s.atc,
              atcName: s.nameNo,
              name,
              brandName: varenavn,
              reseptgruppe: reseptgruppeFor(s, p, pack),
              form: p.form,
              brandId: brand.id,
              pack,
              pakningsstr: pakningsstr(pack),
              ddd: ddd ? festDdd(ddd) : null,
              dddPerPack: dddPerPack(pack, values[0]!, p.unit, p.per, ddd, p.wearHours),
              prices: priceHistory(priceRng, basePrice(p, strengthIndex, pack), asOfTime),
              parallelImport: false,
            });
          }
        }
      });
    }
  }

  // Parallel imports of common substances, until the catalogue holds `minPacks` packs.
  const parallel = rng.fork('parallel-imports');
  const originals = packs.filter((q) => q.prices.length > 0);
  const bySubstance = new Map<string, FestPack[]>();
  for (const q of originals) bySubstance.set(q.atc, [...(bySubstance.get(q.atc) ?? []), q]);
  const weighted = SUBSTANCES.filter((s) => bySubstance.has(s.atc));
  const brandById = new Map(brands.map((b) => [b.id, b]));
  while (packs.length < (options.minPacks ?? 0)) {
    const s = parallel.weighted(weighted, (x) => x.usage.prevalence);
    const source = parallel.pick(bySubstance.get(s.atc)!);
    const sourceBrand = brandById.get(source.brandId)!;
    const brand: FestBrand = { ...sourceBrand, entryId: ids.next(), timestamp: stamp(), id: ids.next() };
    brands.push(brand);
    const importer = parallel.pick(PARALLEL_IMPORTERS);
    const latest = source.prices[source.prices.length - 1]!;
    packs.push({
      ...source,
      entryId: ids.next(),
      timestamp: stamp(),
      id: ids.next(),
      varenr: varenrs.next(),
      brandId: brand.id,
      prices: priceHistory(priceRng, latest.aup * (importer === 'Orifarm' ? 0.97 : 0.95), asOfTime),
      parallelImport: true,
    });
  }

  const hentet = asOfTime + rng.fork('hentet').int(3600, 6 * 3600) * 1000;
  return {
    hentetDato: isoDateTime(hentet),
    packs,
    brands,
    strengths: [...strengthByKey.values()],
    substances: [...substanceByKey.values()],
  };
}

// ---------------------------------------------------------------- writing XML

function cv(tag: string, v: string, oid: string, dn: string): string {
  return `<${tag} V="${escapeXml(v)}" S="${OID}${oid}" DN="${escapeXml(dn)}" />`;
}

function el(tag: string, text: string): string {
  return `<${tag}>${escapeXml(text)}</${tag}>`;
}

const STATUS = '<Status V="A" DN="Aktiv oppføring" />';

function packXml(p: FestPack): string {
  const form = DOSAGE_FORMS[p.form];
  const unit = PACK_UNITS[p.pack.unit];
  const lines = [
    '    <OppfLegemiddelpakning>',
    `      ${el('Id', p.entryId)}`,
    `      ${el('Tidspunkt', p.timestamp)}`,
    `      ${STATUS}`,
    `      <Legemiddelpakning xmlns="${FORSKRIVNING_NAMESPACE}">`,
    `        ${cv('Atc', p.atc, '7180', p.atcName)}`,
    `        ${el('NavnFormStyrke', p.name)}`,
    `        <Reseptgruppe V="${p.reseptgruppe}" DN="${RESEPTGRUPPE_NAMES[p.reseptgruppe]}" />`,
    `        ${cv('LegemiddelformKort', form.code, '7448', form.name)}`,
    `        ${el('Id', p.id)}`,
    `        ${el('Varenr', p.varenr)}`,
    '        <Pakningsinfo>',
    `          ${el('RefLegemiddelMerkevare', p.brandId)}`,
    `          ${el('Pakningsstr', p.pakningsstr)}`,
    `          ${cv('EnhetPakning', p.pack.unit, '7452', unit.name)}`,
    `          ${el('Antall', String(p.pack.count))}`,
    `          ${el('Mengde', formatDecimal(p.pack.size))}`,
  ];
  if (p.ddd) lines.push(`          <DDD V="${formatDecimal(p.ddd.value)}" U="${escapeXml(p.ddd.unit)}" />`);
  lines.push('          <Statistikkfaktor>1</Statistikkfaktor>', '        </Pakningsinfo>');
  for (const price of p.prices) {
    lines.push(
      `        <PrisVare><Type V="5" DN="Maksimal AUP" /><Pris V="${price.aup.toFixed(2)}" U="NOK" />${el('GyldigFraDato', price.validFrom)}</PrisVare>`,
    );
  }
  lines.push('      </Legemiddelpakning>', '    </OppfLegemiddelpakning>', '');
  return lines.join('\n');
}

function brandXml(b: FestBrand): string {
  const lines = [
    '    <OppfLegemiddelMerkevare>',
    `      ${el('Id', b.entryId)}`,
    `      ${el('Tidspunkt', b.timestamp)}`,
    `      ${STATUS}`,
    `      <LegemiddelMerkevare xmlns="${FORSKRIVNING_NAMESPACE}">`,
    `        ${cv('Atc', b.atc, '7180', b.atcName)}`,
    `        ${el('NavnFormStyrke', b.name)}`,
    `        ${el('Id', b.id)}`,
    `        ${el('Varenavn', b.varenavn)}`,
  ];
  b.strengthIds.forEach((ref, i) => {
    lines.push(`        <SortertVirkestoffMedStyrke>${el('Sortering', String(i + 1))}${el('RefVirkestoffMedStyrke', ref)}</SortertVirkestoffMedStyrke>`);
  });
  lines.push('      </LegemiddelMerkevare>', '    </OppfLegemiddelMerkevare>', '');
  return lines.join('\n');
}

function strengthXml(s: FestStrength): string {
  const lines = [
    '    <OppfVirkestoffMedStyrke>',
    `      ${el('Id', s.entryId)}`,
    `      ${el('Tidspunkt', s.timestamp)}`,
    `      ${STATUS}`,
    `      <VirkestoffMedStyrke xmlns="${FORSKRIVNING_NAMESPACE}">`,
    `        ${el('Id', s.id)}`,
    `        ${el('RefVirkestoff', s.substanceId)}`,
    `        <Styrke V="${formatDecimal(s.value)}" U="${s.unit}" />`,
  ];
  if (s.per) lines.push(`        <StyrkeNevner V="${formatDecimal(s.per.value)}" U="${escapeXml(s.per.unit)}" />`);
  lines.push('      </VirkestoffMedStyrke>', '    </OppfVirkestoffMedStyrke>', '');
  return lines.join('\n');
}

function substanceXml(s: FestSubstance): string {
  const lines = [
    '    <OppfVirkestoff>',
    `      ${el('Id', s.entryId)}`,
    `      ${el('Tidspunkt', s.timestamp)}`,
    `      ${STATUS}`,
    `      <Virkestoff xmlns="${FORSKRIVNING_NAMESPACE}">`,
    `        ${el('Id', s.id)}`,
    `        ${el('Navn', s.name)}`,
    `        ${el('NavnEngelsk', s.nameEnglish)}`,
  ];
  if (s.atc) lines.push(`        ${cv('Atc', s.atc.code, '7180', s.atc.name)}`);
  lines.push('      </Virkestoff>', '    </OppfVirkestoff>', '');
  return lines.join('\n');
}

async function writeSection<T>(out: StreamingTextWriter, tag: string, entries: readonly T[], render: (entry: T) => string): Promise<void> {
  await out.write(`  <${tag}>\n`);
  for (const entry of entries) await out.write(render(entry));
  await out.write(`  </${tag}>\n`);
}

/** Streams a catalogue to `path` as FEST XML (UTF-8), waiting for 'drain' under backpressure. */
export async function writeFestCatalogue(path: string, catalogue: FestCatalogue): Promise<void> {
  const out = new StreamingTextWriter(path);
  try {
    await out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<FEST xmlns="${FEST_NAMESPACE}">\n`);
    await out.write(`  ${el('HentetDato', catalogue.hentetDato)}\n`);
    await writeSection(out, 'KatLegemiddelpakning', catalogue.packs, packXml);
    await writeSection(out, 'KatLegemiddelMerkevare', catalogue.brands, brandXml);
    await writeSection(out, 'KatVirkestoffMedStyrke', catalogue.strengths, strengthXml);
    await writeSection(out, 'KatVirkestoff', catalogue.substances, substanceXml);
    await out.write('</FEST>\n');
    await out.close();
  } catch (error) {
    out.destroy();
    throw error;
  }
}

/** Writes a deterministic synthetic FEST file and returns its counts. */
export async function writeFest(path: string, rng: Rng, options: FestOptions): Promise<FestSummary> {
  const catalogue = generateFestCatalogue(rng, options);
  await writeFestCatalogue(path, catalogue);
  return {
    packs: catalogue.packs.length,
    substances: catalogue.substances.length,
    atc5: new Set(catalogue.packs.map((p) => p.atc)).size,
  };
}
