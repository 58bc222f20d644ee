import { syntheticNumber } from '../../identity/index.js';
import { isoOfDay, toDay } from './dates.js';

export type Sex = 'male' | 'female';
export type IdKind = 'fnr' | 'dnumber';

const FIRST_DAY = toDay('1854-01-01');
const LAST_DAY = toDay('2039-12-31');

/**
 * Hands out distinct synthetic identity numbers: one counter per (birth date, sex, kind), kept in a
 * typed array over every date the numbers can encode (about 68,000 dates × 4 counters), so memory is
 * fixed and does not grow with the population.
 */
export class IdentityAllocator {
  private readonly used = new Uint16Array((LAST_DAY - FIRST_DAY + 1) * 4);

  /** The next unused number for the date, or null when the date has none left (or cannot be encoded). */
  next(birthDay: number, sex: Sex, kind: IdKind): string | null {
    if (birthDay < FIRST_DAY || birthDay > LAST_DAY) return null;
    const slot = (birthDay - FIRST_DAY) * 4 + (sex === 'male' ? 2 : 0) + (kind === 'fnr' ? 1 : 0);
    const ordinal = this.used[slot]!;
    const number = syntheticNumber(isoOfDay(birthDay), sex, ordinal, kind);
    if (number !== null) this.used[slot] = ordinal + 1;
    return number;
  }
}
