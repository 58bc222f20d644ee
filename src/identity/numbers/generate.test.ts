import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/random.js';
import {
  SYNTHETIC_HPR_CAPACITY,
  syntheticCapacity,
  syntheticHpr,
  syntheticNumber,
  type GeneratedKind,
} from './generate.js';
import { checkHpr, checkIdentityNumber } from './identity-number.js';

type Sex = 'male' | 'female';

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const p2 = (n: number): string => String(n).padStart(2, '0');
const wsum = (s: string, w: number[]): number => w.reduce((t, x, i) => t + x * Number(s[i]), 0);

/** Independent brute force: every classic-rule synthetic number for a date, sex and kind. */
function bruteForce(birthDate: string, sex: Sex, kind: GeneratedKind): Set<string> {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const out = new Set<string>();
  const prefix = p2(d + (kind === 'dnumber' ? 40 : 0)) + p2(m + 80) + p2(y % 100);
  for (let ind = 0; ind <= 999; ind++) {
    if (ind % 2 !== (sex === 'male' ? 1 : 0)) continue;
    const inSeries =
      (y >= 1854 && y <= 1899 && ind >= 500 && ind <= 749) ||
      (y >= 1900 && y <= 1999 && ind <= 499) ||
      (y >= 1940 && y <= 1999 && ind >= 900) ||
      (y >= 2000 && y <= 2039 && ind >= 500);
    if (!inSeries) continue;
    const nine = prefix + String(ind).padStart(3, '0');
    const k1 = (11 - (wsum(nine, W1) % 11)) % 11;
    if (k1 === 10) continue;
    const k2 = (11 - (wsum(nine + String(k1), W2) % 11)) % 11;
    if (k2 === 10) continue;
    out.add(nine + String(k1) + String(k2));
  }
  return out;
}

function randomDate(rng: ReturnType<typeof createRng>, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + rng.int(0, (end - start) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
}

const SEXES: readonly Sex[] = ['male', 'female'];
const KINDS: readonly GeneratedKind[] = ['fnr', 'dnumber'];

describe('syntheticNumber: property test', () => {
  it('random (date, sex, ordinal, kind) give valid synthetic numbers that decode to the same person', () => {
    const rng = createRng('generate-property');
    const failures: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const birthDate = randomDate(rng, 1854, 2039);
      const sex = rng.pick(SEXES);
      const kind = rng.pick(KINDS);
      const capacity = syntheticCapacity(birthDate, sex, kind);
      const ordinal = rng.int(0, capacity - 1);
      const n = syntheticNumber(birthDate, sex, ordinal, kind);
      if (n === null) {
        failures.push(`${birthDate} ${sex} ${kind} ${ordinal}: null below capacity ${capacity}`);
        continue;
      }
      const r = checkIdentityNumber(n);
      const ok =
        /^[0-9]{11}$/.test(n) &&
        r.valid &&
        r.kind === kind &&
        r.synthetic &&
        r.birthDate === birthDate &&
        r.sex === sex &&
        r.reason === null &&
        (wsum(n, W1) + Number(n[9])) % 11 === 0; // classic K1 rule
      if (!ok) failures.push(`${birthDate} ${sex} ${kind} ${ordinal}`);
      if (syntheticNumber(birthDate, sex, capacity, kind) !== null) failures.push(`${birthDate}: capacity not respected`);
    }
    expect(failures).toEqual([]);
  });

  it('the ordinals of a date enumerate exactly the brute-force set, each once', () => {
    const rng = createRng('generate-exhaustive');
    const dates = [
      '1854-01-01', '1899-12-31', '1896-02-29', '1900-01-01', '1900-02-28', '1939-12-31', '1940-01-01',
      '1984-02-29', '1999-12-31', '2000-01-01', '2000-02-29', '2024-02-29', '2039-12-31',
    ];
    for (let i = 0; i < 60; i++) dates.push(randomDate(rng, 1854, 2039));
    for (const birthDate of dates) {
      for (const sex of SEXES) {
        for (const kind of KINDS) {
          const expected = bruteForce(birthDate, sex, kind);
          const capacity = syntheticCapacity(birthDate, sex, kind);
          const got: string[] = [];
          for (let o = 0; o < capacity; o++) got.push(syntheticNumber(birthDate, sex, o, kind)!);
          expect(capacity).toBe(expected.size);
          expect(new Set(got).size).toBe(capacity); // distinct ordinals → distinct numbers
          expect([...got].sort()).toEqual([...expected].sort());
          expect(syntheticNumber(birthDate, sex, capacity, kind)).toBeNull();
          expect(syntheticNumber(birthDate, sex, capacity + 1000, kind)).toBeNull();
        }
      }
    }
  });

  it('is deterministic', () => {
    expect(syntheticNumber('1975-06-15', 'female', 17, 'fnr')).toBe(syntheticNumber('1975-06-15', 'female', 17, 'fnr'));
    expect(syntheticNumber('2031-12-01', 'male', 3, 'dnumber')).toBe(syntheticNumber('2031-12-01', 'male', 3, 'dnumber'));
  });

  it('capacity fits the series sizes (about half the series for one sex, less the check-digit losses)', () => {
    const cases: [string, number][] = [
      ['1880-05-05', 250],
      ['1920-05-05', 500],
      ['1960-05-05', 600],
      ['2010-05-05', 500],
    ];
    for (const [date, series] of cases) {
      for (const sex of SEXES) {
        for (const kind of KINDS) {
          const c = syntheticCapacity(date, sex, kind);
          expect(c).toBeGreaterThan(series * 0.3);
          expect(c).toBeLessThanOrEqual(series / 2);
        }
      }
    }
  });

  it('spreads ordinals over the individual-number range instead of counting from 000', () => {
    const individuals: number[] = [];
    for (let o = 0; o < 20; o++) individuals.push(Number(syntheticNumber('1975-06-15', 'male', o, 'fnr')!.slice(6, 9)));
    const sorted = [...individuals].sort((a, b) => a - b);
    expect(individuals).not.toEqual(sorted);
    expect(sorted[sorted.length - 1]! - sorted[0]!).toBeGreaterThan(250);
    // The first number of a date is not always a low individual number.
    const firsts = ['1975-06-15', '1975-06-16', '1980-01-01', '1990-03-03'].map((d) =>
      Number(syntheticNumber(d, 'female', 0, 'fnr')!.slice(6, 9)),
    );
    expect(firsts.some((i) => i > 20)).toBe(true);
  });

  it('has no numbers for years outside 1854–2039', () => {
    for (const d of ['1853-12-31', '1800-01-01', '2040-01-01', '2099-06-06', '0001-01-01', '9999-12-31']) {
      for (const sex of SEXES) {
        for (const kind of KINDS) {
          expect(syntheticCapacity(d, sex, kind)).toBe(0);
          expect(syntheticNumber(d, sex, 0, kind)).toBeNull();
        }
      }
    }
  });

  it.each(['1900-02-29', '2001-02-29', '2000-02-30', '2000-04-31', '2000-13-01', '2000-00-10', '2000-01-00', '2000-1-01',
    '2000/01/01', '20000101', ' 2000-01-01', '2000-01-01T00:00', 'abcd-ef-gh', '', '２０００-01-01'])(
    'rejects the malformed or unreal date %j',
    (d) => {
      expect(() => syntheticNumber(d, 'male', 0, 'fnr')).toThrow(RangeError);
      expect(() => syntheticCapacity(d, 'female', 'dnumber')).toThrow(RangeError);
    },
  );

  it('rejects bad ordinals, sexes and kinds', () => {
    for (const o of [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => syntheticNumber('1980-01-01', 'male', o, 'fnr')).toThrow(RangeError);
    }
    expect(() => syntheticNumber('1980-01-01', 'other' as Sex, 0, 'fnr')).toThrow(RangeError);
    expect(() => syntheticNumber('1980-01-01', 'male', 0, 'hnumber' as GeneratedKind)).toThrow(RangeError);
  });

  it('is fast enough for millions of persons', () => {
    const rng = createRng('speed');
    const dates: string[] = [];
    for (let i = 0; i < 1000; i++) dates.push(randomDate(rng, 1920, 2024));
    const started = performance.now();
    let made = 0;
    for (let i = 0; i < 500_000; i++) {
      if (syntheticNumber(dates[i % 1000]!, i % 2 === 0 ? 'male' : 'female', i % 150, i % 7 === 0 ? 'dnumber' : 'fnr')) made++;
    }
    const ms = performance.now() - started;
    expect(made).toBeGreaterThan(490_000);
    expect(ms).toBeLessThan(5000); // typically well under a second
  });
});

