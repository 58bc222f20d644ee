/**
 * The body of `POST {sourceId}/table/{tableId}/data` and its resolution against a table:
 *
 *   {"dimensions":[{"code":"GEO","filter":"item"|"all"|"top"|"bottom","values":["03"]}],
 *    "response":{"format":"json-stat2"|"csv2"|"csv3","maxRowCount":50000}}
 *
 * Every error is an LmrError whose first issue is `invalid`/`value`/`required`/`structure` (→ 400),
 * or `too-large` (→ 413) when the server's own limit is passed.
 */
import { LmrError, issue } from '../../shared/outcome.js';
import type { Issue } from '../../shared/outcome.js';
import type { CategoryDefinition, DimensionDefinition, TableDefinition } from './table.js';

export const FILTERS = ['item', 'all', 'top', 'bottom'] as const;
export type FilterKind = (typeof FILTERS)[number];

export const FORMATS = ['json-stat2', 'csv2', 'csv3'] as const;
export type DataFormat = (typeof FORMATS)[number];

export interface DimensionFilter {
  code: string;
  filter: FilterKind;
  values: string[];
}

export interface DataRequest {
  dimensions: DimensionFilter[];
  response: {
    format: DataFormat;
    /** Absent or 0: no limit (as at FHI). */
    maxRowCount?: number;
  };
}

export interface ResolvedDimension {
  definition: DimensionDefinition;
  /** The selected categories, in the table's order. */
  categories: CategoryDefinition[];
}

export interface Selection {
  table: TableDefinition;
  /** Every dimension of the table, in the table's order. */
  dimensions: ResolvedDimension[];
  /** The number of selected categories per dimension (JSON-stat `size`). */
  size: number[];
  /** The number of values (cells) in the response: the product of `size`. */
  cellCount: number;
  format: DataFormat;
}

export interface ResolveOptions {
  /** The server's own ceiling on cells per response; more gives `too-large` (413). */
  limit?: number;
}

/** Input strings echoed in messages are cut short: they come from anyone. */
function show(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return `'${s.length > 40 ? s.slice(0, 40) + '…' : s}'`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates the shape of a data request body (already JSON-parsed). Filter and format names are
 * matched case-insensitively (FHI's .NET binder does); codes are exact.
 */
export function parseDataRequest(body: unknown): DataRequest {
  const issues: Issue[] = [];
  if (!isRecord(body)) throw new LmrError(issue('structure', 'the request body must be a JSON object', { path: '$' }));
  for (const key of Object.keys(body)) {
    if (key !== 'dimensions' && key !== 'response') issues.push(issue('structure', `unknown property ${show(key)}`, { path: key }));
  }

  const dimensions: DimensionFilter[] = [];
  const rawDimensions = body.dimensions;
  if (rawDimensions === undefined) {
    // All dimensions default to all their categories.
  } else if (!Array.isArray(rawDimensions)) {
    issues.push(issue('structure', 'dimensions must be an array', { path: 'dimensions' }));
  } else {
    rawDimensions.forEach((raw: unknown, i) => {
      const path = `dimensions[${i}]`;
      if (!isRecord(raw)) {
        issues.push(issue('structure', 'a dimension filter must be an object', { path }));
        return;
      }
      const { code, filter, values } = raw;
      let ok = true;
      if (typeof code !== 'string' || code === '') {
        issues.push(issue('required', 'code must be a non-empty string', { path: `${path}.code` }));
        ok = false;
      }
      const kind = typeof filter === 'string' ? FILTERS.find((f) => f === filter.toLowerCase()) : undefined;
      if (kind === undefined) {
        issues.push(
          issue(filter === undefined ? 'required' : 'value', `filter must be one of ${FILTERS.join(', ')}${filter === undefined ? '' : `, not ${show(filter)}`}`, {
            path: `${path}.filter`,
          }),
        );
        ok = false;
      }
      let strings: string[] = [];
      if (!Array.isArray(values)) {
        issues.push(issue('required', 'values must be an array', { path: `${path}.values` }));
        ok = false;
      } else {
        values.forEach((v: unknown, j) => {
          // `top`/`bottom` counts may come as JSON numbers.
          if (typeof v === 'string') strings.push(v);
          else if (typeof v === 'number' && (kind === 'top' || kind === 'bottom')) strings.push(String(v));
          else {
            issues.push(issue('structure', `values must be strings, not ${show(v)}`, { path: `${path}.values[${j}]` }));
            ok = false;
          }
        });
        strings = [...new Set(strings)];
      }
      if (ok && kind !== undefined && typeof code === 'string') {
        if (dimensions.some((d) => d.code === code)) {
          issues.push(issue('invalid', `dimension ${show(code)} is given more than once`, { path: `${path}.code` }));
        }
        dimensions.push({ code, filter: kind, values: strings });
      }
    });
  }

  let format: DataFormat = 'json-stat2';
  let maxRowCount: number | undefined;
  const response = body.response;
  if (response !== undefined && !isRecord(response)) {
    issues.push(issue('structure', 'response must be an object', { path: 'response' }));
  } else if (response !== undefined) {
    if (response.format !== undefined) {
      const f = typeof response.format === 'string' ? FORMATS.find((x) => x === (response.format as string).toLowerCase()) : undefined;
      if (f === undefined) {
        issues.push(issue('value', `format must be one of ${FORMATS.join(', ')}, not ${show(response.format)}`, { path: 'response.format' }));
      } else format = f;
    }
    const m = response.maxRowCount;
    if (m !== undefined && m !== null) {
      if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 0) {
        issues.push(issue('value', `maxRowCount must be a non-negative integer, not ${show(m)}`, { path: 'response.maxRowCount' }));
      } else if (m > 0) maxRowCount = m;
    }
  }

  if (issues.length > 0) throw new LmrError({ issues });
  return { dimensions, response: maxRowCount === undefined ? { format } : { format, maxRowCount } };
}

/** `*` matches any run of characters (also none); everything else is literal and case-sensitive. */
export function wildcardMatcher(pattern: string): (code: string) => boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return (code) => code === pattern;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  return (code) => {
    if (code.length < first.length + last.length || !code.startsWith(first) || !code.endsWith(last)) return false;
    let at = first.length;
    const end = code.length - last.length;
    for (const m of middle) {
      const found = code.indexOf(m, at);
      if (found < 0 || found + m.length > end) return false;
      at = found + m.length;
    }
    return true;
  };
}

