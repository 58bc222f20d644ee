/**
 * The definition of a published statistics table, as the open API (compatible with FHI Statistikk's
 * Open API, see docs/formats/open-api.md) describes it. Pure data: the route layer builds these from
 * the cube (src/statistics/cube.ts) and hands them to the request/response functions of this folder.
 */
import { LmrError, issue } from '../../shared/outcome.js';
import type { Issue } from '../../shared/outcome.js';

/** The dimension that carries the measures; each measure is one of its categories. */
export const MEASURE_TYPE = 'MEASURE_TYPE';

export type Language = 'nb' | 'en';

export interface LocalizedText {
  nb: string;
  en: string;
}

export interface CategoryDefinition {
  code: string;
  label: LocalizedText;
  /** The code of the parent category in the same dimension (hierarchies: ATC, county → country). */
  parent?: string;
}

export interface DimensionDefinition {
  code: string;
  label: LocalizedText;
  /** In publication order: `top`/`bottom` filters and every response follow this order. */
  categories: CategoryDefinition[];
  /** The JSON-stat role of the dimension, if it has one. */
  role?: 'time' | 'geo' | 'metric';
}

export interface FlagDefinition {
  /** The symbol shown in place of a value, e.g. `:` (suppressed) or `..` (not available). */
  symbol: string;
  label: LocalizedText;
}

export interface MetadataSection {
  header: LocalizedText;
  content: LocalizedText;
}

export interface TableDefinition {
  /** FHI's tableId is an integer. */
  id: number;
  title: LocalizedText;
  /** ISO 8601 timestamps. */
  publishedAt?: string;
  modifiedAt?: string;
  /** In response order; must include `MEASURE_TYPE` (FHI puts it last). */
  dimensions: DimensionDefinition[];
  flags: FlagDefinition[];
  /** Editorial sections for `/metadata`; the dimensions are added as sections automatically. */
  metadata?: MetadataSection[];
}

export interface SourceDefinition {
  id: string;
  title: LocalizedText;
  description: LocalizedText;
  aboutUrl?: string;
}

/** Checks a table definition (a programming error if it fails, so the issues are `exception`s). */
export function validateTable(table: TableDefinition): void {
  const issues: Issue[] = [];
  const bad = (path: string, message: string): void => {
    issues.push(issue('exception', message, { path: `table ${table.id}: ${path}` }));
  };
  if (!Number.isInteger(table.id) || table.id < 0) bad('id', 'the table id must be a non-negative integer');
  const dimensionCodes = new Set<string>();
  for (const d of table.dimensions) {
    if (d.code === '' || dimensionCodes.has(d.code)) bad(`dimension ${d.code}`, 'dimension codes must be unique and non-empty');
    dimensionCodes.add(d.code);
    if (d.categories.length === 0) bad(`dimension ${d.code}`, 'a dimension needs at least one category');
    const codes = new Set<string>();
    for (const c of d.categories) {
      if (c.code === '' || codes.has(c.code)) bad(`dimension ${d.code}`, `category code '${c.code}' is empty or repeated`);
      codes.add(c.code);
    }
    const parentOf = new Map(d.categories.map((c) => [c.code, c.parent]));
    for (const c of d.categories) {
      if (c.parent === undefined) continue;
      if (!codes.has(c.parent)) bad(`dimension ${d.code}`, `category '${c.code}' has an unknown parent '${c.parent}'`);
      // Walk up: a cycle never reaches a root.
      const seen = new Set<string>([c.code]);
      for (let p: string | undefined = c.parent; p !== undefined; p = parentOf.get(p)) {
        if (seen.has(p)) {
          bad(`dimension ${d.code}`, `category '${c.code}' is in a parent cycle`);
          break;
        }
        seen.add(p);
      }
    }
  }
  if (!dimensionCodes.has(MEASURE_TYPE)) bad('dimensions', `the measures must be a dimension '${MEASURE_TYPE}'`);
  const symbols = new Set<string>();
  for (const f of table.flags) {
    if (f.symbol === '' || symbols.has(f.symbol)) bad('flags', `flag symbol '${f.symbol}' is empty or repeated`);
    symbols.add(f.symbol);
  }
  if (issues.length > 0) throw new LmrError({ issues });
}

export function text(t: LocalizedText, lang: Language): string {
  return t[lang];
}
