import { describe, expect, it } from 'vitest';
import JSONstat from 'jsonstat-toolkit';
import { LmrError } from '../../shared/outcome.js';
import { selectData } from './request.js';
import type { DataRequest } from './request.js';
import {
  cells,
  renderCsv,
  renderData,
  renderDimensions,
  renderFlags,
  renderJsonStat,
  renderMetadata,
  renderQuery,
  renderSources,
  renderTable,
  renderTableList,
} from './render.js';
import { TABLE, lookup } from './fixtures.js';

/** RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF. */
function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(quoted).toBe(false);
  expect(field).toBe(''); // the text ends with CRLF
  return rows;
}

const ALL = { dimensions: [], response: { format: 'json-stat2' } };

describe('JSON-stat 2.0', () => {
  const selection = selectData(TABLE, ALL);
  const ds = renderJsonStat(selection, lookup, { updated: '2024-06-20T08:00:00Z' });

  it('has the dataset skeleton FHI returns', () => {
    expect(ds.version).toBe('2.0');
    expect(ds.class).toBe('dataset');
    expect(ds.label).toBe('Legemiddelbrukere');
    expect(ds.id).toEqual(['AAR', 'ATC', 'KJONN', 'MEASURE_TYPE']);
    expect(ds.size).toEqual([2, 6, 3, 2]);
    expect(ds.value).toHaveLength(72);
    expect(ds.role).toEqual({ time: ['AAR'], metric: ['MEASURE_TYPE'] });
    expect(ds.dimension.KJONN!.category).toEqual({
      index: ['0', '1', '2'],
      label: { '0': 'Begge kjønn', '1': 'Menn', '2': 'Kvinner' },
      child: { '0': ['1', '2'] },
    });
    expect(ds.extension).toEqual({
      tableId: 7,
      flags: [
        { symbol: ':', label: 'Skjult av personvernhensyn' },
        { symbol: '..', label: 'Mangler data' },
      ],
    });
  });

  it('parses with jsonstat-toolkit: values, nulls and status of suppressed cells', () => {
    const j = JSONstat(JSON.parse(JSON.stringify(ds)) as object);
    expect(j.class).toBe('dataset');
    expect(j.n).toBe(72);
    expect(j.Dimension('ATC')!.id).toEqual(['A', 'N', 'N02', 'N02A', 'N02B', 'N05']);
    expect(j.Dimension('ATC')!.Category('N02A')!.label).toBe('Opioider');
    expect(j.Data({ AAR: '2023', ATC: 'N05', KJONN: '1', MEASURE_TYPE: 'BRUKERE' })).toEqual({ value: 151, status: null });
    expect(j.Data({ AAR: '2023', ATC: 'N05', KJONN: '1', MEASURE_TYPE: 'DDD' })).toEqual({ value: 377.5, status: null });
    expect(j.Data({ AAR: '2022', ATC: 'N02A', KJONN: '2', MEASURE_TYPE: 'BRUKERE' })).toEqual({ value: null, status: ':' });
    expect(j.Data({ AAR: '2022', ATC: 'A', KJONN: '0', MEASURE_TYPE: 'DDD' })).toEqual({ value: null, status: '..' });
    // Every cell agrees with the lookup.
    for (const { codes, index } of cells(selection)) {
      const want = lookup(codes, index);
      const got = j.Data({ AAR: codes[0]!, ATC: codes[1]!, KJONN: codes[2]!, MEASURE_TYPE: codes[3]! })!;
      if (typeof want === 'number') expect(got).toEqual({ value: want, status: null });
      else expect(got).toEqual({ value: null, status: want!.flag });
    }
    expect(j.status!.filter((s) => s !== null)).toHaveLength(4 + 3);
  });

  it('renders a filtered selection, in English, with no status when nothing is flagged', () => {
    const s = selectData(TABLE, {
      dimensions: [
        { code: 'ATC', filter: 'all', values: ['N02*'] },
        { code: 'KJONN', filter: 'item', values: ['1'] },
        { code: 'MEASURE_TYPE', filter: 'top', values: ['1'] },
      ],
      response: { format: 'json-stat2' },
    });
    const out = renderJsonStat(s, lookup, { lang: 'en' });
    expect(out.size).toEqual([2, 3, 1, 1]);
    expect(out.value).toEqual([21, 31, 41, 121, 131, 141]);
    expect(out.status).toBeUndefined();
    expect(out.dimension.ATC!.label).toBe('Drug');
    expect(out.dimension.ATC!.category.child).toEqual({ N02: ['N02A', 'N02B'] });
    const j = JSONstat(out);
    expect(j.Data({ AAR: '2023', ATC: 'N02B', KJONN: '1', MEASURE_TYPE: 'BRUKERE' })!.value).toBe(141);
  });

  it('refuses a flag the table does not define', () => {
    const s = selectData(TABLE, ALL);
    expect(() => renderJsonStat(s, () => ({ flag: '?' }))).toThrow(LmrError);
  });
});

