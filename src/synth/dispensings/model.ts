import { AGE_PROFILES, substanceByAtc, type Species, type UsageHint } from '../drugs/index.js';
import { WINTER } from '../drugs/model.js';
import { toDay } from '../people/dates.js';
import { codeValid, codesValidBetween, type Nation } from './nation.js';

/**
 * The usage model: who gets which drug, built from the drug catalogue's usage hints (pattern,
 * prevalence, age profile, female share, packs per dispensing, peak months, animal use, reimbursement)
 * and the nation's age/sex structure. Sampling tables are cumulative weights searched by bisection.
 */

export const MAX_AGE = 105;
/** Age (0–105) × sex (1, 2). */
export const GROUPS = (MAX_AGE + 1) * 2;
export const groupOf = (age: number, sex: number): number => Math.min(MAX_AGE, Math.max(0, age)) * 2 + (sex === 2 ? 1 : 0);

/** Dispensings per user per year, by pattern: chronic users refill about every three months. */
const RATE: Readonly<Record<UsageHint['pattern'], number>> = { chronic: 4.5, acute: 1.3, seasonal: 1.5, asNeeded: 2.0 };

/** Long-term and high users: opioids, benzodiazepines and the z-hypnotics. */
export const HIGH_USE_ATC = /^(N02A|N05BA|N05CD|N05CF)/;

export const SPECIES_CODE: Readonly<Record<Species, string>> = { dog: '01', cat: '02', horse: '03', other: '98' };

/** Pharmaceutical services (local list 99794), the products they use (ATC prefixes) and their season. */
export const SERVICES: readonly { type: string; atc: readonly string[]; weight: number; months?: Readonly<Record<number, number>> }[] = [
  { type: '01', atc: ['J07BB'], weight: 0.3, months: { 9: 2, 10: 12, 11: 9, 12: 3, 1: 1 } },
  { type: '02', atc: ['J07BX03'], weight: 0.2, months: { 9: 3, 10: 8, 11: 6, 12: 2 } },
  { type: '03', atc: ['J07AL'], weight: 0.3, months: { 10: 2, 11: 2 } },
  { type: '04', atc: ['J07AM', 'J07BC', 'J07AH', 'J07BA', 'J07BM', 'J07AP'], weight: 0.3, months: { 5: 2, 6: 3, 7: 2 } },
  { type: '10', atc: ['R03'], weight: 1.2 },
  { type: '11', atc: ['C10AA', 'C09', 'C07', 'A10B', 'R03', 'B01AC', 'N06AB'], weight: 1.5 },
  { type: '12', atc: ['C', 'N', 'A', 'B'], weight: 0.4 },
  { type: '13', atc: ['C02', 'C03', 'C07', 'C08', 'C09'], weight: 0.3 },
  { type: '14', atc: ['G03A'], weight: 0.5 },
  { type: '15', atc: ['N07BA'], weight: 0.4 },
  { type: '99', atc: ['A', 'D', 'R'], weight: 0.1 },
];

export interface SubstanceModel {
  atc: string;
  usage: UsageHint;
  /** Products (positions), by pack size then varenr. */
  products: Int32Array;
  /** Tablet-like products with at least 20 units, for dose dispensing (multidose). */
  tablets: Int32Array;
  /** Several interchangeable packs: generic substitution applies. */
  generic: boolean;
  /** Dispensings a year across the population, relative (prevalence × refills). */
  volume: number;
  /** Cumulative weight over age/sex groups of the users (population × age curve × sex share). */
  groups: Float64Array;
  /** Valid reimbursement codes for the year (ICPC-2, ICD-10). */
  icpc2: string[];
  icd10: string[];
  /** Species codes (99775) for animal use. */
  species: string[];
}

export interface Model {
  substances: SubstanceModel[];
  /** Members of each group (person positions, canonical order): `groupStart[g]..groupStart[g+1]`. */
  groupStart: Int32Array;
  groupMembers: Int32Array;
  /** Everyone with a valid day in the year, canonical order. */
  eligible: Int32Array;
  /** Chronic use: groups, then substances within a group (indices into `chronic`). */
  chronic: Int32Array;
  chronicGroups: Float64Array;
  chronicByGroup: Float64Array[];
  /** Dose dispensing (multidose): chronic substances with tablets, people of 70 and over. */
  multidose: Int32Array;
  multidoseGroups: Float64Array;
  multidoseByGroup: Float64Array[];
  /** High users of opioids, benzodiazepines and z-hypnotics. */
  high: Int32Array;
  highGroups: Float64Array;
  highByGroup: Float64Array[];
  /** Acute, seasonal and as-needed use, by month (1–12): cumulative over `acute`. */
  acute: Int32Array;
  acuteByMonth: Float64Array[];
  /** Veterinary use: substances and their cumulative weights; owners by group. */
  animal: Int32Array;
  animalWeights: Float64Array;
  ownerGroups: Float64Array;
  /** Services valid in 99794, by month (cumulative over `services`), each with its substances. */
  services: { type: string; substances: Int32Array; weights: Float64Array }[];
  servicesByMonth: Float64Array[];
  /** Dispensings in each class relative to all valid human prescriptions. */
  chronicShare: number;
  /** Code lists valid through the year. */
  legalBasis: string[];
  reservations: string[];
}

