import { toDay } from '../people/dates.js';

/**
 * How pharmacy volume spreads over the days of a year: busy Mondays and Fridays, quiet Saturdays, most
 * pharmacies closed on Sundays and public holidays, a summer dip in July and a December peak.
 */

/** Sunday … Saturday. */
const WEEKDAY = [0.08, 1.2, 1.1, 1.05, 1.05, 1.15, 0.45];
const MONTH = [1.05, 1.0, 1.05, 0.97, 0.97, 0.95, 0.78, 0.93, 1.0, 1.05, 1.05, 1.12];

/** Easter Sunday (anonymous Gregorian algorithm), as a day number. */
export function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toDay(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

/** Norwegian public holidays of a year (day numbers). */
export function holidays(year: number): Set<number> {
  const e = easter(year);
  const fixed = ['01-01', '05-01', '05-17', '12-25', '12-26'].map((md) => toDay(`${year}-${md}`));
  // Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday.
  return new Set([...fixed, e - 3, e - 2, e, e + 1, e + 39, e + 49, e + 50]);
}

/** Day of the week: 0 Sunday … 6 Saturday. */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** Calendar month (1–12) of a day number. */
export const monthOf = (day: number): number => new Date(day * 86_400_000).getUTCMonth() + 1;

/** Relative dispensing volume of each day from `first` to `last` (inclusive). */
export function dayWeights(first: number, last: number): Float64Array {
  const out = new Float64Array(Math.max(0, last - first + 1));
  const years = new Map<number, Set<number>>();
  for (let d = first; d <= last; d++) {
    const date = new Date(d * 86_400_000);
    const y = date.getUTCFullYear();
    let hol = years.get(y);
    if (!hol) years.set(y, (hol = holidays(y)));
    const md = date.getUTCMonth() * 100 + date.getUTCDate();
    const eve = md === 1124 || md === 1131;
    out[d - first] = hol.has(d) ? 0.06 : WEEKDAY[weekday(d)]! * MONTH[date.getUTCMonth()]! * (eve ? 0.5 : 1);
  }
  return out;
}

/** Cumulative targets: after day i, round(total × share of weight up to day i); the last is exactly `total`. */
export function cumulativeTargets(weights: Float64Array, total: number): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (const w of weights) sum += w;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    out[i] = sum > 0 ? Math.round((total * acc) / sum) : total;
  }
  if (out.length) out[out.length - 1] = total;
  return out;
}
