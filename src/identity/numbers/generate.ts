/**
 * Deterministic generators of valid synthetic identity numbers (Tenor style: month + 80) and of
 * HPR numbers, for the synthetic population. Stateless: the same arguments give the same number.
 *
 * Memory stays bounded whatever the population size: the only cache is one small table per
 * (year range, sex, date-digit residues), at most 4 × 2 × 11 × 11 tables of at most 300 entries.
 */

import { K1_WEIGHTS, K2_WEIGHTS, classicCheckDigit, daysInMonth } from './identity-number.js';

export type GeneratedKind = 'fnr' | 'dnumber';
type Sex = 'male' | 'female';

/** Individual-number series by birth year, per the century table. */
const SERIES: readonly { from: number; to: number; individuals: readonly number[] }[] = [
  { from: 1854, to: 1899, individuals: range(500, 749) },
  { from: 1900, to: 1939, individuals: range(0, 499) },
  { from: 1940, to: 1999, individuals: [...range(0, 499), ...range(900, 999)] },
  { from: 2000, to: 2039, individuals: range(500, 999) },
];

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/**
 * A fixed permutation of a series, so that ordinals spread over the whole individual-number
 * range instead of all starting at 000: position k takes element (k × 97 + 37) mod n.
 * 97 is prime and divides no series length (250, 500, 600), so this is a bijection.
 */
function spread(individuals: readonly number[]): number[] {
  const n = individuals.length;
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(individuals[(k * 97 + 37) % n]!);
  return out;
}

const SPREAD_SERIES: readonly (readonly number[])[] = SERIES.map((s) => spread(s.individuals));

/**
 * Tables of valid individual numbers with their check digits, packed as individual × 100 + K1 × 10 + K2,
 * in spread order. Whether an individual number gives valid check digits depends on the date only
 * through the two weighted sums of the date digits modulo 11 (residues a and b), so a table
 * serves every date with the same (series, sex, a, b).
 */
const tables: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(SERIES.length * 2 * 11 * 11);

function tableFor(series: number, sex: Sex, a: number, b: number): Int32Array {
  const key = ((series * 2 + (sex === 'male' ? 1 : 0)) * 11 + a) * 11 + b;
  const cached = tables[key];
  if (cached) return cached;
  const parity = sex === 'male' ? 1 : 0;
  const packed: number[] = [];
  for (const ind of SPREAD_SERIES[series]!) {
    if (ind % 2 !== parity) continue;
    const i1 = Math.floor(ind / 100);
    const i2 = Math.floor(ind / 10) % 10;
    const i3 = ind % 10;
    const k1 = classicCheckDigit(a + i1 * K1_WEIGHTS[6]! + i2 * K1_WEIGHTS[7]! + i3 * K1_WEIGHTS[8]!);
    if (k1 === 10) continue;
    const k2 = classicCheckDigit(b + i1 * K2_WEIGHTS[6]! + i2 * K2_WEIGHTS[7]! + i3 * K2_WEIGHTS[8]! + k1 * K2_WEIGHTS[9]!);
    if (k2 === 10) continue;
    packed.push(ind * 100 + k1 * 10 + k2);
  }
  const table = Int32Array.from(packed);
  tables[key] = table;
  return table;
}

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(s: string, at: number): number {
  const x = s.charCodeAt(at) - 48;
  const y = s.charCodeAt(at + 1) - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1;
}

/** Parses a strict `YYYY-MM-DD` real calendar date, or throws. */
function parseDate(birthDate: string): { year: number; month: number; day: number } {
  const hi = typeof birthDate === 'string' && birthDate.length === 10 ? twoDigits(birthDate, 0) : -1;
  const lo = hi >= 0 ? twoDigits(birthDate, 2) : -1;
  const month = lo >= 0 && birthDate[4] === '-' && birthDate[7] === '-' ? twoDigits(birthDate, 5) : -1;
  const day = month >= 0 ? twoDigits(birthDate, 8) : -1;
  const year = hi * 100 + lo;
  if (day < 1 || month < 1 || month > 12 || day > daysInMonth(year, month)) {
    throw new RangeError('birth date must be a real calendar date in YYYY-MM-DD form');
  }
  return { year, month, day };
}