/** Cumulative weights normalised to end at 1 (all zero: stays all zero). */
export function cumulate(weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    out[i] = sum;
  }
  if (sum > 0) for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  if (sum > 0) out[out.length - 1] = 1;
  return out;
}

/** The first index whose cumulative weight exceeds `u` (u in [0, 1)); skips zero-weight entries. */
export function pick(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Relative use at an age: a tent from the profile's minimum to its peak and down to its maximum. */
export function ageCurve(profile: UsageHint['age'], age: number): number {
  const { min, peak, max } = AGE_PROFILES[profile];
  if (age < min || age > max) return 0;
  if (age <= peak) return 0.15 + (0.85 * (age - min + 1)) / (peak - min + 1);
  return 0.15 + (0.85 * (max - age + 1)) / (max - peak + 1);
}

/** How much more (or less) a substance is used in a month. Antibiotics (J01) peak in winter. */
export function monthFactor(atc: string, usage: UsageHint, month: number): number {
  if (usage.peakMonths && usage.peakMonths.length > 0) return usage.peakMonths.includes(month) ? 2.2 : 0.55;
  if (atc.startsWith('J01')) return (WINTER as readonly number[]).includes(month) ? 1.35 : 0.8;
  return 1;
}

export function buildModel(nation: Nation): Model {
  const { persons, products, codes, firstDay, lastDay } = nation;
  const mid = toDay(`${nation.year}-07-01`);

  // Groups of eligible persons by age at mid-year and sex, in canonical order.
  const groupOfPerson = new Int16Array(persons.count).fill(-1);
  const groupCount = new Int32Array(GROUPS);
  const eligible: number[] = [];
  for (const p of persons.canon) {
    if (persons.winFrom[p]! > persons.winTo[p]!) continue;
    // Age at mid-year in whole years (to within a day: groups only shape who is drawn).
    const g = groupOf(Math.floor(Math.max(0, mid - persons.birth[p]!) / 365.2425), persons.sex[p]!);
    groupOfPerson[p] = g;
    groupCount[g]!++;
    eligible.push(p);
  }
  const groupStart = new Int32Array(GROUPS + 1);
  for (let g = 0; g < GROUPS; g++) groupStart[g + 1] = groupStart[g]! + groupCount[g]!;
  const fill = groupStart.slice(0, GROUPS);
  const groupMembers = new Int32Array(eligible.length);
  for (const p of eligible) groupMembers[fill[groupOfPerson[p]!]!++] = p;

  // Substances with packs in FEST.
  const byAtc = new Map<string, number[]>();
  for (let i = 0; i < products.count; i++) {
    const list = byAtc.get(products.atc[i]!) ?? [];
    list.push(i);
    byAtc.set(products.atc[i]!, list);
  }
  const valid = (oid: string, list: readonly string[]): string[] => list.filter((c) => codesValidBetween(codes, oid, firstDay, lastDay).includes(c));
  const substances: SubstanceModel[] = [];
  for (const [atc, list] of [...byAtc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const substance = substanceByAtc(atc);
    if (!substance) continue;
    const usage = substance.usage;
    list.sort((a, b) => products.packSize[a]! - products.packSize[b]! || (products.varenr[a]! < products.varenr[b]! ? -1 : 1));
    const weights = new Float64Array(GROUPS);
    for (let g = 0; g < GROUPS; g++) {
      const female = g % 2 === 1;
      weights[g] = groupCount[g]! * ageCurve(usage.age, g >> 1) * (female ? usage.femaleShare : 1 - usage.femaleShare);
    }
    const species = (usage.animal?.species ?? []).map((s) => SPECIES_CODE[s]).filter((c) => codeValid(codes, '99775', c, firstDay) && codeValid(codes, '99775', c, lastDay));
    substances.push({
      atc,
      usage,
      products: Int32Array.from(list),
      tablets: Int32Array.from(list.filter((i) => products.packUnit[i] === 'stk' && products.packSize[i]! >= 20)),
      generic: list.length >= 4,
      volume: usage.prevalence * RATE[usage.pattern],
      groups: cumulate(weights),
      icpc2: valid('7170', usage.reimbursement?.icpc2 ?? []),
      icd10: valid('7110', usage.reimbursement?.icd10 ?? []),
      species,
    });
  }
  const indices = (test: (s: SubstanceModel) => boolean): Int32Array => Int32Array.from(substances.flatMap((s, i) => (test(s) && s.groups.at(-1)! > 0 ? [i] : [])));
  const humanVolume = (s: SubstanceModel): number => s.volume * (1 - (s.usage.animal?.share ?? 0));

  // Joint (group, substance) weights for repeated use: the substance's volume spread over its users' groups.
  const joint = (set: Int32Array, groupFilter: (g: number) => boolean): { groups: Float64Array; byGroup: Float64Array[] } => {
    const totals = new Float64Array(GROUPS);
    const byGroup: Float64Array[] = [];
    const shares = Array.from(set, (i) => {
      const cum = substances[i]!.groups;
      return Float64Array.from(cum, (c, g) => c - (g > 0 ? cum[g - 1]! : 0));
    });
    for (let g = 0; g < GROUPS; g++) {
      const w = new Float64Array(set.length);
      if (groupFilter(g)) set.forEach((i, k) => (w[k] = humanVolume(substances[i]!) * shares[k]![g]!));
      totals[g] = w.reduce((a, b) => a + b, 0);
      byGroup.push(cumulate(w));
    }
    return { groups: cumulate(totals), byGroup };
  };
  const chronic = indices((s) => s.usage.pattern === 'chronic');
  const chronicJoint = joint(chronic, () => true);
  const multidoseSet = indices((s) => s.usage.pattern === 'chronic' && s.tablets.length > 0);
  const multidose = joint(multidoseSet, (g) => g >> 1 >= 70);
  const high = indices((s) => HIGH_USE_ATC.test(s.atc));
  const highJoint = joint(high, (g) => g >> 1 >= 18);
  const acute = indices((s) => s.usage.pattern !== 'chronic');
  const acuteByMonth = Array.from({ length: 13 }, (_, m) => cumulate(Array.from(acute, (i) => humanVolume(substances[i]!) * (m === 0 ? 1 : monthFactor(substances[i]!.atc, substances[i]!.usage, m)))));
  const animal = indices((s) => (s.usage.animal?.share ?? 0) > 0 && s.species.length > 0);
  const ownerGroups = cumulate(Array.from({ length: GROUPS }, (_, g) => (g >> 1 >= 20 && g >> 1 <= 80 ? groupCount[g]! : 0)));

  const services = SERVICES.filter((s) => codeValid(codes, '99794', s.type, firstDay) && codeValid(codes, '99794', s.type, lastDay))
    .map((s) => {
      const set = indices((x) => s.atc.some((prefix) => x.atc.startsWith(prefix)));
      return { ...s, substances: set, weights: cumulate(Array.from(set, (i) => Math.max(substances[i]!.volume, 1e-6))) };
    })
    .filter((s) => s.substances.length > 0);
  const servicesByMonth = Array.from({ length: 13 }, (_, m) => cumulate(services.map((s) => s.weight * (s.months?.[m] ?? 1))));

  const total = substances.reduce((a, s) => a + humanVolume(s), 0);
  const chronicVolume = Array.from(chronic).reduce((a, i) => a + humanVolume(substances[i]!), 0);
  const between = (oid: string): string[] => codesValidBetween(codes, oid, firstDay, lastDay);
  return {
    substances,
    groupStart,
    groupMembers,
    eligible: Int32Array.from(eligible),
    chronic,
    chronicGroups: chronicJoint.groups,
    chronicByGroup: chronicJoint.byGroup,
    multidose: multidoseSet,
    multidoseGroups: multidose.groups,
    multidoseByGroup: multidose.byGroup,
    high,
    highGroups: highJoint.groups,
    highByGroup: highJoint.byGroup,
    acute,
    acuteByMonth,
    animal,
    animalWeights: cumulate(Array.from(animal, (i) => substances[i]!.volume * substances[i]!.usage.animal!.share)),
    ownerGroups,
    services,
    servicesByMonth,
    chronicShare: total > 0 ? chronicVolume / total : 0,
    legalBasis: between('7427'),
    reservations: between('99792'),
  };
}
