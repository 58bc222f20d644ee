import type { DuckDBConnection } from '@duckdb/node-api';
import { CODE_LISTS, DETAIL_LEVELS, type Bilingual } from '../catalogue.js';
import type { Approved } from './columns.js';

/**
 * The codebook delivered with an extract (codebook.json): for every file and column, the variable's
 * description in both languages, its type, level of detail, code list, and counts over the delivered
 * rows (rows, missing, distinct values, and the frequency of each value where there are few).
 */

export const CODEBOOK = 'codebook.json';
/** Columns with at most this many distinct values get a frequency table. */
const FREQUENCY_LIMIT = 60;

export interface CodebookColumn {
  name: string;
  description: Bilingual;
  type: string;
  level: string;
  levelDescription: Bilingual;
  codeList: { oid: string; name: string; nameEn: string } | null;
  fixedValues?: readonly { code: string; nb: string; en: string }[];
  sensitivity: string;
  counts: { rows: number; missing: number; distinct: number };
  frequencies?: { value: string | null; n: number; label?: string }[];
}

export interface CodebookFile {
  unit: string;
  files: string[];
  rows: number;
  columns: CodebookColumn[];
}

/** The type a column has at its level (a date released as a month is text `YYYY-MM`). */
function typeAtLevel(a: Approved): string {
  const { variable: v, level } = a;
  if (level === 'month' || level === 'quarter' || level === 'age-band-5') return 'text';
  if (level === 'year') return 'integer';
  if (level === 'code-chapter' || level === 'code-category' || level === 'county') return 'code';
  return v.type === 'text-list' ? 'text (values separated by |)' : v.type;
}

/** The code list a column's values come from at its level (a municipality released as a county is 3403). */
function codeListAtLevel(a: Approved): string | null {
  if (a.level === 'county') return '3403';
  if (a.level === 'code-chapter' || a.level === 'code-category') return null;
  return a.variable.codeList;
}

/** Counts for the columns of one delivered table (`table`, a temporary table of the rows written). */
export async function describeTable(conn: DuckDBConnection, table: string, unit: string, files: string[], columns: readonly Approved[]): Promise<CodebookFile> {
  const rows = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRowsJS()[0]![0]);
  const out: CodebookColumn[] = [];
  for (const a of columns) {
    const v = a.variable;
    const col = v.name;
    const [missing, distinct] = (await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE ${col} IS NULL), count(DISTINCT ${col}) FROM ${table}`)).getRowsJS()[0]! as [bigint, bigint];
    const oid = codeListAtLevel(a);
    const list = oid === null ? null : (CODE_LISTS as Record<string, { name: string; nameEn: string } | undefined>)[oid];
    const column: CodebookColumn = {
      name: col,
      description: v.description,
      type: typeAtLevel(a),
      level: a.level,
      levelDescription: DETAIL_LEVELS[a.level],
      codeList: oid !== null && list ? { oid, name: list.name, nameEn: list.nameEn } : null,
      ...(v.noCodeList?.values ? { fixedValues: v.noCodeList.values } : {}),
      sensitivity: v.sensitivity,
      counts: { rows, missing: Number(missing), distinct: Number(distinct) },
    };
    const projectNumber = v.source.kind === 'derived' && v.source.rule === 'project-lopenr';
    if (!projectNumber && Number(distinct) <= FREQUENCY_LIMIT) {
      const labelled = oid !== null;
      const freq = (await conn.runAndReadAll(
        `SELECT t.v, t.n${labelled ? ', (SELECT any_value(c.display ORDER BY c.effective_to DESC NULLS FIRST) FROM code c WHERE c.oid = $oid::VARCHAR AND c.code = t.v)' : ''}
         FROM (SELECT ${col}::VARCHAR AS v, count(*) AS n FROM ${table} GROUP BY ALL) t ORDER BY t.v NULLS LAST`,
        labelled ? { oid } : {},
      )).getRowsJS() as [string | null, bigint, string | null | undefined][];
      column.frequencies = freq.map(([value, n, label]) => ({ value, n: Number(n), ...(label ? { label } : {}) }));
    }
    out.push(column);
  }
  return { unit, files, rows, columns: out };
}
