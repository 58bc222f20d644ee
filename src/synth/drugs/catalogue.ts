/**
 * The synthetic national drug catalogue: ATC groups (levels 1–4), level-5 substances with WHO DDDs,
 * products, and usage hints for the dispensing simulator. The tables live in `tables/`; this module
 * assembles them, expands generic brand names, and offers lookups and the DDD arithmetic.
 */
import { ATC_GROUPS } from './tables/atc-groups.js';
import { SUBSTANCES_A, SUBSTANCES_B } from './tables/substances-a-b.js';
import { SUBSTANCES_C } from './tables/substances-c.js';
import { SUBSTANCES_D, SUBSTANCES_G, SUBSTANCES_H } from './tables/substances-d-g-h.js';
import { SUBSTANCES_J } from './tables/substances-j.js';
import { SUBSTANCES_L, SUBSTANCES_M } from './tables/substances-l-m.js';
import { SUBSTANCES_N } from './tables/substances-n.js';
import { SUBSTANCES_P, SUBSTANCES_R, SUBSTANCES_S, SUBSTANCES_V } from './tables/substances-p-r-s-v.js';
import {
  DOSAGE_FORMS,
  type AdminRoute,
  type AtcGroup,
  type Component,
  type Ddd,
  type DddUnit,
  type DosageFormKey,
  type PackSize,
  type PackUnit,
  type Presentation,
  type StrengthPer,
  type StrengthUnit,
  type Substance,
} from './model.js';

export { ATC_GROUPS };
import { atcAncestors, atcLevel } from '../../shared/atc.js';

/** The 14 anatomical main groups of the ATC classification. */
export const ATC_MAIN_GROUPS = ['A', 'B', 'C', 'D', 'G', 'H', 'J', 'L', 'M', 'N', 'P', 'R', 'S', 'V'] as const;

export { ATC_CODE_PATTERNS, atcAncestors, atcLevel, atcParent } from '../../shared/atc.js';

/** The active substances of a substance entry (a combination's components, or the substance itself). */
export function componentsOf(substance: Substance): readonly Component[] {
  return substance.components ?? [{ name: substance.name, nameNo: substance.nameNo }];
}

/** Expands `~X` brands to `<generic name> X`; combinations use their components joined by `/`. */
function expandBrands(substance: Substance): Substance {
  const generic = substance.components && substance.components.length > 1
    ? substance.components.map((c) => c.name).join('/')
    : substance.name;
  const products = substance.products.map((p): Presentation => ({
    ...p,
    brands: p.brands.map((b) => (b.startsWith('~') ? `${generic} ${b.slice(1)}` : b)),
  }));
  return { ...substance, products };
}

/** All level-5 substances, sorted by ATC code, with generic brand names expanded. */
export const SUBSTANCES: readonly Substance[] = [
  ...SUBSTANCES_A,
  ...SUBSTANCES_B,
  ...SUBSTANCES_C,
  ...SUBSTANCES_D,
  ...SUBSTANCES_G,
  ...SUBSTANCES_H,
  ...SUBSTANCES_J,
  ...SUBSTANCES_L,
  ...SUBSTANCES_M,
  ...SUBSTANCES_N,
  ...SUBSTANCES_P,
  ...SUBSTANCES_R,
  ...SUBSTANCES_S,
  ...SUBSTANCES_V,
]
  .map(expandBrands)
  .sort((a, b) => (a.atc < b.atc ? -1 : a.atc > b.atc ? 1 : 0));

const SUBSTANCE_BY_ATC: ReadonlyMap<string, Substance> = new Map(SUBSTANCES.map((s) => [s.atc, s]));
const GROUP_BY_CODE: ReadonlyMap<string, AtcGroup> = new Map(ATC_GROUPS.map((g) => [g.code, g]));

export function substanceByAtc(code: string): Substance | undefined {
  return SUBSTANCE_BY_ATC.get(code);
}

/** Names of any ATC code in the catalogue, levels 1–5. */
export function atcNames(code: string): { readonly nameNo: string; readonly name: string } | undefined {
  const group = GROUP_BY_CODE.get(code);
  if (group) return group;
  const substance = SUBSTANCE_BY_ATC.get(code);
  return substance ? { nameNo: substance.nameNo, name: substance.name } : undefined;
}

/** Every ATC code of the catalogue, levels 1–5, in code order. */
export function allAtcCodes(): string[] {
  return [...ATC_GROUPS.map((g) => g.code), ...SUBSTANCES.map((s) => s.atc)].sort();
}

/**
 * The WHO DDD that applies to a route: the exact route first, then the generic `Inhal` for any
 * inhalation form. Undefined when WHO gives no DDD for the route.
 */
export function dddForRoute(substance: Substance, route: AdminRoute): Ddd | undefined {
  const exact = substance.ddd.find((d) => d.route === route);
  if (exact) return exact;
  if (route.startsWith('Inhal')) return substance.ddd.find((d) => d.route === 'Inhal');
  return undefined;
}

/** Dosage forms used by at least one product, in table order. */
export function usedDosageForms(): DosageFormKey[] {
  const used = new Set<DosageFormKey>();
  for (const s of SUBSTANCES) for (const p of s.products) used.add(p.form);
  return (Object.keys(DOSAGE_FORMS) as DosageFormKey[]).filter((k) => used.has(k));
}

