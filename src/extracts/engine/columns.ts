import { LmrError, issue } from '../../shared/outcome.js';
import { VARIABLES, variableByName, type ColumnRef, type DetailLevel, type Variable } from '../catalogue.js';

/**
 * The SQL of each approved variable at its approved level, generated from the catalogue's sources
 * (rules as data): a column of the row, a reference look-up by internal key, or a derivation.
 *
 * Expressions read one row `d` of an extract relation (the delivered dispensings, or the latest of a
 * person's or prescriber's dispensings) that carries, besides the dispensing store's columns:
 *   x_pl    the patient's project number      x_dl  the dispensing's project number
 *   x_shift the patient's date shift (days)
 * and may join `x_prl` (prescriber project numbers), `x_county` (municipality → current county) and the
 * reference tables person, prescriber, pharmacy, product. The joins a variable needs are collected, so a
 * file joins only what its columns read.
 */

export interface Approved {
  variable: Variable;
  level: DetailLevel;
}

/** The join each look-up table needs, by its alias. */
const LOOKUP_JOINS: Readonly<Record<string, { alias: string; join: string }>> = {
  person: { alias: 'per', join: 'LEFT JOIN person per ON per.person_id = d.patient_id' },
  prescriber: { alias: 'prs', join: 'LEFT JOIN prescriber prs ON prs.prescriber_id = d.prescriber_id' },
  pharmacy: { alias: 'ph', join: 'LEFT JOIN pharmacy ph ON ph.konsesjonsnr = d.pharmacy' },
  product: { alias: 'pr', join: 'LEFT JOIN product pr ON pr.varenr = d.varenr' },
};
const PRESCRIBER_NUMBER_JOIN = 'LEFT JOIN x_prl prl ON prl.prescriber_id = d.prescriber_id';

/** ICD-10 chapters (WHO), as ranges of three-character categories. */
export const ICD10_CHAPTERS: readonly (readonly [string, string, string])[] = [
  ['I', 'A00', 'B99'], ['II', 'C00', 'D48'], ['III', 'D50', 'D89'], ['IV', 'E00', 'E90'], ['V', 'F00', 'F99'],
  ['VI', 'G00', 'G99'], ['VII', 'H00', 'H59'], ['VIII', 'H60', 'H95'], ['IX', 'I00', 'I99'], ['X', 'J00', 'J99'],
  ['XI', 'K00', 'K93'], ['XII', 'L00', 'L99'], ['XIII', 'M00', 'M99'], ['XIV', 'N00', 'N99'], ['XV', 'O00', 'O99'],
  ['XVI', 'P00', 'P96'], ['XVII', 'Q00', 'Q99'], ['XVIII', 'R00', 'R99'], ['XIX', 'S00', 'T98'], ['XX', 'V01', 'Y98'],
  ['XXI', 'Z00', 'Z99'], ['XXII', 'U00', 'U99'],
];

const icd10Chapter = (x: string): string =>
  `CASE ${ICD10_CHAPTERS.map(([ch, from, to]) => `WHEN upper(left(${x}, 3)) BETWEEN '${from}' AND '${to}' THEN '${ch}'`).join(' ')} END`;
/** ICPC-2 chapters are the code's first letter (A, B, D, …, Z). */
const icpc2Chapter = (x: string): string => `upper(left(${x}, 1))`;

/** The code list of the variable whose source is this dispensing column (for code-list-of). */
function codeListOfColumn(col: ColumnRef): string {
  const owner = VARIABLES.find((v) => v.source.kind === 'column' && v.source.column.column === col.column && v.codeList !== null);
  if (!owner?.codeList) throw new LmrError(issue('exception', `no code list is known for column ${col.column}`));
  return owner.codeList;
}

