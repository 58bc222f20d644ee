import { describe, expect, it } from 'vitest';
import { LmrError, httpStatus } from '../../shared/outcome.js';
import type { Outcome } from '../../shared/outcome.js';
import { parseDataRequest, resolveSelection, selectData, wildcardMatcher } from './request.js';
import { TABLE } from './fixtures.js';
import { validateTable } from './table.js';

function codesOf(body: unknown, dim: string): string[] {
  const s = selectData(TABLE, body);
  return s.dimensions.find((d) => d.definition.code === dim)!.categories.map((c) => c.code);
}

function outcomeOf(fn: () => unknown): Outcome {
  try {
    fn();
  } catch (e) {
    if (e instanceof LmrError) return e.outcome;
    throw e;
  }
  throw new Error('expected an LmrError');
}

const body = (dimensions: unknown[], response: unknown = { format: 'json-stat2' }): unknown => ({ dimensions, response });

describe('filters', () => {
  it('item selects exactly the listed codes, in table order, duplicates once', () => {
    expect(codesOf(body([{ code: 'ATC', filter: 'item', values: ['N05', 'A', 'N05'] }]), 'ATC')).toEqual(['A', 'N05']);
  });

  it('all matches * wildcards: prefix, several patterns, infix, everything', () => {
    expect(codesOf(body([{ code: 'ATC', filter: 'all', values: ['N02*'] }]), 'ATC')).toEqual(['N02', 'N02A', 'N02B']);
    expect(codesOf(body([{ code: 'ATC', filter: 'all', values: ['A*', 'N05*'] }]), 'ATC')).toEqual(['A', 'N05']);
    expect(codesOf(body([{ code: 'ATC', filter: 'all', values: ['N*B'] }]), 'ATC')).toEqual(['N02B']);
    expect(codesOf(body([{ code: 'ATC', filter: 'all', values: ['*'] }]), 'ATC')).toHaveLength(6);
    expect(codesOf(body([{ code: 'ATC', filter: 'all', values: ['N'] }]), 'ATC')).toEqual(['N']);
  });

  it('wildcardMatcher handles edge cases', () => {
    expect(wildcardMatcher('N*2*')('N02')).toBe(true);
    expect(wildcardMatcher('N*2*')('N05')).toBe(false);
    expect(wildcardMatcher('N0*0')('N0')).toBe(false); // prefix and suffix may not overlap
    expect(wildcardMatcher('**')('')).toBe(true);
    expect(wildcardMatcher('n*')('N02')).toBe(false); // codes are case-sensitive
  });

  it('top takes the first N, bottom the last N (strings or numbers), clamped to the dimension', () => {
    expect(codesOf(body([{ code: 'ATC', filter: 'top', values: ['2'] }]), 'ATC')).toEqual(['A', 'N']);
    expect(codesOf(body([{ code: 'ATC', filter: 'top', values: [3] }]), 'ATC')).toEqual(['A', 'N', 'N02']);
    expect(codesOf(body([{ code: 'AAR', filter: 'bottom', values: ['1'] }]), 'AAR')).toEqual(['2023']);
    expect(codesOf(body([{ code: 'AAR', filter: 'top', values: ['99'] }]), 'AAR')).toEqual(['2022', '2023']);
  });

  it('a dimension left out means all its categories; filter and format names are case-insensitive', () => {
    const s = selectData(TABLE, body([{ code: 'AAR', filter: 'ITEM', values: ['2023'] }], { format: 'CSV3' }));
    expect(s.size).toEqual([1, 6, 3, 2]);
    expect(s.cellCount).toBe(36);
    expect(s.format).toBe('csv3');
    expect(selectData(TABLE, {}).cellCount).toBe(72);
  });
});

