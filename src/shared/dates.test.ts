import { describe, expect, it } from 'vitest';
import { isIsoDate } from './dates.js';

describe('isIsoDate', () => {
  it('accepts real dates and rejects the rest', () => {
    for (const d of ['2024-02-29', '2000-02-29', '1999-12-31', '0001-01-01']) expect(isIsoDate(d)).toBe(true);
    for (const d of ['1900-02-29', '2023-02-29', '2024-04-31', '2024-13-01', '2024-00-10', '2024-01-00', '2024-1-01', '20240101', '2024-01-01T00', 'abcd-ef-gh', 5, null]) {
      expect(isIsoDate(d)).toBe(false);
    }
  });
  it('agrees with the calendar on every day of 1899–2101', () => {
    for (let t = Date.UTC(1899, 0, 1); t < Date.UTC(2102, 0, 1); t += 86_400_000) expect(isIsoDate(new Date(t).toISOString().slice(0, 10))).toBe(true);
  });
});