function resolveOne(dim: DimensionDefinition, f: DimensionFilter, path: string, issues: Issue[]): CategoryDefinition[] {
  const cats = dim.categories;
  switch (f.filter) {
    case 'item': {
      if (f.values.length === 0) {
        issues.push(issue('required', `filter 'item' on ${show(dim.code)} needs at least one category code`, { path: `${path}.values` }));
        return [];
      }
      const known = new Set(cats.map((c) => c.code));
      const unknown = f.values.filter((v) => !known.has(v));
      if (unknown.length > 0) {
        issues.push(
          issue('value', `unknown ${unknown.length === 1 ? 'category' : 'categories'} ${unknown.slice(0, 10).map(show).join(', ')}${unknown.length > 10 ? ` and ${unknown.length - 10} more` : ''} in dimension ${show(dim.code)}`, {
            path: `${path}.values`,
          }),
        );
        return [];
      }
      const wanted = new Set(f.values);
      return cats.filter((c) => wanted.has(c.code));
    }
    case 'all': {
      if (f.values.length === 0) {
        issues.push(issue('required', `filter 'all' on ${show(dim.code)} needs at least one pattern, e.g. '*'`, { path: `${path}.values` }));
        return [];
      }
      const matchers = f.values.map(wildcardMatcher);
      const selected = cats.filter((c) => matchers.some((m) => m(c.code)));
      if (selected.length === 0) {
        issues.push(issue('value', `no category of dimension ${show(dim.code)} matches ${f.values.slice(0, 10).map(show).join(', ')}`, { path: `${path}.values` }));
      }
      return selected;
    }
    case 'top':
    case 'bottom': {
      const v = f.values[0];
      const n = f.values.length === 1 && v !== undefined && /^[0-9]{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
      if (!(n >= 1)) {
        issues.push(
          issue('value', `filter '${f.filter}' on ${show(dim.code)} takes exactly one integer of 1 or more, not ${show(f.values)}`, { path: `${path}.values` }),
        );
        return [];
      }
      return f.filter === 'top' ? cats.slice(0, n) : cats.slice(Math.max(0, cats.length - n));
    }
  }
}

/**
 * Resolves a parsed request against a table. A dimension left out of the request means all its
 * categories. Gathers every filter error before throwing; then checks `maxRowCount` and `limit`.
 */
export function resolveSelection(table: TableDefinition, request: DataRequest, options: ResolveOptions = {}): Selection {
  const issues: Issue[] = [];
  const byCode = new Map(table.dimensions.map((d) => [d.code, d]));
  const chosen = new Map<string, CategoryDefinition[]>();
  request.dimensions.forEach((f, i) => {
    const path = `dimensions[${i}]`;
    const dim = byCode.get(f.code);
    if (dim === undefined) {
      issues.push(
        issue('value', `unknown dimension ${show(f.code)}; table ${table.id} has ${table.dimensions.map((d) => d.code).join(', ')}`, { path: `${path}.code` }),
      );
      return;
    }
    if (chosen.has(f.code)) {
      issues.push(issue('invalid', `dimension ${show(f.code)} is given more than once`, { path: `${path}.code` }));
      return;
    }
    chosen.set(f.code, resolveOne(dim, f, path, issues));
  });
  if (issues.length > 0) throw new LmrError({ issues });

  const dimensions = table.dimensions.map((d) => ({ definition: d, categories: chosen.get(d.code) ?? d.categories }));
  const size = dimensions.map((d) => d.categories.length);
  const cellCount = size.reduce((a, b) => a * b, 1);
  const max = request.response.maxRowCount;
  if (max !== undefined && cellCount > max) {
    throw new LmrError(
      issue('invalid', `the selection has ${cellCount} values, more than maxRowCount ${max}; narrow the filters or raise maxRowCount`, {
        path: 'response.maxRowCount',
      }),
    );
  }
  if (options.limit !== undefined && cellCount > options.limit) {
    throw new LmrError(issue('too-large', `the selection has ${cellCount} values, more than this server returns at once (${options.limit}); narrow the filters`));
  }
  return { table, dimensions, size, cellCount, format: request.response.format };
}

/** parseDataRequest then resolveSelection: what `POST .../data` does before it reads the cube. */
export function selectData(table: TableDefinition, body: unknown, options: ResolveOptions = {}): Selection {
  return resolveSelection(table, parseDataRequest(body), options);
}
