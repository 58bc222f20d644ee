/**
 * Norwegian person identity numbers (fødselsnummer, D-number, H-number, FH-number) and
 * health-personnel (HPR) numbers: validation and decoding.
 *
 * Layout of the 11 digits: D1 D2 M1 M2 Å1 Å2 I1 I2 I3 K1 K2 (date DDMMYY, individual number,
 * two modulus-11 check digits).
 *
 * Privacy: a `reason` never carries the input. By construction no reason contains a run of
 * three or more digits, so it cannot hold any part of the number longer than two digits.
 *
 * Sources: Skatteetaten (fødselsnummer, D-number, "Nytt fødselsnummer fra 2032"), HIS 1001
 * "Identifikatorer for personer" (H-number), Norsk helsenett (FH-number), Skatteetaten Tenor
 * (synthetic test population, month + 80).
 */

export type IdKind = 'fnr' | 'dnumber' | 'hnumber' | 'fhnumber' | 'masked';

export interface IdCheck {
  valid: boolean;
  /** The kind of number; for invalid input the best guess, or null when no guess is possible. */
  kind: IdKind | null;
  /** A Tenor synthetic test number (month + 80). */
  synthetic: boolean;
  /** YYYY-MM-DD with all offsets removed; null when the number does not determine it. */
  birthDate: string | null;
  /** From the 9th digit (odd = male); null when the number does not encode sex. */
  sex: 'male' | 'female' | null;
  /** Null when valid; otherwise a short English sentence that never echoes the input. */
  reason: string | null;
}

export interface HprCheck {
  valid: boolean;
  masked: boolean;
  reason: string | null;
}

/** Weights for K1 over digits 1–9. */
export const K1_WEIGHTS: readonly number[] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
/** Weights for K2 over digits 1–10. */
export const K2_WEIGHTS: readonly number[] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/**
 * Masked person values: the dispensing system sends a fixed value instead of the identity.
 * `00000000000` comes from Eik, `99999999999` from FarmaPro.
 */
const MASKED_PERSON: ReadonlyMap<string, string> = new Map([
  ['00000000000', 'masked: identity not reported (Eik convention, all zeros)'],
  ['99999999999', 'masked: identity not reported (FarmaPro convention, all nines)'],
]);

/** True for the masked "identity not reported" values `00000000000` and `99999999999`. */
export function isMaskedPersonId(value: string): boolean {
  return typeof value === 'string' && MASKED_PERSON.has(value);
}

/**
 * The century (1800, 1900 or 2000) that an individual number (000–999) gives a two-digit year,
 * or null when the combination is not allocated:
 * 000–499 → 1900–1999; 500–749 with year 54–99 → 1854–1899; 500–999 with year 00–39 → 2000–2039;
 * 900–999 with year 40–99 → 1940–1999.
 */
export function centuryOf(individual: number, yy: number): 1800 | 1900 | 2000 | null {
  if (individual < 0 || individual > 999 || yy < 0 || yy > 99) return null;
  if (individual <= 499) return 1900;
  if (yy <= 39) return 2000; // 500–999
  if (individual <= 749 && yy >= 54) return 1800;
  if (individual >= 900) return 1900; // year 40–99
  return null;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The digits of an all-digit string. */
function digitsOf(value: string): number[] {
  const d: number[] = [];
  for (let i = 0; i < value.length; i++) d.push(value.charCodeAt(i) - 48);
  return d;
}

function weightedSum(d: readonly number[], weights: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < weights.length; i++) s += d[i]! * weights[i]!;
  return s;
}

/**
 * The classic check digit for a weighted sum: 11 − (sum mod 11), where 11 means 0.
 * Returns 10 when no digit can satisfy the check (the number cannot exist).
 */
export function classicCheckDigit(weightedSumOfPrecedingDigits: number): number {
  return (11 - (weightedSumOfPrecedingDigits % 11)) % 11;
}

