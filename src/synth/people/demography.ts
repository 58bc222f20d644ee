/**
 * The demographic rules of the synthetic nation, as data. Figures are rounded approximations of
 * Norway's (SSB: population by age and sex 1 January 2024, deaths by age 2004–2023, immigrant share
 * about 16 %); they shape the synthetic population and are not statistics about real people.
 */

/** The living population by age band (thousands, both sexes): the age pyramid. */
export const AGE_PYRAMID: readonly { from: number; to: number; weight: number }[] = [
  { from: 0, to: 4, weight: 277 },
  { from: 5, to: 9, weight: 300 },
  { from: 10, to: 14, weight: 322 },
  { from: 15, to: 19, weight: 330 },
  { from: 20, to: 24, weight: 345 },
  { from: 25, to: 29, weight: 372 },
  { from: 30, to: 34, weight: 385 },
  { from: 35, to: 39, weight: 380 },
  { from: 40, to: 44, weight: 366 },
  { from: 45, to: 49, weight: 372 },
  { from: 50, to: 54, weight: 383 },
  { from: 55, to: 59, weight: 365 },
  { from: 60, to: 64, weight: 330 },
  { from: 65, to: 69, weight: 295 },
  { from: 70, to: 74, weight: 276 },
  { from: 75, to: 79, weight: 232 },
  { from: 80, to: 84, weight: 143 },
  { from: 85, to: 89, weight: 76 },
  { from: 90, to: 94, weight: 34 },
  { from: 95, to: 99, weight: 9 },
  { from: 100, to: 104, weight: 1.2 },
];

/** Share of men among the living, by age (the first band whose `upTo` is at least the age). */
export const MALE_SHARE_LIVING: readonly { upTo: number; share: number }[] = [
  { upTo: 59, share: 0.513 },
  { upTo: 69, share: 0.5 },
  { upTo: 79, share: 0.48 },
  { upTo: 89, share: 0.42 },
  { upTo: 200, share: 0.3 },
];

/** Deaths: the register holds those who died in the last `years` years; `share` of all records. */
export const DEATHS = {
  years: 20,
  /** About 41,000 deaths a year against 5.5 million living: 0.82 / (5.5 + 0.82). */
  share: 0.13,
} as const;

/** Age at death (per cent of deaths). */
export const AGE_AT_DEATH: readonly { from: number; to: number; weight: number }[] = [
  { from: 0, to: 0, weight: 0.25 },
  { from: 1, to: 19, weight: 0.5 },
  { from: 20, to: 39, weight: 1.6 },
  { from: 40, to: 59, weight: 7 },
  { from: 60, to: 69, weight: 11 },
  { from: 70, to: 79, weight: 21 },
  { from: 80, to: 89, weight: 34 },
  { from: 90, to: 104, weight: 24.65 },
];

/** Share of men among the deceased, by age at death. */
export const MALE_SHARE_DECEASED: readonly { upTo: number; share: number }[] = [
  { upTo: 79, share: 0.58 },
  { upTo: 89, share: 0.47 },
  { upTo: 200, share: 0.33 },
];

/**
 * Immigrants: a D-number first, an identity number (fnr) later. Probability by age (at the as-of
 * date, or at death; halved for the deceased), about 15 % overall.
 */
export const IMMIGRATION = {
  probabilityByAge: [
    { upTo: 19, share: 0.1 },
    { upTo: 39, share: 0.27 },
    { upTo: 66, share: 0.17 },
    { upTo: 200, share: 0.06 },
  ] as readonly { upTo: number; share: number }[],
  deceasedFactor: 0.5,
  /** Years since arrival are exponential with this mean (capped by age). */
  meanYearsSinceArrival: 11,
  /** No arrivals before this date. */
  earliestArrival: '1965-01-01',
  /** Days from arrival (D-number) to the identity number: min + uniform(range). */
  dNumberDaysMin: 60,
  dNumberDaysRange: 900,
  /** Share of immigrants who keep only a D-number. */
  onlyDNumber: 0.02,
} as const;

/** Moves between municipalities. */
export const MOVES = {
  /** Share of people who never move (beyond reforms). */
  stayers: 0.3,
  /** One move per this many years of residence, on average, for movers. */
  yearsPerMove: 15,
  maxMoves: 4,
  /** Probability that a move stays within the county. */
  sameCounty: 0.55,
  /** No two moves closer than this. */
  minDaysBetween: 30,
} as const;

/** The regular GP scheme (fastlegeordningen) and its lists. */
export const GP_SCHEME = {
  start: '2001-06-01',
  /** Patients per GP the number of GPs is planned for. */
  patientsPerGp: 1100,
  /** A newcomer is listed within this many days of moving in (births: `afterBirthDays`). */
  afterMoveDays: 60,
  afterBirthDays: 14,
  /** Share of residence periods with no GP list at all. */
  unlisted: 0.02,
} as const;
