/** The structure of ATC codes (WHO): five levels, told apart by their shape. Rules as data. */

/** ATC code shape per level (1–5). */
export const ATC_CODE_PATTERNS: Readonly<Record<1 | 2 | 3 | 4 | 5, RegExp>> = {
  1: /^[A-Z]$/,
  2: /^[A-Z]\d{2}$/,
  3: /^[A-Z]\d{2}[A-Z]$/,
  4: /^[A-Z]\d{2}[A-Z]{2}$/,
  5: /^[A-Z]\d{2}[A-Z]{2}\d{2}$/,
};

/** Level of an ATC code by its shape, or null when it is not a valid code. */
export function atcLevel(code: string): 1 | 2 | 3 | 4 | 5 | null {
  for (const level of [1, 2, 3, 4, 5] as const) if (ATC_CODE_PATTERNS[level].test(code)) return level;
  return null;
}

const PREFIX_LENGTHS = [1, 3, 4, 5] as const;

/** The codes above a code, from level 1 down to its direct parent. */
export function atcAncestors(code: string): string[] {
  return PREFIX_LENGTHS.filter((n) => n < code.length).map((n) => code.slice(0, n));
}

/** The direct parent of an ATC code, or undefined for a main group. */
export function atcParent(code: string): string | undefined {
  const ancestors = atcAncestors(code);
  return ancestors[ancestors.length - 1];
}