/** Which K1 rule accepted a number. */
type K1Rule = 'classic' | 'extended';

/**
 * The K1 remainder: (weighted sum of digits 1–9 + K1) mod 11, i.e. the sum over digits 1–10
 * with weights 3 7 6 1 8 9 4 5 2 1. The classic rule needs 0. Skatteetaten's rule for numbers
 * issued from 1 January 2032 accepts 0, 1, 2 or 3 (k1 = {11,12,13,14} − (sum mod 11), still
 * rejected when that is 10); see "Nytt fødselsnummer fra 2032".
 */
function k1Remainder(d: readonly number[]): number {
  return (weightedSum(d, K1_WEIGHTS) + d[9]!) % 11;
}

function fail(kind: IdKind | null, reason: string, synthetic = false): IdCheck {
  return { valid: false, kind, synthetic, birthDate: null, sex: null, reason };
}

/**
 * Validates and decodes a person identity number. Never throws.
 *
 * Kinds: first digit 8 or 9 is an FH-number (felles hjelpenummer: digits 2–9 are random and
 * carry no birth date or sex; both check digits apply, classic rule); first digit 4–7 is a
 * D-number (day + 40); third digit 4 or 5 is an H-number (month + 40); otherwise a fødselsnummer.
 * Third digit 8 or 9 marks a synthetic Tenor number (month + 80), which may also be a D-number.
 *
 * Check digits: K2 always uses the classic rule. K1 uses the classic rule; for fødselsnummer and
 * D-numbers (the kinds Skatteetaten issues) the 2032 rule also accepts remainder 1, 2 or 3.
 * A number accepted only by that extended rule is gender neutral and its individual number no
 * longer gives the century, so it reports `sex: null` and `birthDate: null`; its day and month
 * must still exist in some century for the two-digit year.
 *
 * A number that passes the classic K1 rule is decoded classically: its individual number must
 * fit the century table for its year, and its date must exist in that century.
 */