describe('csv2 and csv3', () => {
  const request = (format: string): unknown => ({
    dimensions: [
      { code: 'AAR', filter: 'item', values: ['2022'] },
      { code: 'ATC', filter: 'item', values: ['A', 'N02A', 'N02B', 'N05'] },
      { code: 'KJONN', filter: 'item', values: ['1', '2'] },
    ],
    response: { format },
  });

  it('csv2: labels, semicolons, one column per measure, flags in place of numbers, quoting', () => {
    const s = selectData(TABLE, request('csv2'));
    const out = renderData(s, lookup);
    expect(out.contentType).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(out.body, ';');
    expect(rows[0]).toEqual(['År', 'Legemiddel', 'Kjønn', 'Antall brukere', 'Definerte døgndoser', 'flag']);
    expect(rows).toHaveLength(1 + 4 * 2);
    expect(rows[1]).toEqual(['2022', 'Fordøyelsesorganer', 'Menn', '1', '..', '..']);
    expect(rows[3]).toEqual(['2022', 'Opioider', 'Menn', '31', '77.5', '']);
    expect(rows[4]).toEqual(['2022', 'Opioider', 'Kvinner', ':', ':', ':']);
    expect(rows[5]).toEqual(['2022', 'Andre analgetika; antipyretika', 'Menn', '41', '102.5', '']);
    expect(rows[7]).toEqual(['2022', 'Psykoleptika "N05"', 'Menn', '51', '127.5', '']);
    expect(out.body).toContain('"Andre analgetika; antipyretika"');
    expect(out.body).toContain('"Psykoleptika ""N05"""');
  });

  it('csv3: codes, commas, every field quoted', () => {
    const s = selectData(TABLE, request('csv3'));
    const body = renderData(s, lookup).body;
    expect(body.split('\r\n')[0]).toBe('"AAR","ATC","KJONN","BRUKERE","DDD","flag"');
    const rows = parseCsv(body, ',');
    expect(rows.slice(1)).toEqual([
      ['2022', 'A', '1', '1', '..', '..'],
      ['2022', 'A', '2', '2', '..', '..'],
      ['2022', 'N02A', '1', '31', '77.5', ''],
      ['2022', 'N02A', '2', ':', ':', ':'],
      ['2022', 'N02B', '1', '41', '102.5', ''],
      ['2022', 'N02B', '2', '42', '105', ''],
      ['2022', 'N05', '1', '51', '127.5', ''],
      ['2022', 'N05', '2', '52', '130', ''],
    ]);
  });

  it('csv rows carry the same cells as JSON-stat, wherever MEASURE_TYPE stands', () => {
    const moved = { ...TABLE, dimensions: [TABLE.dimensions[3]!, ...TABLE.dimensions.slice(0, 3)] };
    const s = selectData(moved, { response: { format: 'csv3' } });
    const reorderedLookup = ([m, ...rest]: readonly string[], i: number) => lookup([...rest, m!], i);
    const rows = parseCsv(renderCsv(s, reorderedLookup, 'csv3'), ',');
    expect(rows[0]).toEqual(['AAR', 'ATC', 'KJONN', 'BRUKERE', 'DDD', 'flag']);
    expect(rows).toHaveLength(1 + 36);
    for (const r of rows.slice(1)) {
      const [year, atc, sex, users, ddd] = r;
      for (const [measure, shown] of [['BRUKERE', users], ['DDD', ddd]] as const) {
        const want = lookup([year!, atc!, sex!, measure], 0);
        expect(shown).toBe(want === null ? '' : typeof want === 'number' ? String(want) : want.flag);
      }
    }
  });
});

