import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/random.js';
import {
  checkHpr,
  checkIdentityNumber,
  isMaskedHpr,
  isMaskedPersonId,
  type IdCheck,
  type IdKind,
} from './identity-number.js';

// ---------------------------------------------------------------------------------------------
// A small reference implementation, written independently of the module under test.
// ---------------------------------------------------------------------------------------------

const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

const p2 = (n: number): string => String(n).padStart(2, '0');
const p3 = (n: number): string => String(n).padStart(3, '0');

function wsum(s: string, w: number[]): number {
  return w.reduce((t, x, i) => t + x * Number(s[i]), 0);
}

/** Appends K2 to ten digits, or null when K2 would be 10. */
function addK2(ten: string): string | null {
  const r = wsum(ten, W2) % 11;
  const k2 = r === 0 ? 0 : 11 - r;
  return k2 === 10 ? null : ten + String(k2);
}

/** Classic completion of nine digits, or null when K1 or K2 would be 10. */
function classic(nine: string): string | null {
  const r = wsum(nine, W1) % 11;
  const k1 = r === 0 ? 0 : 11 - r;
  return k1 === 10 ? null : addK2(nine + String(k1));
}

/** Completions of nine digits accepted only by the 2032 rule (K1 remainder 1, 2 or 3). */
function extendedOnly(nine: string): string[] {
  const out: string[] = [];
  for (let k = 0; k <= 9; k++) {
    const r = (wsum(nine, W1) + k) % 11;
    if (r >= 1 && r <= 3) {
      const n = addK2(nine + String(k));
      if (n) out.push(n);
    }
  }
  return out;
}

/** Passes a value of the wrong type through the string-typed API, as untyped callers can. */
const untyped = (v: unknown): string => v as string;

const nine = (dd: number, mm: number, yy: number, ind: number): string => p2(dd) + p2(mm) + p2(yy) + p3(ind);

/** The first individual number in [from, to] with the given parity whose classic completion exists. */
function firstClassic(dd: number, mm: number, yy: number, from: number, to: number, parity?: 0 | 1): string {
  for (let ind = from; ind <= to; ind++) {
    if (parity !== undefined && ind % 2 !== parity) continue;
    const n = classic(nine(dd, mm, yy, ind));
    if (n) return n;
  }
  throw new Error('test setup: no classic number in range');
}

