/**
 * Calendar days as integers (days since 1970-01-01, UTC), so the generator can do date arithmetic
 * without Date objects in its inner loop. ISO strings are formatted once per day and cached.
 */

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a `YYYY-MM-DD` date. */
export function toDay(iso: string): number {
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${iso}`);
  return Math.round(ms / MS_PER_DAY);
}

/** The first day the ISO cache covers (1850-01-01) and its size (to 2100). */
const CACHE_FROM = toDay('1850-01-01');
const CACHE_SIZE = toDay('2100-12-31') - CACHE_FROM + 1;
let cache: string[] | undefined;

/** `YYYY-MM-DD` of a day number. */
export function isoOfDay(day: number): string {
  const i = day - CACHE_FROM;
  if (i >= 0 && i < CACHE_SIZE) {
    cache ??= new Array<string>(CACHE_SIZE);
    return (cache[i] ??= new Date(day * MS_PER_DAY).toISOString().slice(0, 10));
  }
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The same calendar day `years` years later (29 February becomes 28 February in a common year). */
export function addYears(day: number, years: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear() + years;
  const m = d.getUTCMonth();
  const dd = Math.min(d.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate());
  return Math.round(Date.UTC(y, m, dd) / MS_PER_DAY);
}

/** The calendar year of a day number. */
export function yearOfDay(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Whole years between a birth day and a later day (age on that day). */
export function ageOn(birthDay: number, day: number): number {
  const b = new Date(birthDay * MS_PER_DAY);
  const d = new Date(day * MS_PER_DAY);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (d.getUTCMonth() < b.getUTCMonth() || (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

export const DAYS_PER_YEAR = 365.2425;