describe('descriptive endpoints', () => {
  it('query: a ready-to-POST body listing every category of every dimension', () => {
    const q: DataRequest = renderQuery(TABLE);
    expect(q.dimensions.map((d) => d.code)).toEqual(['AAR', 'ATC', 'KJONN', 'MEASURE_TYPE']);
    expect(q.dimensions[1]).toEqual({ code: 'ATC', filter: 'item', values: ['A', 'N', 'N02', 'N02A', 'N02B', 'N05'] });
    expect(q.response).toEqual({ format: 'json-stat2', maxRowCount: 72 });
    expect(selectData(TABLE, JSON.parse(JSON.stringify(q))).cellCount).toBe(72);
  });

  it('dimension: categories as a tree of value/label/children', () => {
    const d = renderDimensions(TABLE).dimensions.find((x) => x.code === 'ATC')!;
    expect(d.label).toBe('Legemiddel');
    expect(d.categories.map((c) => c.value)).toEqual(['A', 'N']);
    const n = d.categories[1]!;
    expect(n.children!.map((c) => c.value)).toEqual(['N02', 'N05']);
    expect(n.children![0]!.children).toEqual([
      { value: 'N02A', label: 'Opioider', children: null },
      { value: 'N02B', label: 'Andre analgetika; antipyretika', children: null },
    ]);
  });

  it('sources, tables, flags, metadata', () => {
    expect(renderSources([{ id: 'lmr', title: { nb: 'Reseptregisteret', en: 'Prescription register' }, description: { nb: 'd', en: 'd' } }], 'en')).toEqual([
      { id: 'lmr', title: 'Prescription register', description: 'd', aboutUrl: null },
    ]);
    expect(renderTable(TABLE)).toEqual({ tableId: 7, title: 'Legemiddelbrukere', publishedAt: '2024-03-01T08:00:00Z', modifiedAt: '2024-06-20T08:00:00Z' });
    expect(renderFlags(TABLE, 'en')).toEqual([
      { title: ':', text: 'Suppressed for privacy' },
      { title: '..', text: 'No data' },
    ]);
    const m = renderMetadata(TABLE);
    expect(m.name).toBe('Legemiddelbrukere');
    expect(m.paragraphs[0]).toEqual({ header: 'Om tabellen', content: 'Brukere per år.' });
    expect(m.paragraphs.map((p) => p.header)).toEqual(['Om tabellen', 'År', 'Legemiddel', 'Kjønn', 'Måltall']);
    expect(m.paragraphs[4]!.content).toBe('BRUKERE: Antall brukere\nDDD: Definerte døgndoser');
  });

  it('table list filtered by modifiedAfter (date or date-time); a bad date is a 400', () => {
    const older = { ...TABLE, id: 8, modifiedAt: '2023-01-01T00:00:00Z' };
    const list = [TABLE, older];
    expect(renderTableList(list).map((t) => t.tableId)).toEqual([7, 8]);
    expect(renderTableList(list, '2024-06-14').map((t) => t.tableId)).toEqual([7]);
    expect(renderTableList(list, '2024-06-20T08:00:00Z').map((t) => t.tableId)).toEqual([]);
    expect(renderTableList(list, '2022-12-31T23:00:00').map((t) => t.tableId)).toEqual([7, 8]);
    expect(() => renderTableList(list, 'yesterday')).toThrow(/modifiedAfter/);
    expect(() => renderTableList(list, '2024-13-45')).toThrow(LmrError);
  });
});