describe('errors (all 400 unless the server limit)', () => {
  it('unknown dimension, naming the table dimensions', () => {
    const o = outcomeOf(() => selectData(TABLE, body([{ code: 'GEO', filter: 'all', values: ['*'] }])));
    expect(httpStatus(o)).toBe(400);
    expect(o.issues[0]!.path).toBe('dimensions[0].code');
    expect(o.issues[0]!.message).toContain("unknown dimension 'GEO'");
    expect(o.issues[0]!.message).toContain('AAR, ATC, KJONN, MEASURE_TYPE');
  });

  it('unknown categories, all of them named', () => {
    const o = outcomeOf(() => selectData(TABLE, body([{ code: 'ATC', filter: 'item', values: ['N02', 'X99', 'Y'] }])));
    expect(httpStatus(o)).toBe(400);
    expect(o.issues[0]!.message).toBe("unknown categories 'X99', 'Y' in dimension 'ATC'");
    expect(o.issues[0]!.path).toBe('dimensions[0].values');
  });

  it('empty selections: item without codes, all matching nothing, all without patterns', () => {
    for (const f of [
      { code: 'ATC', filter: 'item', values: [] },
      { code: 'ATC', filter: 'all', values: ['B*'] },
      { code: 'ATC', filter: 'all', values: [] },
    ]) {
      const o = outcomeOf(() => selectData(TABLE, body([f])));
      expect(httpStatus(o)).toBe(400);
      expect(o.issues[0]!.message).toMatch(/at least one|no category/);
    }
  });

  it('bad top values', () => {
    for (const values of [['0'], ['-1'], ['two'], ['1', '2'], [], ['1.5']]) {
      const o = outcomeOf(() => selectData(TABLE, body([{ code: 'AAR', filter: 'top', values }])));
      expect(httpStatus(o)).toBe(400);
      expect(o.issues[0]!.message).toContain("filter 'top' on 'AAR' takes exactly one integer");
    }
  });

  it('a dimension given twice', () => {
    const o = outcomeOf(() =>
      selectData(TABLE, body([{ code: 'AAR', filter: 'top', values: ['1'] }, { code: 'AAR', filter: 'all', values: ['*'] }])),
    );
    expect(o.issues[0]!.message).toBe("dimension 'AAR' is given more than once");
  });

  it('malformed bodies, with every issue at its path', () => {
    expect(outcomeOf(() => parseDataRequest('nope')).issues[0]!.code).toBe('structure');
    expect(outcomeOf(() => parseDataRequest(null)).issues[0]!.code).toBe('structure');
    expect(outcomeOf(() => parseDataRequest({ dimensions: {} })).issues[0]!.path).toBe('dimensions');
    const o = outcomeOf(() =>
      parseDataRequest({
        dimensions: [{ code: 'AAR', filter: 'some', values: ['1'] }, { filter: 'item', values: 'x' }, 5, { code: 'KJONN', filter: 'item', values: [1] }],
        response: { format: 'xlsx', maxRowCount: -3 },
        extra: true,
      }),
    );
    expect(httpStatus(o)).toBe(400);
    expect(o.issues.map((i) => i.path).sort()).toEqual(
      [
        'extra',
        'dimensions[0].filter',
        'dimensions[1].code',
        'dimensions[1].values',
        'dimensions[2]',
        'dimensions[3].values[0]',
        'response.format',
        'response.maxRowCount',
      ].sort(),
    );
    expect(o.issues.find((i) => i.path === 'response.format')!.message).toContain("not 'xlsx'");
  });

  it('long input is cut short in messages', () => {
    const long = 'X'.repeat(500);
    const o = outcomeOf(() => selectData(TABLE, body([{ code: long, filter: 'all', values: ['*'] }])));
    expect(o.issues[0]!.message.length).toBeLessThan(200);
  });
});

describe('maxRowCount', () => {
  it('a result with more cells than maxRowCount is a 400 naming the count', () => {
    const o = outcomeOf(() => selectData(TABLE, body([], { format: 'json-stat2', maxRowCount: 71 })));
    expect(httpStatus(o)).toBe(400);
    expect(o.issues[0]!.message).toContain('72 values, more than maxRowCount 71');
    expect(o.issues[0]!.path).toBe('response.maxRowCount');
  });

  it('exactly maxRowCount passes; 0 or absent means no limit', () => {
    expect(selectData(TABLE, body([], { format: 'json-stat2', maxRowCount: 72 })).cellCount).toBe(72);
    expect(selectData(TABLE, body([], { format: 'json-stat2', maxRowCount: 0 })).cellCount).toBe(72);
    expect(selectData(TABLE, body([], { format: 'csv2' })).cellCount).toBe(72);
  });

  it("the server's own limit gives too-large (413)", () => {
    const o = outcomeOf(() => resolveSelection(TABLE, parseDataRequest({}), { limit: 50 }));
    expect(o.issues[0]!.code).toBe('too-large');
    expect(httpStatus(o)).toBe(413);
    expect(o.issues[0]!.message).toContain('72 values');
  });
});

describe('validateTable', () => {
  it('accepts the fixture', () => {
    expect(() => validateTable(TABLE)).not.toThrow();
  });

  it('rejects a table without MEASURE_TYPE, repeated codes, unknown parents and cycles', () => {
    const bad = {
      ...TABLE,
      dimensions: [
        {
          code: 'ATC',
          label: { nb: 'x', en: 'x' },
          categories: [
            { code: 'A', label: { nb: 'a', en: 'a' }, parent: 'B' },
            { code: 'B', label: { nb: 'b', en: 'b' }, parent: 'A' },
            { code: 'C', label: { nb: 'c', en: 'c' }, parent: 'Z' },
            { code: 'C', label: { nb: 'c', en: 'c' } },
          ],
        },
      ],
    };
    const o = outcomeOf(() => validateTable(bad));
    const text = o.issues.map((i) => i.message).join('\n');
    expect(text).toContain("MEASURE_TYPE");
    expect(text).toContain("'C' is empty or repeated");
    expect(text).toContain("unknown parent 'Z'");
    expect(text).toContain("'A' is in a parent cycle");
  });
});
