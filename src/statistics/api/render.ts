/**
 * The responses of the open API (FHI Statistikk Open API shapes; see docs/formats/open-api.md):
 * the data (JSON-stat 2.0, csv2, csv3) and the JSON of the descriptive endpoints.
 */
import { LmrError, issue } from '../../shared/outcome.js';
import { MEASURE_TYPE, text } from './table.js';
import type { CategoryDefinition, Language, SourceDefinition, TableDefinition } from './table.js';
import type { DataRequest, Selection } from './request.js';

/**
 * One cell's value: a published number, `null` (no value and no flag), or a value that is not
 * shown, with the flag symbol that stands in its place.
 */
export type CellValue = number | null | { flag: string };

/**
 * Returns the value of one cell. `codes` holds one category code per dimension of the selection,
 * in `selection.dimensions` order; `index` is the cell's position in the JSON-stat value array.
 */
export type CellLookup = (codes: readonly string[], index: number) => CellValue;

export interface RenderOptions {
  lang?: Language;
  /** ISO 8601; JSON-stat `updated`. */
  updated?: string;
  /** JSON-stat `source`. */
  source?: string;
  /** Extra members for JSON-stat `extension` (merged with the flag legend). */
  extension?: Record<string, unknown>;
}

/** Visits every cell of the selection in JSON-stat order (row-major, last dimension fastest). */
export function* cells(selection: Selection): Generator<{ codes: string[]; index: number }> {
  const dims = selection.dimensions;
  if (selection.cellCount === 0) return;
  const at = dims.map(() => 0);
  for (let index = 0; index < selection.cellCount; index++) {
    yield { codes: dims.map((d, k) => d.categories[at[k]!]!.code), index };
    for (let k = dims.length - 1; k >= 0; k--) {
      at[k]!++;
      if (at[k]! < selection.size[k]!) break;
      at[k] = 0;
    }
  }
}