/** The SQL of a variable's value before its level is applied; dates already shifted. */
function base(v: Variable, joins: Set<string>): string {
  const src = v.source;
  const shifted = (sql: string): string => (v.type === 'date' ? `(${sql} + d.x_shift)` : sql);
  switch (src.kind) {
    case 'column':
      return shifted(`d.${src.column.column}`);
    case 'lookup': {
      const lookup = LOOKUP_JOINS[src.column.table];
      if (!lookup) throw new LmrError(issue('exception', `no join is defined for reference table ${src.column.table}`));
      joins.add(lookup.join);
      return shifted(`${lookup.alias}.${src.column.column}`);
    }
    case 'derived': {
      const inputs = src.inputs.map((c) => `d.${c.column}`);
      switch (src.rule) {
        case 'project-lopenr': {
          const cols = src.inputs.map((c) => c.column).join(',');
          if (cols === 'patient_id') return 'd.x_pl';
          if (cols === 'pharmacy,ref') return 'd.x_dl';
          if (cols === 'prescriber_id') {
            joins.add(PRESCRIBER_NUMBER_JOIN);
            return 'prl.lopenr';
          }
          throw new LmrError(issue('exception', `no project numbers are defined for ${cols}`));
        }
        case 'year-of':
          return `year(${inputs[0]!} + d.x_shift)`;
        case 'county-of-municipality': {
          const of = src.of === undefined ? undefined : variableByName(src.of);
          if (!of) throw new LmrError(issue('exception', `${v.name} derives from an unknown variable`));
          return `(SELECT c.county FROM x_county c WHERE c.code = ${base(of, joins)})`;
        }
        case 'atc-level':
          return `left(${inputs[0]!}, ${String(src.parameter ?? 7)})`;
        case 'first-non-null':
          return `coalesce(${inputs.join(', ')})`;
        case 'code-list-of':
          return `CASE ${src.inputs.map((c, i) => `WHEN ${inputs[i]!} IS NOT NULL THEN '${codeListOfColumn(c)}'`).join(' ')} END`;
      }
    }
  }
}

/** The variable's value at the approved level. */
function atLevel(v: Variable, level: DetailLevel, x: string, options: ColumnOptions): string {
  switch (level) {
    case 'exact':
      return v.type === 'text-list' ? `nullif(array_to_string(${x}, '|'), '')` : x;
    case 'municipality':
      return options.currentMunicipalities ? `coalesce((SELECT c.current FROM x_county c WHERE c.code = ${x}), ${x})` : x;
    case 'date':
    case 'code':
      return x;
    case 'month':
      return `strftime(${x}, '%Y-%m')`;
    case 'quarter':
      return `year(${x})::VARCHAR || '-Q' || quarter(${x})::VARCHAR`;
    case 'year':
      return v.type === 'integer' ? x : `year(${x})`;
    case 'age-band-5':
      return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} >= 90 THEN '90+' ELSE lpad(((${x} // 5) * 5)::VARCHAR, 2, '0') || '-' || lpad(((${x} // 5) * 5 + 4)::VARCHAR, 2, '0') END`;
    case 'county':
      return v.codeList === '3403' ? x : `(SELECT c.county FROM x_county c WHERE c.code = ${x})`;
    case 'code-category':
      return `upper(left(${x}, 3))`;
    case 'code-chapter': {
      if (v.codeList === '7110') return icd10Chapter(x);
      if (v.codeList === '7170') return icpc2Chapter(x);
      // A code of either list (refusjon_kode): the chapter in the list the code came from.
      return `CASE WHEN d.icd10 IS NOT NULL THEN ${icd10Chapter(x)} ELSE ${icpc2Chapter(x)} END`;
    }
  }
}

export interface ColumnOptions {
  /**
   * Municipalities in today's codes (`x_county.current`): with shifted dates, a code valid on the true date
   * would tell when it was, since codes change on known days.
   */
  currentMunicipalities?: boolean;
}

/** The select list and joins of a file's columns, in the given order. */
export function selectColumns(columns: readonly Approved[], options: ColumnOptions = {}): { select: string; joins: string } {
  const joins = new Set<string>();
  const select = columns.map(({ variable, level }) => {
    return `${atLevel(variable, level, base(variable, joins), options)} AS ${variable.name}`;
  });
  return { select: select.join(',\n  '), joins: [...joins].join('\n') };
}
