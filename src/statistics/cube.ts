/**
 * The statistics cube: the contract between the build (from the dispensing store), disclosure control
 * and the open API. One DuckDB table, `cell`, in the statistics store (data/statistics/statistics.duckdb):
 *
 *   release     VARCHAR  'preliminary', or the name of a final release
 *   year        INTEGER
 *   atc         VARCHAR  an ATC code at level 1–5 ('N', 'N02', 'N02A', 'N02AA', 'N02AA01')
 *   atc_level   INTEGER  1–5
 *   sex         VARCHAR  '0' both, '1' male, '2' female
 *   age         VARCHAR  'ALL', or a 5-year group '00-04' … '85-89', '90+'
 *   county      VARCHAR  '00' the whole country, a current county code ('03', '11', … '56'), '99' unknown
 *   users       BIGINT   persons with at least one dispensing in the cell
 *   dispensings BIGINT
 *   ddd         DOUBLE
 *   cost        DOUBLE   AUP, NOK
 *   population  BIGINT   residents on 1 January of the year in (sex, age, county); null for county '99'
 *   suppressed  BOOLEAN  not published (all measures of the cell)
 *   reason      VARCHAR  'primary' (1–4 persons), 'secondary' (protects a primary cell), null
 *
 * Only cells with at least one dispensing are stored; an absent cell is a published 0.
 *
 * Additive structure (exact for dispensings, DDD and cost; users are not additive across ATC, age and
 * county, because one person can use two drugs, have a birthday or move within a year):
 *   sex:    '0'   = '1' + '2'
 *   age:    'ALL' = Σ age groups
 *   county: '00'  = Σ counties, '99' included
 *   atc:    a code at level k = Σ its children at level k + 1 (level 1 has no parent)
 */

export const SEXES = ['0', '1', '2'] as const;
export const SEX_TOTAL = '0';
export const AGE_TOTAL = 'ALL';
export const AGE_GROUPS: readonly string[] = [
  ...Array.from({ length: 18 }, (_, i) => `${String(i * 5).padStart(2, '0')}-${String(i * 5 + 4).padStart(2, '0')}`),
  '90+',
];
export const COUNTRY = '00';
export const UNKNOWN_COUNTY = '99';
/** A cell resting on fewer persons than this (and more than 0) is never published. */
export const MIN_PERSONS = 5;

/** The additive dimensions of the cube: the total category of each, and how a member finds its parent. */
export const HIERARCHIES = [
  { dimension: 'sex', total: SEX_TOTAL },
  { dimension: 'age', total: AGE_TOTAL },
  { dimension: 'county', total: COUNTRY },
  { dimension: 'atc', total: null },
] as const;

export const CELL_TABLE = `
CREATE TABLE IF NOT EXISTS cell (
  release VARCHAR NOT NULL, year INTEGER NOT NULL, atc VARCHAR NOT NULL, atc_level INTEGER NOT NULL,
  sex VARCHAR NOT NULL, age VARCHAR NOT NULL, county VARCHAR NOT NULL,
  users BIGINT NOT NULL, dispensings BIGINT NOT NULL, ddd DOUBLE, cost DOUBLE, population BIGINT,
  suppressed BOOLEAN NOT NULL DEFAULT false, reason VARCHAR
)`;