function checked(v: CellValue, knownFlags: ReadonlySet<string>): CellValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v !== null && !knownFlags.has(v.flag)) {
    // A flag the table does not explain is a build error, never something to publish silently.
    throw new LmrError(issue('exception', 'a cell carries a flag that the table does not define'));
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// JSON-stat 2.0

export interface JsonStatCategory {
  index: string[];
  label: Record<string, string>;
  /** Children of a category among the selected ones (hierarchies). */
  child?: Record<string, string[]>;
}

export interface JsonStatDimension {
  label: string;
  category: JsonStatCategory;
}

export interface JsonStatDataset {
  version: '2.0';
  class: 'dataset';
  label: string;
  source?: string;
  updated?: string;
  id: string[];
  size: number[];
  role?: { time?: string[]; geo?: string[]; metric?: string[] };
  dimension: Record<string, JsonStatDimension>;
  value: (number | null)[];
  /** Flag symbols of the cells that are not shown, by cell index. */
  status?: Record<string, string>;
  extension?: Record<string, unknown>;
}

export function renderJsonStat(selection: Selection, lookup: CellLookup, options: RenderOptions = {}): JsonStatDataset {
  const lang = options.lang ?? 'nb';
  const table = selection.table;
  const knownFlags = new Set(table.flags.map((f) => f.symbol));
  const dimension: Record<string, JsonStatDimension> = {};
  const role: NonNullable<JsonStatDataset['role']> = {};
  for (const d of selection.dimensions) {
    const label: Record<string, string> = {};
    for (const c of d.categories) label[c.code] = text(c.label, lang);
    const category: JsonStatCategory = { index: d.categories.map((c) => c.code), label };
    const child = childrenAmong(d.categories);
    if (child !== undefined) category.child = child;
    dimension[d.definition.code] = { label: text(d.definition.label, lang), category };
    const r = d.definition.code === MEASURE_TYPE ? 'metric' : d.definition.role;
    if (r !== undefined) (role[r] ??= []).push(d.definition.code);
  }

  const value: (number | null)[] = new Array<number | null>(selection.cellCount);
  const status: Record<string, string> = {};
  const usedFlags = new Set<string>();
  for (const { codes, index } of cells(selection)) {
    const v = checked(lookup(codes, index), knownFlags);
    if (v === null || typeof v === 'number') value[index] = v;
    else {
      value[index] = null;
      status[String(index)] = v.flag;
      usedFlags.add(v.flag);
    }
  }

  const flags = table.flags.filter((f) => usedFlags.has(f.symbol)).map((f) => ({ symbol: f.symbol, label: text(f.label, lang) }));
  const extension: Record<string, unknown> = { tableId: table.id, ...(flags.length > 0 ? { flags } : {}), ...options.extension };
  const dataset: JsonStatDataset = {
    version: '2.0',
    class: 'dataset',
    label: text(table.title, lang),
    ...(options.source !== undefined ? { source: options.source } : {}),
    ...(options.updated !== undefined ? { updated: options.updated } : {}),
    id: selection.dimensions.map((d) => d.definition.code),
    size: [...selection.size],
    ...(Object.keys(role).length > 0 ? { role } : {}),
    dimension,
    value,
    ...(usedFlags.size > 0 ? { status } : {}),
    extension,
  };
  return dataset;
}

function childrenAmong(categories: readonly CategoryDefinition[]): Record<string, string[]> | undefined {
  const selected = new Set(categories.map((c) => c.code));
  const child: Record<string, string[]> = {};
  for (const c of categories) {
    if (c.parent !== undefined && selected.has(c.parent)) (child[c.parent] ??= []).push(c.code);
  }
  return Object.keys(child).length > 0 ? child : undefined;
}

// ---------------------------------------------------------------------------------------------
// csv2 (labels, `;`) and csv3 (codes, `,`)

/** The last column: the flag symbol(s) of the row's cells that are not shown. */
export const FLAG_COLUMN = 'flag';

function csvField(s: string, delimiter: string, quoteAll: boolean): string {
  if (quoteAll || s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim()) {
    return `"${s.replaceAll('"', '""')}"`;
  }
  return s;
}

/**
 * One row per combination of the non-measure categories, one column per dimension (in table order),
 * then one column per selected measure, then `flag`. A cell that is not shown has its flag symbol in
 * its measure column and in `flag`. With one measure selected this is one row per cell, as FHI's.
 * csv2: labels, `;`, quoted when needed. csv3: codes, `,`, every field quoted. CRLF line ends.
 */
export function renderCsv(selection: Selection, lookup: CellLookup, format: 'csv2' | 'csv3', options: RenderOptions = {}): string {
  const lang = options.lang ?? 'nb';
  const byLabel = format === 'csv2';
  const delimiter = byLabel ? ';' : ',';
  const quoteAll = !byLabel;
  const knownFlags = new Set(selection.table.flags.map((f) => f.symbol));
  const dims = selection.dimensions;
  const m = dims.findIndex((d) => d.definition.code === MEASURE_TYPE);
  if (m < 0) throw new LmrError(issue('exception', `the table has no ${MEASURE_TYPE} dimension`));
  const measures = dims[m]!.categories;
  const others = dims.filter((_, k) => k !== m);

  const line = (fields: string[]): string => fields.map((f) => csvField(f, delimiter, quoteAll)).join(delimiter);
  const name = (code: string, label: string): string => (byLabel ? label : code);
  const out: string[] = [
    line([
      ...others.map((d) => name(d.definition.code, text(d.definition.label, lang))),
      ...measures.map((c) => name(c.code, text(c.label, lang))),
      FLAG_COLUMN,
    ]),
  ];
  if (selection.cellCount === 0) return out.join('\r\n') + '\r\n';

  // Cells arrive in JSON-stat order; a row's first cell fixes its place, which is the row-major
  // order of the other dimensions whatever the position of MEASURE_TYPE.
  const labelOf = dims.map((d) => new Map(d.categories.map((c) => [c.code, byLabel ? text(c.label, lang) : c.code])));
  const measureAt = new Map(measures.map((c, k) => [c.code, k]));
  const rows = new Map<string, { row: string[]; values: string[]; flags: string[] }>();
  for (const { codes, index } of cells(selection)) {
    const v = checked(lookup(codes, index), knownFlags);
    const key = codes.filter((_, k) => k !== m).join('\u0000');
    let r = rows.get(key);
    if (r === undefined) {
      r = { row: codes.flatMap((c, k) => (k === m ? [] : [labelOf[k]!.get(c)!])), values: new Array<string>(measures.length).fill(''), flags: [] };
      rows.set(key, r);
    }
    r.values[measureAt.get(codes[m]!)!] = v === null ? '' : typeof v === 'number' ? String(v) : v.flag;
    if (v !== null && typeof v === 'object' && !r.flags.includes(v.flag)) r.flags.push(v.flag);
  }
  for (const r of rows.values()) out.push(line([...r.row, ...r.values, r.flags.join(' ')]));
  return out.join('\r\n') + '\r\n';
}

export interface RenderedData {
  contentType: string;
  body: string;
}

/** Renders the data response in the format the request asked for. */
export function renderData(selection: Selection, lookup: CellLookup, options: RenderOptions = {}): RenderedData {
  switch (selection.format) {
    case 'json-stat2':
      return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(renderJsonStat(selection, lookup, options)) };
    case 'csv2':
    case 'csv3':
      return { contentType: 'text/csv; charset=utf-8', body: renderCsv(selection, lookup, selection.format, options) };
  }
}

// ---------------------------------------------------------------------------------------------
// The descriptive endpoints

