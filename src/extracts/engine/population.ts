import { sqlString } from '../../shared/duckdb.js';
import type { Application } from '../application.js';

/**
 * Which dispensings an extract reads, and which persons it is about. Set-based: each is one SQL
 * relation over the dispensing store, read through the data state the project was approved for.
 */

/** The data an extract reads: everything received so far, or a final release's cut-off. */
export interface DataState {
  /** `preliminary` or `final:<release>` */
  label: string;
  final: boolean;
  release?: string;
  /** The last `received_at` the extract sees (ISO, microseconds); null for an empty store. */
  asOf: string | null;
}

export interface Range {
  from: string;
  to: string;
}

/**
 * The dispensings as the data state has them, over keys that have a version dated within `range`.
 * Preliminary: the current versions. Final: for each key, the latest version received up to the
 * release's cut-off (so data received later, corrections included, never change a final extract).
 */
export function sourceRelation(state: DataState, range: Range): { sql: string; params: Record<string, string> } {
  if (!state.final) return { sql: 'dispensing.current_dispensing', params: {} };
  return {
    sql: `(SELECT * EXCLUDE (current, x_rn) FROM (
    SELECT *, row_number() OVER (PARTITION BY key_hash, pharmacy, ref ORDER BY version DESC) AS x_rn
    FROM dispensing.dispensing
    WHERE received_at <= $asof::TIMESTAMP AND key_hash IN (
      SELECT key_hash FROM dispensing.dispensing
      WHERE received_at <= $asof::TIMESTAMP AND dispensed_on BETWEEN $lo::DATE AND $hi::DATE)
  ) WHERE x_rn = 1 AND NOT cancelled)`,
    params: { asof: state.asOf ?? '1970-01-01', lo: range.from, hi: range.to },
  };
}

/** `N02A*` → a prefix match; `N02AA01` → an exact one. */
export function atcMatch(patterns: readonly string[], column = 'd.atc'): string {
  return `(${patterns.map((p) => (p.endsWith('*') ? `starts_with(${column}, ${sqlString(p.slice(0, -1))})` : `${column} = ${sqlString(p)}`)).join(' OR ')})`;
}

const inList = (values: readonly string[]): string => `(${values.map(sqlString).join(', ')})`;

/**
 * The condition a dispensing must meet for its patient to be in the population: a human patient with
 * an internal id, dispensed within the period (else the time window), and every criterion given.
 * County criteria use the residence on the dispensing date, in today's county structure (`x_county`).
 */
export function criteriaCondition(population: Application['population'], window: Range): string {
  const period = population.period ?? window;
  const parts = [
    'd.patient_id IS NOT NULL',
    'NOT d.animal',
    `d.dispensed_on BETWEEN DATE ${sqlString(period.from)} AND DATE ${sqlString(period.to)}`,
  ];
  if (population.atc) parts.push(atcMatch(population.atc));
  if (population.age?.min !== undefined) parts.push(`d.patient_age >= ${String(population.age.min)}`);
  if (population.age?.max !== undefined) parts.push(`d.patient_age <= ${String(population.age.max)}`);
  if (population.sex) parts.push(`d.patient_sex IN ${inList(population.sex)}`);
  if (population.county) parts.push(`(SELECT c.county FROM x_county c WHERE c.code = d.patient_municipality) IN ${inList(population.county)}`);
  if (population.prescriberProfession) parts.push(`d.prescriber_profession IN ${inList(population.prescriberProfession)}`);
  return parts.join('\n    AND ');
}

/** The span that covers both the selection period and the time window (keys read for a final release). */
export function span(population: Application['population'], window: Range): Range {
  const p = population.period ?? window;
  return { from: p.from < window.from ? p.from : window.from, to: p.to > window.to ? p.to : window.to };
}