/** Pack units used by at least one product. */
export function usedPackUnits(): PackUnit[] {
  const used = new Set<PackUnit>();
  for (const s of SUBSTANCES) for (const p of s.products) for (const pack of p.packs) used.add(pack.unit);
  return (['stk', 'ml', 'g', 'dose'] as const).filter((u) => used.has(u));
}

// ---------------------------------------------------------------- units and DDD per pack

type Dimension = 'mass' | 'units' | 'mmol' | 'volume';

const UNIT_SCALE: Readonly<Record<DddUnit | StrengthUnit, { readonly dimension: Dimension; readonly factor: number }>> = {
  g: { dimension: 'mass', factor: 1_000_000 },
  mg: { dimension: 'mass', factor: 1000 },
  mcg: { dimension: 'mass', factor: 1 },
  U: { dimension: 'units', factor: 1 },
  IE: { dimension: 'units', factor: 1 },
  TU: { dimension: 'units', factor: 1000 },
  MU: { dimension: 'units', factor: 1_000_000 },
  mmol: { dimension: 'mmol', factor: 1 },
  ml: { dimension: 'volume', factor: 1 },
};

/** Converts an amount between units of the same dimension; null when the dimensions differ. */
export function convertAmount(value: number, from: DddUnit | StrengthUnit, to: DddUnit | StrengthUnit): number | null {
  const a = UNIT_SCALE[from];
  const b = UNIT_SCALE[to];
  if (a.dimension !== b.dimension) return null;
  return (value * a.factor) / b.factor;
}

/** The pack unit a strength denominator must match (`per ml` needs a pack counted in ml, and so on). */
const PER_PACK_UNIT: Readonly<Partial<Record<StrengthPer, PackUnit>>> = { ml: 'ml', g: 'g', dose: 'dose' };

/**
 * DDDs in one pack: `Antall × Mengde × strength ÷ DDD`, unit-converted, using the first component's
 * strength. Patches (strength per hour or per 24 h) need the wear time. Null when units cannot be
 * reconciled or WHO has no DDD for the route.
 */
export function dddPerPack(
  pack: PackSize,
  strength: number,
  unit: StrengthUnit,
  per: StrengthPer | undefined,
  ddd: Ddd | undefined,
  wearHours?: number,
): number | null {
  if (!ddd) return null;
  const amount = convertAmount(strength, unit, ddd.unit);
  if (amount === null) return null;
  let perUnit: number;
  if (per === 'h' || per === '24h') {
    if (wearHours === undefined || pack.unit !== 'stk') return null;
    perUnit = (amount * wearHours) / (per === '24h' ? 24 : 1);
  } else if (per === undefined) {
    if (pack.unit !== 'stk') return null;
    perUnit = amount;
  } else {
    if (PER_PACK_UNIT[per] !== pack.unit) return null;
    perUnit = amount;
  }
  return (pack.count * pack.size * perUnit) / ddd.value;
}

// ---------------------------------------------------------------- self-check

/** Problems in the catalogue tables (empty when consistent); the tests assert it is empty. */
export function catalogueIssues(): string[] {
  const issues: string[] = [];
  const seen = new Set<string>();
  for (const g of ATC_GROUPS) {
    const level = atcLevel(g.code);
    if (level === null || level === 5) issues.push(`${g.code}: not a level 1–4 ATC code`);
    if (seen.has(g.code)) issues.push(`${g.code}: duplicate group`);
    seen.add(g.code);
    if (!g.name || !g.nameNo) issues.push(`${g.code}: missing name`);
  }
  for (const s of SUBSTANCES) {
    if (atcLevel(s.atc) !== 5) issues.push(`${s.atc}: not a level-5 ATC code`);
    if (seen.has(s.atc)) issues.push(`${s.atc}: duplicate code`);
    seen.add(s.atc);
    for (const parent of atcAncestors(s.atc)) if (!GROUP_BY_CODE.has(parent)) issues.push(`${s.atc}: parent ${parent} has no name`);
    if (s.products.length === 0) issues.push(`${s.atc}: no products`);
    if (s.usage.prevalence <= 0 || s.usage.prevalence > 0.2) issues.push(`${s.atc}: implausible prevalence ${s.usage.prevalence}`);
    for (const d of s.ddd) if (!(d.value > 0)) issues.push(`${s.atc}: DDD must be positive`);
    const nComponents = componentsOf(s).length;
    for (const p of s.products) {
      if (p.brands.length === 0) issues.push(`${s.atc}: product without brand`);
      if (p.packs.length === 0) issues.push(`${s.atc} ${p.brands.join(',')}: no packs`);
      for (const st of p.strengths) {
        if (st.length !== nComponents) issues.push(`${s.atc} ${p.brands.join(',')}: ${st.length} strengths for ${nComponents} components`);
        if (st.some((v) => !(v > 0))) issues.push(`${s.atc} ${p.brands.join(',')}: strength must be positive`);
      }
      if ((p.per === 'h' || p.per === '24h') && p.wearHours === undefined) issues.push(`${s.atc}: patch without wear time`);
      const d = dddForRoute(s, p.route);
      if (d) {
        for (const st of p.strengths) {
          for (const pack of p.packs) {
            const n = dddPerPack(pack, st[0]!, p.unit, p.per, d, p.wearHours);
            if (n === null) issues.push(`${s.atc} ${p.brands[0]!}: DDD per pack cannot be computed`);
            else if (n < 0.2 || n > 600) issues.push(`${s.atc} ${p.brands[0]!} ${st[0]!}${p.unit}: implausible ${n.toFixed(2)} DDD per pack`);
          }
        }
      }
    }
  }
  return issues;
}