describe('syntheticHpr', () => {
  it('gives distinct, valid, unmasked 7–9 digit numbers', () => {
    const seen = new Set<string>();
    const bad: number[] = [];
    const ordinals: number[] = [];
    for (let o = 0; o < 100_000; o++) ordinals.push(o);
    const rng = createRng('hpr');
    for (let i = 0; i < 50_000; i++) ordinals.push(rng.int(0, SYNTHETIC_HPR_CAPACITY - 1));
    for (const edge of [8_999_999, 9_000_000, 98_999_999, 99_000_000, SYNTHETIC_HPR_CAPACITY - 1]) ordinals.push(edge);
    for (const o of new Set(ordinals)) {
      const h = syntheticHpr(o);
      const r = checkHpr(h);
      if (!/^[1-9][0-9]{6,8}$/.test(h) || !r.valid || r.masked || seen.has(h)) bad.push(o);
      seen.add(h);
    }
    expect(bad).toEqual([]);
  });

  it('uses 7 digits first, then 8, then 9', () => {
    expect(syntheticHpr(0)).toHaveLength(7);
    expect(syntheticHpr(8_999_999)).toHaveLength(7);
    expect(syntheticHpr(9_000_000)).toHaveLength(8);
    expect(syntheticHpr(98_999_999)).toHaveLength(8);
    expect(syntheticHpr(99_000_000)).toHaveLength(9);
    expect(syntheticHpr(SYNTHETIC_HPR_CAPACITY - 1)).toHaveLength(9);
    expect(SYNTHETIC_HPR_CAPACITY).toBe(999_999_999 - 1_000_000); // every 7–9 digit number but 999999999
  });

  it('is a bijection within each block (multiplier coprime with block sizes)', () => {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    for (const size of [9_000_000, 90_000_000, 899_999_999]) expect(gcd(1_000_003, size)).toBe(1);
    // Exhaustively for the whole 7-digit block: every 7-digit number appears exactly once.
    const hit = new Uint8Array(9_000_000);
    for (let o = 0; o < 9_000_000; o++) hit[Number(syntheticHpr(o)) - 1_000_000]!++;
    expect(hit.every((x) => x === 1)).toBe(true);
  });

  it('is not plainly sequential', () => {
    expect(Number(syntheticHpr(1)) - Number(syntheticHpr(0))).not.toBe(1);
  });

  it('rejects ordinals outside its capacity', () => {
    for (const o of [-1, 1.5, Number.NaN, SYNTHETIC_HPR_CAPACITY, 2 ** 60]) expect(() => syntheticHpr(o)).toThrow(RangeError);
  });
});