/** `GET Common/source` */
export interface SourceInfo {
  id: string;
  title: string;
  description: string;
  aboutUrl: string | null;
}

export function renderSources(sources: readonly SourceDefinition[], lang: Language = 'nb'): SourceInfo[] {
  return sources.map((s) => ({ id: s.id, title: text(s.title, lang), description: text(s.description, lang), aboutUrl: s.aboutUrl ?? null }));
}

/** `GET {sourceId}/table` (a list) and `GET {sourceId}/table/{tableId}` (one). */
export interface TableInfo {
  tableId: number;
  title: string;
  publishedAt: string | null;
  modifiedAt: string | null;
}

export function renderTable(table: TableDefinition, lang: Language = 'nb'): TableInfo {
  return { tableId: table.id, title: text(table.title, lang), publishedAt: table.publishedAt ?? null, modifiedAt: table.modifiedAt ?? null };
}

/** Parses the `modifiedAfter` query parameter (an ISO 8601 date or date-time; UTC if no zone). */
export function parseModifiedAfter(raw: string | undefined): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
  if (!iso.test(raw)) {
    throw new LmrError(issue('value', 'modifiedAfter must be an ISO 8601 date or date-time, e.g. 2024-06-14', { path: 'modifiedAfter' }));
  }
  const hasZone = /(?:Z|[+-]\d{2}:\d{2})$/.test(raw) && raw.length > 10;
  const d = new Date(raw.length === 10 ? `${raw}T00:00:00Z` : hasZone ? raw.replace(' ', 'T') : `${raw.replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) throw new LmrError(issue('value', 'modifiedAfter is not a valid date', { path: 'modifiedAfter' }));
  return d;
}

/** The tables modified (or, lacking that, published) strictly after `modifiedAfter`, if given. */
export function renderTableList(tables: readonly TableDefinition[], modifiedAfter?: string, lang: Language = 'nb'): TableInfo[] {
  const after = parseModifiedAfter(modifiedAfter);
  return tables
    .filter((t) => {
      if (after === undefined) return true;
      const stamp = t.modifiedAt ?? t.publishedAt;
      return stamp !== undefined && new Date(stamp).getTime() > after.getTime();
    })
    .map((t) => renderTable(t, lang));
}

/** `GET .../query`: a ready-to-POST data request for the whole table. */
export function renderQuery(table: TableDefinition): DataRequest {
  const dimensions = table.dimensions.map((d) => ({ code: d.code, filter: 'item' as const, values: d.categories.map((c) => c.code) }));
  const cellCount = table.dimensions.reduce((n, d) => n * d.categories.length, 1);
  return { dimensions, response: { format: 'json-stat2', maxRowCount: cellCount } };
}

/** `GET .../dimension` */
export interface DimensionCategoryInfo {
  value: string;
  label: string;
  children: DimensionCategoryInfo[] | null;
}

export interface DimensionsInfo {
  dimensions: { code: string; label: string; categories: DimensionCategoryInfo[] }[];
}

export function renderDimensions(table: TableDefinition, lang: Language = 'nb'): DimensionsInfo {
  return {
    dimensions: table.dimensions.map((d) => {
      const kids = new Map<string, CategoryDefinition[]>();
      for (const c of d.categories) if (c.parent !== undefined) kids.set(c.parent, [...(kids.get(c.parent) ?? []), c]);
      const node = (c: CategoryDefinition): DimensionCategoryInfo => {
        const k = kids.get(c.code);
        return { value: c.code, label: text(c.label, lang), children: k === undefined ? null : k.map(node) };
      };
      return { code: d.code, label: text(d.label, lang), categories: d.categories.filter((c) => c.parent === undefined).map(node) };
    }),
  };
}

/** `GET .../flag`: `title` is the symbol shown in the data, `text` explains it. */
export interface FlagInfo {
  title: string;
  text: string;
}

export function renderFlags(table: TableDefinition, lang: Language = 'nb'): FlagInfo[] {
  return table.flags.map((f) => ({ title: f.symbol, text: text(f.label, lang) }));
}

/** `GET .../metadata`: the editorial sections, then one section per dimension listing its categories. */
export interface MetadataInfo {
  name: string;
  paragraphs: { header: string; content: string }[];
}

export function renderMetadata(table: TableDefinition, lang: Language = 'nb'): MetadataInfo {
  return {
    name: text(table.title, lang),
    paragraphs: [
      ...(table.metadata ?? []).map((s) => ({ header: text(s.header, lang), content: text(s.content, lang) })),
      ...table.dimensions.map((d) => ({
        header: text(d.label, lang),
        content: d.categories.map((c) => `${c.code}: ${text(c.label, lang)}`).join('\n'),
      })),
    ],
  };
}