function seriesOf(year: number): number {
  return SERIES.findIndex((s) => year >= s.from && year <= s.to);
}

interface DateDigits {
  /** DDMMYY with offsets (day + 40 for D-numbers, month + 80 for synthetic). */
  prefix: string;
  /** Weighted K1 sum of the six date digits, mod 11. */
  a: number;
  /** Weighted K2 sum of the six date digits, mod 11. */
  b: number;
}

function dateDigits(day: number, month: number, yy: number): DateDigits {
  const d = [Math.floor(day / 10), day % 10, Math.floor(month / 10), month % 10, Math.floor(yy / 10), yy % 10];
  let a = 0;
  let b = 0;
  for (let i = 0; i < 6; i++) {
    a += d[i]! * K1_WEIGHTS[i]!;
    b += d[i]! * K2_WEIGHTS[i]!;
  }
  return { prefix: d.join(''), a: a % 11, b: b % 11 };
}

function lookup(birthDate: string, sex: Sex, kind: GeneratedKind): { table: Int32Array; prefix: string } | null {
  if (sex !== 'male' && sex !== 'female') throw new RangeError('sex must be male or female');
  if (kind !== 'fnr' && kind !== 'dnumber') throw new RangeError('kind must be fnr or dnumber');
  const { year, month, day } = parseDate(birthDate);
  const series = seriesOf(year);
  if (series < 0) return null;
  const dd = dateDigits(day + (kind === 'dnumber' ? 40 : 0), month + 80, year % 100);
  return { table: tableFor(series, sex, dd.a, dd.b), prefix: dd.prefix };
}

/**
 * The ordinal-th (0-based) valid synthetic number for this birth date, sex and kind, or null when
 * the date has no more (also for years outside 1854–2039, which have none). Deterministic; no state.
 * Only classic-rule numbers (K1 remainder 0) are generated, with the sex parity and an individual
 * number from the series for the birth year. Throws RangeError for a malformed date or ordinal.
 */
export function syntheticNumber(birthDate: string, sex: Sex, ordinal: number, kind: GeneratedKind): string | null {
  if (!Number.isSafeInteger(ordinal) || ordinal < 0) throw new RangeError('ordinal must be a non-negative integer');
  const found = lookup(birthDate, sex, kind);
  if (!found || ordinal >= found.table.length) return null;
  const packed = found.table[ordinal]!;
  return found.prefix + String(packed).padStart(5, '0');
}

/** How many distinct valid synthetic numbers exist for that date, sex and kind. */
export function syntheticCapacity(birthDate: string, sex: Sex, kind: GeneratedKind): number {
  return lookup(birthDate, sex, kind)?.table.length ?? 0;
}

/**
 * HPR blocks by length, so short numbers come first: 7 digits, then 8, then 9 (without the masked
 * `999999999`). Within a block the ordinal is scrambled by x → (x × 1000003 + offset) mod size;
 * 1000003 is prime and divides no block size, so each block is a bijection, and the products
 * stay below 2^53.
 */
const HPR_BLOCKS: readonly { start: number; size: number; offset: number }[] = [
  { start: 1_000_000, size: 9_000_000, offset: 4_211_337 },
  { start: 10_000_000, size: 90_000_000, offset: 52_718_281 },
  { start: 100_000_000, size: 899_999_999, offset: 314_159_265 },
];
const HPR_MULTIPLIER = 1_000_003;

/** How many distinct HPR numbers `syntheticHpr` can produce. */
export const SYNTHETIC_HPR_CAPACITY = HPR_BLOCKS.reduce((n, b) => n + b.size, 0);

/** A synthetic HPR number: distinct for distinct ordinals, 7–9 digits, never masked. */
export function syntheticHpr(ordinal: number): string {
  if (!Number.isSafeInteger(ordinal) || ordinal < 0 || ordinal >= SYNTHETIC_HPR_CAPACITY) {
    throw new RangeError('HPR ordinal must be an integer from 0 to below SYNTHETIC_HPR_CAPACITY');
  }
  let x = ordinal;
  for (const block of HPR_BLOCKS) {
    if (x < block.size) return String(block.start + ((x * HPR_MULTIPLIER + block.offset) % block.size));
    x -= block.size;
  }
  throw new RangeError('unreachable: HPR ordinal outside every block');
}