export function checkIdentityNumber(value: string): IdCheck {
  if (typeof value !== 'string') return fail(null, 'not a string');
  const masked = MASKED_PERSON.get(value);
  if (masked !== undefined) {
    return { valid: true, kind: 'masked', synthetic: false, birthDate: null, sex: null, reason: masked };
  }
  if (value.length === 0) return fail(null, 'is empty');
  if (!/^[0-9]+$/.test(value)) return fail(null, 'contains a character that is not a digit');
  if (value.length !== 11) return fail(null, value.length < 11 ? 'not 11 digits: too short' : 'not 11 digits: too long');

  const d = digitsOf(value);
  const first = d[0]!;
  const monthTens = d[2]!;

  // Kind from the offsets. The first digit decides FH (8, 9) and D (4–7); the third digit decides H (4, 5)
  // and synthetic (8, 9). Digits 2, 3, 6, 7 in the month's tens place fit no scheme.
  const isFh = first >= 8;
  const isD = first >= 4 && first <= 7;
  const isH = !isFh && (monthTens === 4 || monthTens === 5);
  const synthetic = !isFh && (monthTens === 8 || monthTens === 9);
  const kind: IdKind = isFh ? 'fhnumber' : isD ? 'dnumber' : isH ? 'hnumber' : 'fnr';

  // Check digits first: a typing error shows here before it shows anywhere else.
  const k1Sum = weightedSum(d, K1_WEIGHTS);
  const remainder = k1Remainder(d);
  const extendedAllowed = kind === 'fnr' || kind === 'dnumber';
  let rule: K1Rule;
  if (remainder === 0) rule = 'classic';
  else if (extendedAllowed && remainder <= 3) rule = 'extended';
  else if (classicCheckDigit(k1Sum) === 10 && !extendedAllowed) {
    return fail(kind, 'check digit K1 does not match: no valid K1 exists for the first nine digits', synthetic);
  } else return fail(kind, 'check digit K1 does not match', synthetic);

  const k2Expected = classicCheckDigit(weightedSum(d, K2_WEIGHTS));
  if (k2Expected === 10) {
    return fail(kind, 'check digit K2 does not match: no valid K2 exists for the first ten digits', synthetic);
  }
  if (k2Expected !== d[10]) return fail(kind, 'check digit K2 does not match', synthetic);

  if (isFh) return { valid: true, kind, synthetic: false, birthDate: null, sex: null, reason: null };

  // Date digits with offsets removed.
  if (isD && isH) return fail(kind, 'D-number day offset and H-number month offset cannot be combined', synthetic);
  const rawMonth = d[2]! * 10 + d[3]!;
  if (!(monthTens <= 1 || isH || synthetic)) {
    return fail(kind, `month ${pad2(rawMonth)} is not a month, nor a month plus 40 or 80`, synthetic);
  }
  const month = rawMonth - (isH ? 40 : synthetic ? 80 : 0);
  const day = d[0]! * 10 + d[1]! - (isD ? 40 : 0);
  const yy = d[4]! * 10 + d[5]!;
  if (month < 1 || month > 12) return fail(kind, `month ${pad2(month)} does not exist`, synthetic);
  if (day < 1 || day > 31) return fail(kind, `day ${pad2(day)} does not exist`, synthetic);

  if (rule === 'extended') {
    // The century is unknown; 29 February exists in some century exactly when yy is divisible by 4.
    const maxDay = month === 2 ? (yy % 4 === 0 ? 29 : 28) : daysInMonth(2000, month);
    if (day > maxDay) return fail(kind, `day ${pad2(day)} does not exist in month ${pad2(month)}`, synthetic);
    return { valid: true, kind, synthetic, birthDate: null, sex: null, reason: null };
  }

  const individual = d[6]! * 100 + d[7]! * 10 + d[8]!;
  const century = centuryOf(individual, yy);
  if (century === null) {
    return fail(kind, `individual number is not allocated for year ${pad2(yy)} in any century`, synthetic);
  }
  const year = century + yy;
  if (day > daysInMonth(year, month)) {
    const why =
      month === 2 && day === 29
        ? `day 29 does not exist in month 02 of a non-leap year (century ${century / 100}, year ${pad2(yy)})`
        : `day ${pad2(day)} does not exist in month ${pad2(month)}`;
    return fail(kind, why, synthetic);
  }
  return {
    valid: true,
    kind,
    synthetic,
    birthDate: `${year}-${pad2(month)}-${pad2(day)}`,
    sex: d[8]! % 2 === 1 ? 'male' : 'female',
    reason: null,
  };
}

/**
 * HPR numbers (Helsepersonellregisteret). Helsedirektoratet publishes no check digit for them,
 * and public consumers (e.g. NAV) validate them as digits only, at most 9, so that is what we
 * check: 1–9 digits, not all zeros. Leading zeros are allowed (fixed-width exports pad them).
 *
 * Masked values: `0` and `999999999` mean "not reported". A zero-padded zero (`000000000`) is
 * the same value as `0` and is also treated as masked.
 */
export function isMaskedHpr(value: string): boolean {
  return typeof value === 'string' && (value === '999999999' || /^0{1,9}$/.test(value));
}

export function checkHpr(value: string): HprCheck {
  if (typeof value !== 'string') return { valid: false, masked: false, reason: 'not a string' };
  if (isMaskedHpr(value)) {
    const reason =
      value === '999999999'
        ? 'masked: health-personnel number not reported (all nines)'
        : 'masked: health-personnel number not reported (zero)';
    return { valid: true, masked: true, reason };
  }
  if (value.length === 0) return { valid: false, masked: false, reason: 'is empty' };
  if (!/^[0-9]+$/.test(value)) {
    return { valid: false, masked: false, reason: 'contains a character that is not a digit' };
  }
  if (value.length > 9) return { valid: false, masked: false, reason: 'longer than 9 digits' };
  return { valid: true, masked: false, reason: null };
}