/** A classic number with exactly this individual number, trying days 1–28 and months 1–12. */
function withIndividual(yy: number, ind: number, monthOffset = 0): string {
  for (let mm = 1; mm <= 12; mm++) {
    for (let dd = 1; dd <= 28; dd++) {
      const n = classic(nine(dd, mm + monthOffset, yy, ind));
      if (n) return n;
    }
  }
  throw new Error('test setup: no date works');
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const dim = (y: number, m: number): number => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

function refCentury(ind: number, yy: number): number | null {
  if (ind < 500) return 1900;
  if (ind < 750 && yy >= 54) return 1800;
  if (yy < 40) return 2000;
  if (ind >= 900) return 1900;
  return null;
}

/** Reference oracle: validity and decoded fields of an 11-digit string (not masked values). */
function oracle(n: string): Omit<IdCheck, 'reason'> {
  const bad = { valid: false, kind: null, synthetic: false, birthDate: null, sex: null } as const;
  const d = Array.from({ length: 11 }, (_, i) => n.charCodeAt(i) - 48);
  const kind: IdKind = d[0]! >= 8 ? 'fhnumber' : d[0]! >= 4 ? 'dnumber' : d[2] === 4 || d[2] === 5 ? 'hnumber' : 'fnr';
  const synthetic = kind !== 'fhnumber' && (d[2] === 8 || d[2] === 9);
  if (wsum(n, W2) % 11 !== (11 - d[10]!) % 11) return bad;
  const r1 = (wsum(n, W1) + d[9]!) % 11;
  const extended = r1 !== 0;
  if (extended && !(r1 <= 3 && (kind === 'fnr' || kind === 'dnumber'))) return bad;
  if (kind === 'fhnumber') return { valid: true, kind, synthetic: false, birthDate: null, sex: null };
  if (kind === 'dnumber' && (d[2] === 4 || d[2] === 5)) return bad;
  const rawMonth = d[2]! * 10 + d[3]!;
  const month = rawMonth - (kind === 'hnumber' ? 40 : synthetic ? 80 : 0);
  const day = d[0]! * 10 + d[1]! - (kind === 'dnumber' ? 40 : 0);
  const yy = d[4]! * 10 + d[5]!;
  if (month < 1 || month > 12 || day < 1) return bad;
  if (extended) {
    const ok = [1800, 1900, 2000].some((c) => day <= dim(c + yy, month));
    return ok ? { valid: true, kind, synthetic, birthDate: null, sex: null } : bad;
  }
  const ind = d[6]! * 100 + d[7]! * 10 + d[8]!;
  const c = refCentury(ind, yy);
  if (c === null || day > dim(c + yy, month)) return bad;
  return {
    valid: true,
    kind,
    synthetic,
    birthDate: `${c + yy}-${p2(month)}-${p2(day)}`,
    sex: d[8]! % 2 === 1 ? 'male' : 'female',
  };
}

/** True when a reason echoes the input: a run of three or more digits, or a three-digit part of the input. */
function leaks(input: string, reason: string | null): boolean {
  if (reason === null) return false;
  if (/[0-9]{3}/.test(reason)) return true;
  if (input.length >= 3 && reason.includes(input)) return true;
  for (let i = 0; i + 3 <= input.length; i++) {
    const window = input.slice(i, i + 3);
    if (/^[0-9]{3}$/.test(window) && reason.includes(window)) return true;
  }
  return false;
}

function expectSafeReason(input: string, reason: string | null): void {
  expect(leaks(input, reason), `reason leaks input: ${String(reason)}`).toBe(false);
}

const sameCheck = (a: IdCheck, b: IdCheck): boolean =>
  a.valid === b.valid &&
  a.kind === b.kind &&
  a.synthetic === b.synthetic &&
  a.birthDate === b.birthDate &&
  a.sex === b.sex &&
  a.reason === b.reason;

function expectValid(n: string, expected: Partial<IdCheck>): IdCheck {
  const r = checkIdentityNumber(n);
  expect(r).toMatchObject({ valid: true, reason: null, ...expected });
  return r;
}

function expectInvalid(n: string, reason: string | RegExp, kind?: IdKind | null): IdCheck {
  const r = checkIdentityNumber(n);
  expect(r.valid).toBe(false);
  expect(r.birthDate).toBeNull();
  expect(r.sex).toBeNull();
  if (typeof reason === 'string') expect(r.reason).toBe(reason);
  else expect(r.reason).toMatch(reason);
  if (kind !== undefined) expect(r.kind).toBe(kind);
  expectSafeReason(n, r.reason);
  return r;
}

// ---------------------------------------------------------------------------------------------

describe('reference implementation sanity', () => {
  it('reproduces published examples (fnrinfo.no and Skatteetaten "Nytt fødselsnummer fra 2032")', () => {
    expect(classic('311299567')).toBe('31129956715');
    expect(classic('020132999')).toBe('02013299997');
    expect(classic('301082999')).toBe('30108299920');
    expect(extendedOnly('301082999')).toContain('30108299939');
    expect(extendedOnly('020132999')).toContain('02013299903');
  });
});

describe('checkIdentityNumber: known valid fødselsnummer', () => {
  it.each([
    // Published example (fnrinfo.no): 31 Dec 1899, individual 567.
    ['31129956715', '1899-12-31', 'male'],
    // Skatteetaten's 2032 examples that also satisfy the classic rule.
    ['02013299997', '2032-01-02', 'male'],
    ['30108299920', '1982-10-30', 'male'],
    ['02013299806', '2032-01-02', 'female'],
    // Hand computed: 01.01.01, individual 010 → K1 0, K2 6.
    ['01010101006', '1901-01-01', 'female'],
  ] as const)('%s', (n, birthDate, sex) => {
    expectValid(n, { kind: 'fnr', synthetic: false, birthDate, sex });
  });

  it('decodes sex from the ninth digit for every individual number with a classic completion', () => {
    for (let ind = 0; ind <= 499; ind++) {
      const n = classic(nine(15, 6, 75, ind));
      if (!n) continue;
      expectValid(n, { kind: 'fnr', birthDate: '1975-06-15', sex: ind % 2 === 1 ? 'male' : 'female' });
    }
  });
});

describe('checkIdentityNumber: kinds', () => {
  it('D-number: day + 40', () => {
    const n = firstClassic(45, 3, 88, 0, 499);
    expectValid(n, { kind: 'dnumber', synthetic: false, birthDate: '1988-03-05' });
    const last = firstClassic(71, 12, 88, 0, 499);
    expectValid(last, { kind: 'dnumber', birthDate: '1988-12-31' });
  });

  it('H-number: month + 40', () => {
    const n = firstClassic(17, 45, 64, 0, 499, 1);
    expectValid(n, { kind: 'hnumber', synthetic: false, birthDate: '1964-05-17', sex: 'male' });
    const dec = firstClassic(24, 52, 10, 500, 999, 0);
    expectValid(dec, { kind: 'hnumber', birthDate: '2010-12-24', sex: 'female' });
  });

  it('FH-number: first digit 8 or 9, check digits apply, no birth date or sex', () => {
    let count = 0;
    const rng = createRng('fh');
    while (count < 200) {
      const body = String(rng.int(8, 9)) + String(rng.int(0, 99_999_999)).padStart(8, '0');
      const n = classic(body);
      if (!n || isMaskedPersonId(n)) continue;
      expectValid(n, { kind: 'fhnumber', synthetic: false, birthDate: null, sex: null });
      count++;
    }
  });

  it('FH-number digits 2–9 need not form a date', () => {
    const n = firstClassic(99, 99, 99, 0, 999); // 9999 99 ...: not a date
    expect(n.startsWith('999999')).toBe(true);
    expectValid(n, { kind: 'fhnumber', birthDate: null, sex: null });
  });

  it('FH-number with a wrong check digit is invalid', () => {
    const n = firstClassic(81, 23, 45, 0, 999);
    const wrong = n.slice(0, 10) + String((Number(n[10]) + 1) % 10);
    expectInvalid(wrong, 'check digit K2 does not match', 'fhnumber');
  });

  it('synthetic fødselsnummer: month + 80', () => {
    const n = firstClassic(9, 81, 85, 900, 999, 0);
    expectValid(n, { kind: 'fnr', synthetic: true, birthDate: '1985-01-09', sex: 'female' });
    const dec = firstClassic(31, 92, 5, 500, 999, 1);
    expectValid(dec, { kind: 'fnr', synthetic: true, birthDate: '2005-12-31', sex: 'male' });
  });

  it('synthetic D-number: day + 40 and month + 80', () => {
    const n = firstClassic(52, 87, 71, 0, 499, 1);
    expectValid(n, { kind: 'dnumber', synthetic: true, birthDate: '1971-07-12', sex: 'male' });
    const leap = firstClassic(69, 82, 0, 500, 999);
    expectValid(leap, { kind: 'dnumber', synthetic: true, birthDate: '2000-02-29' });
  });

  it('D-number and H-number offsets cannot be combined', () => {
    const n = firstClassic(45, 43, 88, 0, 499);
    expectInvalid(n, 'D-number day offset and H-number month offset cannot be combined', 'dnumber');
  });
});

describe('checkIdentityNumber: masked values', () => {
  it.each([
    ['00000000000', /Eik/],
    ['99999999999', /FarmaPro/],
  ])('%s is masked, not garbage', (n, convention) => {
    const r = checkIdentityNumber(n);
    expect(r).toMatchObject({ valid: true, kind: 'masked', synthetic: false, birthDate: null, sex: null });
    expect(r.reason).toMatch(/^masked: identity not reported \(/);
    expect(r.reason).toMatch(convention);
    expectSafeReason(n, r.reason);
    expect(isMaskedPersonId(n)).toBe(true);
  });

  it.each(['0000000000', '000000000000', '99999999998', '09999999999', '0', '', ' 00000000000'])(
    '%j is not masked',
    (n) => {
      expect(isMaskedPersonId(n)).toBe(false);
      expect(checkIdentityNumber(n).kind).not.toBe('masked');
    },
  );

  it('isMaskedPersonId never throws on non-strings', () => {
    for (const v of [null, undefined, 0, 99999999999, {}, []]) {
      expect(isMaskedPersonId(untyped(v))).toBe(false);
    }
  });
});

describe('checkIdentityNumber: the 2032 rule (K1 remainder 0, 1, 2 or 3)', () => {
  it.each(['30108299939', '02013299903'])('Skatteetaten example %s is valid, sex and birth date null', (n) => {
    expectValid(n, { kind: 'fnr', synthetic: false, sex: null, birthDate: null });
  });

  it('accepts exactly remainders 1–3 for every K1 of a fødselsnummer, D-number and synthetic number', () => {
    for (const prefix of [nine(30, 10, 82, 999), nine(45, 3, 88, 123), nine(12, 87, 71, 456), nine(52, 83, 5, 777)]) {
      const kind = Number(prefix[0]) >= 4 ? 'dnumber' : 'fnr';
      const synthetic = Number(prefix[2]) >= 8;
      for (let k1 = 0; k1 <= 9; k1++) {
        const n = addK2(prefix + String(k1));
        if (!n) continue;
        const r1 = (wsum(prefix, W1) + k1) % 11;
        const r = checkIdentityNumber(n);
        if (r1 === 0) expect(r.sex).not.toBeNull();
        else if (r1 <= 3) expect(r).toMatchObject({ valid: true, kind, synthetic, sex: null, birthDate: null });
        else expect(r).toMatchObject({ valid: false, reason: 'check digit K1 does not match' });
      }
    }
  });

  it('does not apply to H-numbers or FH-numbers', () => {
    const h = extendedOnly(nine(17, 45, 64, 11))[0]!;
    expectInvalid(h, 'check digit K1 does not match', 'hnumber');
    const fh = extendedOnly('812345678')[0]!;
    expectInvalid(fh, 'check digit K1 does not match', 'fhnumber');
  });

  it('does not use the individual number for the century', () => {
    // 800 with year 45 is unallocated under the classic table, but the new rule no longer encodes century.
    const n = extendedOnly(nine(1, 2, 45, 800))[0]!;
    expectValid(n, { kind: 'fnr', birthDate: null, sex: null });
    const classicTwin = classic(nine(1, 2, 45, 800));
    if (classicTwin) expectInvalid(classicTwin, /individual number is not allocated for year 45/);
  });

  it('still needs a real day and month', () => {
    expectInvalid(extendedOnly(nine(30, 2, 0, 999))[0]!, 'day 30 does not exist in month 02');
    expectInvalid(extendedOnly(nine(29, 2, 1, 999))[0]!, 'day 29 does not exist in month 02');
    expectValid(extendedOnly(nine(29, 2, 0, 999))[0]!, { birthDate: null }); // 2000 was a leap year
    expectValid(extendedOnly(nine(29, 2, 96, 999))[0]!, { birthDate: null });
    expectInvalid(extendedOnly(nine(31, 13, 80, 999))[0]!, 'month 13 does not exist');
  });
});

describe('checkIdentityNumber: century boundaries', () => {
  it.each([
    [54, 500, 1854],
    [54, 749, 1854],
    [99, 500, 1899],
    [99, 749, 1899],
    [0, 0, 1900],
    [0, 499, 1900],
    [39, 499, 1939],
    [40, 0, 1940],
    [99, 499, 1999],
    [40, 900, 1940],
    [99, 999, 1999],
    [0, 500, 2000],
    [0, 999, 2000],
    [39, 500, 2039],
    [39, 900, 2039],
    [39, 999, 2039],
  ])('year %i with individual number %i is %i', (yy, ind, century) => {
    const n = withIndividual(yy, ind);
    const r = expectValid(n, { kind: 'fnr', sex: ind % 2 === 1 ? 'male' : 'female' });
    expect(r.birthDate?.slice(0, 4)).toBe(String(century));
  });

  it.each([
    [53, 500],
    [53, 749],
    [40, 500],
    [40, 749],
    [54, 750],
    [99, 899],
    [45, 750],
    [60, 800],
  ])('year %i with individual number %i is not allocated', (yy, ind) => {
    expectInvalid(withIndividual(yy, ind), `individual number is not allocated for year ${p2(yy)} in any century`, 'fnr');
    expectInvalid(withIndividual(yy, ind, 80), /individual number is not allocated/, 'fnr');
  });

  it('agrees with the reference table for every individual number and a spread of years', () => {
    for (const yy of [0, 1, 39, 40, 53, 54, 55, 99]) {
      for (let ind = 0; ind <= 999; ind++) {
        const n = classic(nine(1, 1, yy, ind)) ?? classic(nine(2, 1, yy, ind)) ?? classic(nine(3, 1, yy, ind));
        if (!n) continue;
        const c = refCentury(ind, yy);
        const r = checkIdentityNumber(n);
        expect(r.valid).toBe(c !== null);
        if (c !== null) expect(r.birthDate?.slice(0, 4)).toBe(String(c + yy));
      }
    }
  });
});

describe('checkIdentityNumber: calendar dates', () => {
  it('29 February 2000 is valid (divisible by 400)', () => {
    expectValid(firstClassic(29, 2, 0, 500, 999), { birthDate: '2000-02-29' });
  });

  it('29 February 1900 is invalid (divisible by 100)', () => {
    expectInvalid(
      firstClassic(29, 2, 0, 0, 499),
      'day 29 does not exist in month 02 of a non-leap year (century 19, year 00)',
      'fnr',
    );
  });

  it.each([
    [29, 2, 4, 0, 499, '1904-02-29'],
    [29, 2, 96, 500, 749, '1896-02-29'],
    [29, 2, 96, 900, 999, '1996-02-29'],
    [29, 2, 36, 500, 999, '2036-02-29'],
    [31, 12, 99, 0, 499, '1999-12-31'],
    [1, 1, 54, 500, 749, '1854-01-01'],
    [31, 12, 39, 500, 999, '2039-12-31'],
    [31, 1, 80, 0, 499, '1980-01-31'],
    [30, 4, 80, 0, 499, '1980-04-30'],
  ] as const)('%i.%i.%i (individual %i–%i) is %s', (dd, mm, yy, from, to, birthDate) => {
    expectValid(firstClassic(dd, mm, yy, from, to), { birthDate });
  });

  it.each([
    [29, 2, 99, 0, 499, 'day 29 does not exist in month 02 of a non-leap year (century 19, year 99)'],
    [29, 2, 0, 0, 499, 'day 29 does not exist in month 02 of a non-leap year (century 19, year 00)'],
    [29, 2, 97, 500, 749, 'day 29 does not exist in month 02 of a non-leap year (century 18, year 97)'],
    [29, 2, 1, 500, 999, 'day 29 does not exist in month 02 of a non-leap year (century 20, year 01)'],
    [30, 2, 0, 500, 999, 'day 30 does not exist in month 02'],
    [31, 4, 80, 0, 499, 'day 31 does not exist in month 04'],
    [31, 6, 80, 0, 499, 'day 31 does not exist in month 06'],
    [31, 9, 80, 0, 499, 'day 31 does not exist in month 09'],
    [31, 11, 80, 0, 499, 'day 31 does not exist in month 11'],
    [32, 1, 80, 0, 499, 'day 32 does not exist'],
    [0, 1, 80, 0, 499, 'day 00 does not exist'],
    [15, 0, 80, 0, 499, 'month 00 does not exist'],
    [15, 13, 80, 0, 499, 'month 13 does not exist'],
    [15, 25, 80, 0, 499, 'month 25 is not a month, nor a month plus 40 or 80'],
    [15, 33, 80, 0, 499, 'month 33 is not a month, nor a month plus 40 or 80'],
    [15, 61, 80, 0, 499, 'month 61 is not a month, nor a month plus 40 or 80'],
    [15, 79, 80, 0, 499, 'month 79 is not a month, nor a month plus 40 or 80'],
    [15, 40, 80, 0, 499, 'month 00 does not exist'],
    [15, 53, 80, 0, 499, 'month 13 does not exist'],
    [15, 80, 80, 0, 499, 'month 00 does not exist'],
    [15, 93, 80, 0, 499, 'month 13 does not exist'],
    [40, 1, 80, 0, 499, 'day 00 does not exist'],
    [72, 1, 80, 0, 499, 'day 32 does not exist'],
    [71, 4, 80, 0, 499, 'day 31 does not exist in month 04'],
    [69, 82, 99, 0, 499, 'day 29 does not exist in month 02 of a non-leap year (century 19, year 99)'],
  ] as const)('%i.%i.%i (individual %i–%i): %s', (dd, mm, yy, from, to, reason) => {
    expectInvalid(firstClassic(dd, mm, yy, from, to), reason);
  });

  it('every day of a leap year and a common year in each century decodes to itself', () => {
    const cases = [
      { year: 1896, from: 500, to: 749 },
      { year: 1897, from: 500, to: 749 },
      { year: 1900, from: 0, to: 499 },
      { year: 1984, from: 900, to: 999 },
      { year: 2000, from: 500, to: 999 },
      { year: 2023, from: 500, to: 999 },
    ];
    for (const { year, from, to } of cases) {
      for (let m = 1; m <= 12; m++) {
        for (let dd = 1; dd <= 31; dd++) {
          const n = firstClassic(dd, m + 80, year % 100, from, to);
          const r = checkIdentityNumber(n);
          if (dd <= dim(year, m)) expect(r.birthDate).toBe(`${year}-${p2(m)}-${p2(dd)}`);
          else expect(r.valid).toBe(false);
        }
      }
    }
  });
});

describe('checkIdentityNumber: malformed input', () => {
  it.each([
    ['', 'is empty'],
    ['1', 'not 11 digits: too short'],
    ['0101010100', 'not 11 digits: too short'],
    ['010101010060', 'not 11 digits: too long'],
    ['0'.repeat(200), 'not 11 digits: too long'],
    ['0101010100a', 'contains a character that is not a digit'],
    ['010101-01006', 'contains a character that is not a digit'],
    ['010101 01006', 'contains a character that is not a digit'],
    [' 01010101006', 'contains a character that is not a digit'],
    ['01010101006 ', 'contains a character that is not a digit'],
    ['01010101006\n', 'contains a character that is not a digit'],
    ['٠١٠١٠١٠١٠٠٦', 'contains a character that is not a digit'], // Arabic-Indic digits
    ['０１０１０１０１００６', 'contains a character that is not a digit'], // full-width digits
    ['+1010101006', 'contains a character that is not a digit'],
    ['-1010101006', 'contains a character that is not a digit'],
    ['1.010101006', 'contains a character that is not a digit'],
    ['abcdefghijk', 'contains a character that is not a digit'],
  ])('%j: %s', (n, reason) => {
    expectInvalid(n, reason, null);
  });

  it('never throws, whatever it is given', () => {
    for (const v of [null, undefined, 1010101006, {}, [], Symbol('x'), () => 1, new String('01010101006')]) {
      const r = checkIdentityNumber(untyped(v));
      expect(r).toMatchObject({ valid: false, kind: null, reason: 'not a string' });
    }
  });
});

describe('checkIdentityNumber: check digits', () => {
  const samples = [
    '31129956715',
    '01010101006',
    firstClassic(45, 3, 88, 0, 499), // D-number
    firstClassic(17, 45, 64, 0, 499), // H-number
    firstClassic(9, 81, 85, 900, 999), // synthetic
    firstClassic(52, 87, 71, 0, 499), // synthetic D-number
    firstClassic(81, 23, 45, 0, 999), // FH-number
  ];

  it.each(samples)('every wrong K1 of %s is rejected, except 2032-rule K1s of fnr and D-numbers', (n) => {
    const kind = checkIdentityNumber(n).kind;
    for (let k1 = 0; k1 <= 9; k1++) {
      if (String(k1) === n[9]) continue;
      const m = addK2(n.slice(0, 9) + String(k1));
      if (!m) continue;
      const r = checkIdentityNumber(m);
      const r1 = (wsum(m, W1) + k1) % 11;
      if (r1 <= 3 && (kind === 'fnr' || kind === 'dnumber')) {
        expect(r).toMatchObject({ valid: true, sex: null, birthDate: null });
      } else {
        expect(r).toMatchObject({ valid: false, kind, reason: 'check digit K1 does not match' });
      }
    }
  });

  it.each(samples)('every wrong K2 of %s is rejected', (n) => {
    for (let k2 = 0; k2 <= 9; k2++) {
      if (String(k2) === n[10]) continue;
      expectInvalid(n.slice(0, 10) + String(k2), 'check digit K2 does not match');
    }
  });

  it('K1 = 10: no classic number exists; the 2032 rule allows K1 0, 1 or 2 for fnr', () => {
    let found = 0;
    for (let ind = 0; ind <= 499 && found < 20; ind++) {
      const prefix = nine(11, 11, 77, ind);
      if (wsum(prefix, W1) % 11 !== 1) continue; // classic K1 would be 10
      found++;
      for (let k1 = 0; k1 <= 9; k1++) {
        const n = addK2(prefix + String(k1));
        if (!n) continue;
        const r = checkIdentityNumber(n);
        if (k1 <= 2) expect(r).toMatchObject({ valid: true, kind: 'fnr', sex: null, birthDate: null });
        else expect(r).toMatchObject({ valid: false, reason: 'check digit K1 does not match' });
      }
    }
    expect(found).toBe(20);
  });

  it('K1 = 10 for an H-number or FH-number: no valid K1 exists', () => {
    const cases: string[] = [];
    for (let ind = 0; cases.length < 2; ind++) {
      const prefix = nine(11, 51, 77, ind);
      if (wsum(prefix, W1) % 11 === 1) cases.push(prefix);
    }
    for (let ind = 0; cases.length < 4; ind++) {
      const prefix = nine(91, 11, 77, ind);
      if (wsum(prefix, W1) % 11 === 1) cases.push(prefix);
    }
    for (const prefix of cases) {
      for (let k1 = 0; k1 <= 9; k1++) {
        const n = addK2(prefix + String(k1));
        if (!n) continue;
        expectInvalid(n, 'check digit K1 does not match: no valid K1 exists for the first nine digits');
      }
    }
  });

  it('K2 = 10: no valid K2 exists', () => {
    let found = 0;
    for (let ind = 0; ind <= 499 && found < 20; ind++) {
      const prefix = nine(3, 4, 56, ind);
      const r = wsum(prefix, W1) % 11;
      const k1 = r === 0 ? 0 : 11 - r;
      if (k1 === 10) continue;
      const ten = prefix + String(k1);
      if (addK2(ten) !== null) continue;
      found++;
      for (let k2 = 0; k2 <= 9; k2++) {
        expectInvalid(ten + String(k2), 'check digit K2 does not match: no valid K2 exists for the first ten digits');
      }
    }
    expect(found).toBe(20);
  });
});

describe('checkIdentityNumber: single-digit substitution is always detected (mod 11)', () => {
  it('every one-digit change of a valid number is invalid', () => {
    const rng = createRng('mutations');
    const valid: string[] = [
      '31129956715',
      '30108299939',
      '02013299903',
      firstClassic(17, 45, 64, 0, 499),
      firstClassic(81, 23, 45, 0, 999),
      firstClassic(52, 87, 71, 0, 499),
    ];
    while (valid.length < 400) {
      const n = classic(nine(rng.int(1, 28) + rng.pick([0, 40]), rng.int(1, 12) + rng.pick([0, 40, 80]), rng.int(0, 99), rng.int(0, 999)));
      if (n && checkIdentityNumber(n).valid) valid.push(n);
    }
    let mutations = 0;
    const undetected: string[] = [];
    for (const n of valid) {
      expect(checkIdentityNumber(n).valid).toBe(true);
      for (let pos = 0; pos < 11; pos++) {
        for (let digit = 0; digit <= 9; digit++) {
          if (String(digit) === n[pos]) continue;
          const m = n.slice(0, pos) + String(digit) + n.slice(pos + 1);
          const r = checkIdentityNumber(m);
          if (r.valid || !r.reason?.startsWith('check digit K') || leaks(m, r.reason)) undetected.push(m);
          mutations++;
        }
      }
    }
    expect(undetected).toEqual([]);
    expect(mutations).toBe(400 * 11 * 9);
  });
});

describe('checkIdentityNumber: agreement with the reference oracle', () => {
  it('matches the oracle for every individual number and every K1 on a spread of dates', () => {
    const dates: [number, number, number][] = [
      [1, 1, 0], [29, 2, 0], [29, 82, 0], [69, 2, 0], [29, 42, 0], [31, 12, 99], [15, 6, 54], [15, 6, 53],
      [30, 4, 40], [31, 4, 40], [12, 87, 39], [52, 91, 71], [5, 45, 80], [0, 5, 80], [32, 5, 80],
      [71, 3, 20], [72, 3, 20], [10, 13, 10], [10, 25, 10], [85, 5, 50], [99, 99, 99],
    ];
    let checked = 0;
    const mismatches: string[] = [];
    for (const [dd, mm, yy] of dates) {
      for (let ind = 0; ind <= 999; ind++) {
        for (let k1 = 0; k1 <= 9; k1++) {
          const n = addK2(nine(dd, mm, yy, ind) + String(k1));
          if (!n || isMaskedPersonId(n)) continue;
          const r = checkIdentityNumber(n);
          const o = oracle(n);
          const agrees = o.valid
            ? sameCheck(r, { ...o, reason: null })
            : !r.valid && r.birthDate === null && r.sex === null && typeof r.reason === 'string';
          if (!agrees || leaks(n, r.reason)) mismatches.push(n);
          checked++;
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(150_000);
  });

  it('matches the oracle on random 11-digit strings', () => {
    const rng = createRng('random-strings');
    const mismatches: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      let n = '';
      for (let j = 0; j < 11; j++) n += String(rng.int(0, 9));
      if (isMaskedPersonId(n)) continue;
      const r = checkIdentityNumber(n);
      if (r.valid !== oracle(n).valid || leaks(n, r.reason)) mismatches.push(n);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('checkIdentityNumber: privacy of reasons', () => {
  it('no reason contains the input or any three-digit part of it', () => {
    const rng = createRng('privacy');
    const inputs: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const len = rng.pick([1, 3, 5, 9, 10, 11, 11, 11, 11, 12, 20]);
      let n = '';
      for (let j = 0; j < len; j++) n += rng.chance(0.02) ? rng.pick(['a', ' ', '-', '.']) : String(rng.int(0, 9));
      inputs.push(n);
    }
    // Structured near-valid inputs exercise every reason that names a day, month or year.
    for (let ind = 0; ind <= 999; ind += 7) {
      for (const [dd, mm, yy] of [[29, 2, 0], [31, 4, 19], [32, 1, 90], [15, 13, 98], [15, 25, 19], [45, 45, 99], [10, 10, 45]] as const) {
        const n = classic(nine(dd, mm, yy, ind));
        if (n) inputs.push(n);
      }
    }
    const seen = new Set<string>();
    const leaked: string[] = [];
    for (const n of inputs) {
      const r = checkIdentityNumber(n);
      if (r.reason) seen.add(r.reason.replace(/[0-9]+/g, '#'));
      if (leaks(n, r.reason)) leaked.push(n);
    }
    expect(leaked).toEqual([]);
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });
});

describe('HPR numbers', () => {
  it.each(['1', '12', '1234567', '12345678', '123456789', '007125186', '565501872', '9144889', '999999998', '100000000'])(
    '%s is valid',
    (n) => {
      expect(checkHpr(n)).toEqual({ valid: true, masked: false, reason: null });
      expect(isMaskedHpr(n)).toBe(false);
    },
  );

  it.each([
    ['0', /zero/],
    ['000000000', /zero/],
    ['999999999', /all nines/],
  ])('%s is masked', (n, why) => {
    const r = checkHpr(n);
    expect(r).toMatchObject({ valid: true, masked: true });
    expect(r.reason).toMatch(/^masked: health-personnel number not reported/);
    expect(r.reason).toMatch(why);
    expect(isMaskedHpr(n)).toBe(true);
  });

  it.each([
    ['', 'is empty'],
    ['1234567890', 'longer than 9 digits'],
    ['9999999999', 'longer than 9 digits'],
    ['0000000000', 'longer than 9 digits'],
    ['12345678901234567890', 'longer than 9 digits'],
    ['12a4567', 'contains a character that is not a digit'],
    [' 1234567', 'contains a character that is not a digit'],
    ['1234567 ', 'contains a character that is not a digit'],
    ['-1234567', 'contains a character that is not a digit'],
    ['1234.567', 'contains a character that is not a digit'],
    ['１２３４５６７', 'contains a character that is not a digit'],
  ])('%j is invalid: %s', (n, reason) => {
    const r = checkHpr(n);
    expect(r).toEqual({ valid: false, masked: false, reason });
    expect(isMaskedHpr(n)).toBe(false);
    expectSafeReason(n, r.reason);
  });

  it('never throws on non-strings', () => {
    for (const v of [null, undefined, 1234567, {}, []]) {
      expect(checkHpr(untyped(v))).toEqual({ valid: false, masked: false, reason: 'not a string' });
      expect(isMaskedHpr(untyped(v))).toBe(false);
    }
  });
});
