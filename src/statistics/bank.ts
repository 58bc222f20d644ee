import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { LmrError, issue } from '../shared/outcome.js';
import { sqlString } from '../shared/duckdb.js';
import { AGE_GROUPS, AGE_TOTAL, COUNTRY, UNKNOWN_COUNTY } from './cube.js';
import {
  MEASURE_TYPE, renderData, renderDimensions, renderFlags, renderMetadata, renderQuery, renderSources, renderTable, renderTableList, selectData,
  type CellValue, type DimensionDefinition, type Language, type RenderedData, type SourceDefinition, type TableDefinition,
} from './api/index.js';
import { PRELIMINARY } from './build.js';
import { STATISTICS_CATALOG } from './store.js';

/** The source id of the register in the open API (FHI Statistikk's id for LMR). */
export const SOURCE_ID = 'lmr';
export const PRELIMINARY_TABLE = 1;
/** Final releases are tables FINAL_TABLE_BASE, +1, … in the order they were made. */
export const FINAL_TABLE_BASE = 1000;
/** The server's ceiling on cells in one data response (a client's maxRowCount may ask for fewer). */
export const MAX_CELLS = 1_000_000;

export const SUPPRESSED = ':';
export const NOT_AVAILABLE = '..';

export const SOURCE: SourceDefinition = {
  id: SOURCE_ID,
  title: { nb: 'Legemiddelregisteret (lmr)', en: 'The Norwegian Prescription Database (lmr)' },
  description: {
    nb: 'Utleveringer av legemidler fra apotek til personer: brukere, utleveringer, DDD og kostnad etter legemiddel (ATC), år, kjønn, alder og fylke.',
    en: 'Drugs dispensed by pharmacies to persons: users, dispensings, DDD and cost by drug (ATC), year, sex, age and county.',
  },
};

/** The measures: the categories of MEASURE_TYPE, and how each is computed from a cell. */
const MEASURES = [
  { code: 'BRUKERE', nb: 'Brukere', en: 'Users' },
  { code: 'BRUKERE_PER_1000', nb: 'Brukere per 1000 innbyggere', en: 'Users per 1,000 inhabitants' },
  { code: 'UTLEVERINGER', nb: 'Utleveringer', en: 'Dispensings' },
  { code: 'DDD', nb: 'Definerte døgndoser (DDD)', en: 'Defined daily doses (DDD)' },
  { code: 'DDD_PER_1000_PER_DOGN', nb: 'DDD per 1000 innbyggere per døgn', en: 'DDD per 1,000 inhabitants per day' },
  { code: 'KOSTNAD', nb: 'Kostnad (AUP, kroner)', en: 'Cost (pharmacy retail price, NOK)' },
] as const;
type MeasureCode = (typeof MEASURES)[number]['code'];

interface Cell {
  users: number;
  dispensings: number;
  ddd: number | null;
  cost: number | null;
  population: number | null;
  suppressed: boolean;
}

const round = (v: number, decimals: number): number => Math.round(v * 10 ** decimals) / 10 ** decimals;

/** Days of a year that the statistics cover: the whole year, or up to today for the current one. */
function daysOf(year: number, today = new Date()): number {
  const start = Date.UTC(year, 0, 1);
  const end = Math.min(Date.UTC(year + 1, 0, 1), Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + 86_400_000);
  return Math.max(1, Math.round((end - start) / 86_400_000));
}

function measure(code: MeasureCode, cell: Cell | undefined, population: number | null, year: number): CellValue {
  if (cell?.suppressed) return { flag: SUPPRESSED };
  const c: Cell = cell ?? { users: 0, dispensings: 0, ddd: 0, cost: 0, population, suppressed: false };
  switch (code) {
    case 'BRUKERE':
      return c.users;
    case 'UTLEVERINGER':
      return c.dispensings;
    case 'DDD':
      return round(c.ddd ?? 0, 1);
    case 'KOSTNAD':
      return round(c.cost ?? 0, 0);
    case 'BRUKERE_PER_1000':
      return population ? round((c.users / population) * 1000, 2) : { flag: NOT_AVAILABLE };
    case 'DDD_PER_1000_PER_DOGN':
      return population ? round(((c.ddd ?? 0) / (population * daysOf(year))) * 1000, 3) : { flag: NOT_AVAILABLE };
  }
}

const inList = (values: readonly string[]): string => `(${values.map(sqlString).join(', ')})`;

interface Release {
  name: string;
  final: boolean;
  createdAt: string;
  modifiedAt: string;
  /** Changes on every write to the release (microseconds): the key of every cache. */
  stamp: string;
  years: number[];
  tableId: number;
}

/**
 * The public statistics bank behind the open API and the /statistikk page: tables are releases of
 * the cube (table 1 the preliminary data, 1000+ the final releases), read with disclosure control
 * already applied. Definitions are cached per release version.
 */
/** Rendered data responses kept per release version (a release never changes under a version), by total size. */
const RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;
const RESPONSE_MAX_BYTES = 256 * 1024;
/** Drugs whose cells are kept in memory per release version (each about 1,000 cells a year). */
const ATC_CACHE = 2000;

export class StatisticsBank {
  private cache = new Map<string, TableDefinition>();
  /** Per release version: the population by `year|sex|age|county`. */
  private populations = new Map<string, Map<string, number>>();
  /** Per release version and ATC code: its cells by `year|sex|age|county` (least recently used dropped). */
  private blocks = new Map<string, Map<string, Cell>>();
  /** Per release version, language and request: the rendered response (least recently used dropped). */
  private responses = new Map<string, RenderedData>();
  private responseBytes = 0;

  constructor(private readonly instance: DuckDBInstance) {}

  private async with<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect();
    try {
      return await fn(conn);
    } finally {
      conn.closeSync();
    }
  }

  private releasesCache: { at: number; releases: Release[] } | null = null;

  /** The releases, read at most once a second (a request must not pay for a catalogue query). */
  private async releases(conn: DuckDBConnection): Promise<Release[]> {
    const now = Date.now();
    if (this.releasesCache && now - this.releasesCache.at < 1000) return this.releasesCache.releases;
    const releases = await this.readReleases(conn);
    this.releasesCache = { at: now, releases };
    return releases;
  }

  private async readReleases(conn: DuckDBConnection): Promise<Release[]> {
    const rows = (
      await conn.runAndReadAll(
        `SELECT name, final, strftime(created_at, '%Y-%m-%dT%H:%M:%SZ'), strftime(modified_at, '%Y-%m-%dT%H:%M:%SZ'), epoch_us(modified_at)::VARCHAR, years
         FROM ${STATISTICS_CATALOG}.release ORDER BY final, created_at, name`,
      )
    ).getRowsJS() as [string, boolean, string, string, string, number[]][];
    let next = FINAL_TABLE_BASE;
    return rows.map(([name, final, createdAt, modifiedAt, stamp, years]) => ({
      name, final, createdAt, modifiedAt, stamp: `${name}@${stamp}`, years: [...years],
      tableId: name === PRELIMINARY ? PRELIMINARY_TABLE : next++,
    }));
  }

  private async definition(conn: DuckDBConnection, r: Release): Promise<TableDefinition> {
    const key = r.stamp;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const atcRows = (
      await conn.runAndReadAll(
        `SELECT a.atc, a.atc_level, coalesce(k.display, a.atc), coalesce(k.name_en, k.display, a.atc)
         FROM (SELECT DISTINCT atc, atc_level FROM ${STATISTICS_CATALOG}.cell WHERE release = $r::VARCHAR) a
         LEFT JOIN (SELECT code, arg_max(display, coalesce(effective_to, DATE '9999-12-31')) AS display, arg_max(name_en, coalesce(effective_to, DATE '9999-12-31')) AS name_en
                    FROM code WHERE oid = '7180' GROUP BY code) k ON k.code = a.atc
         ORDER BY a.atc`,
        { r: r.name },
      )
    ).getRowsJS() as [string, number, string, string][];
    const lengths = [0, 1, 3, 4, 5, 7];
    const atcCodes = new Set(atcRows.map(([c]) => c));
    const atc: DimensionDefinition = {
      code: 'ATC',
      label: { nb: 'Legemiddel (ATC)', en: 'Drug (ATC)' },
      categories: atcRows.map(([code, level, nb, en]) => {
        const parent = level > 1 ? code.slice(0, lengths[level - 1]) : undefined;
        return { code, label: { nb: `${code} ${nb}`, en: `${code} ${en}` }, ...(parent && atcCodes.has(parent) ? { parent } : {}) };
      }),
    };
    const countyRows = (
      await conn.runAndReadAll(`SELECT code, arg_max(display, coalesce(effective_from, DATE '0001-01-01')) FROM code WHERE oid = '3403' AND effective_to IS NULL GROUP BY code ORDER BY code`)
    ).getRowsJS() as [string, string][];
    const dimensions: DimensionDefinition[] = [
      atc,
      { code: 'AAR', label: { nb: 'År', en: 'Year' }, role: 'time', categories: r.years.map((y) => ({ code: String(y), label: { nb: String(y), en: String(y) } })) },
      {
        code: 'KJONN', label: { nb: 'Kjønn', en: 'Sex' },
        categories: [
          { code: '0', label: { nb: 'Begge kjønn', en: 'Both sexes' } },
          { code: '1', label: { nb: 'Menn', en: 'Men' }, parent: '0' },
          { code: '2', label: { nb: 'Kvinner', en: 'Women' }, parent: '0' },
        ],
      },
      {
        code: 'ALDER', label: { nb: 'Alder', en: 'Age' },
        categories: [
          { code: AGE_TOTAL, label: { nb: 'Alle aldre', en: 'All ages' } },
          ...AGE_GROUPS.map((g) => ({ code: g, label: { nb: g === '90+' ? '90 år og eldre' : `${g.replace('-', '–')} år`, en: g === '90+' ? '90 years and over' : `${g.replace('-', '–')} years` }, parent: AGE_TOTAL })),
        ],
      },
      {
        code: 'FYLKE', label: { nb: 'Fylke', en: 'County' }, role: 'geo',
        categories: [
          { code: COUNTRY, label: { nb: 'Hele landet', en: 'All of Norway' } },
          ...countyRows.map(([code, name]) => ({ code, label: { nb: name, en: name }, parent: COUNTRY })),
          { code: UNKNOWN_COUNTY, label: { nb: 'Ukjent fylke', en: 'County unknown' }, parent: COUNTRY },
        ],
      },
      { code: MEASURE_TYPE, label: { nb: 'Måltall', en: 'Measure' }, role: 'metric', categories: MEASURES.map((m) => ({ code: m.code, label: { nb: m.nb, en: m.en } })) },
    ];
    const table: TableDefinition = {
      id: r.tableId,
      title: r.final
        ? { nb: `Legemiddelbruk etter legemiddel, år, kjønn, alder og fylke (endelige tall, ${r.name})`, en: `Drug use by drug, year, sex, age and county (final, ${r.name})` }
        : { nb: 'Legemiddelbruk etter legemiddel, år, kjønn, alder og fylke (foreløpige tall)', en: 'Drug use by drug, year, sex, age and county (preliminary)' },
      publishedAt: r.createdAt,
      modifiedAt: r.modifiedAt,
      dimensions,
      flags: [
        { symbol: SUPPRESSED, label: { nb: 'Skjult av personvernhensyn: tallet bygger på færre enn 5 personer, eller er skjult for at et slikt tall ikke skal kunne regnes ut fra de andre.', en: 'Hidden to protect privacy: the figure rests on fewer than 5 persons, or is hidden so that such a figure cannot be worked out from the others.' } },
        { symbol: NOT_AVAILABLE, label: { nb: 'Ikke tilgjengelig: folketallet er ukjent.', en: 'Not available: the population is unknown.' } },
      ],
      metadata: [
        {
          header: { nb: 'Om tallene', en: 'About the figures' },
          content: {
            nb: 'Brukere er personer med minst én utlevering i perioden; de kan ikke summeres over legemidler eller år. Alder er alder ved utlevering, i femårsgrupper. Fylke er bostedet på utleveringsdagen, i dagens fylkesinndeling. Nevneren er folkemengden 1. januar. DDD per 1000 innbyggere per døgn = DDD ÷ (folkemengde × dager i perioden) × 1000. Bare utleveringer til identifiserte personer med kjent kjønn og alder er med. ' +
              (r.final ? 'Endelige tall endres ikke.' : 'Foreløpige tall oppdateres etter hvert som data kommer inn; år med endelige tall finnes i sin egen tabell.'),
            en: 'Users are persons with at least one dispensing in the period; they do not add up across drugs or years. Age is the age at dispensing, in five-year groups. County is the residence on the day of dispensing, in the current county structure. The denominator is the population on 1 January. DDD per 1,000 inhabitants per day = DDD ÷ (population × days in the period) × 1,000. Only dispensings to identified persons with known sex and age are included. ' +
              (r.final ? 'Final figures never change.' : 'Preliminary figures are updated as data arrive; years with final figures are in a table of their own.'),
          },
        },
      ],
    };
    for (const k of [...this.cache.keys()]) if (k.startsWith(`${r.name}@`)) this.cache.delete(k);
    this.cache.set(key, table);
    return table;
  }

  private async release(conn: DuckDBConnection, tableId: number): Promise<Release> {
    const r = (await this.releases(conn)).find((x) => x.tableId === tableId && x.years.length > 0);
    if (!r) throw new LmrError(issue('not-found', `no table ${tableId} in source '${SOURCE_ID}'`, { path: 'tableId' }));
    return r;
  }

  sources(lang: Language): ReturnType<typeof renderSources> {
    return renderSources([SOURCE], lang);
  }

  async tables(modifiedAfter: string | undefined, lang: Language): Promise<ReturnType<typeof renderTableList>> {
    return this.with(async (conn) => {
      const defs: TableDefinition[] = [];
      for (const r of await this.releases(conn)) if (r.years.length > 0) defs.push(await this.definition(conn, r));
      return renderTableList(defs, modifiedAfter, lang);
    });
  }

  async tableDefinition(tableId: number): Promise<TableDefinition> {
    return this.with(async (conn) => this.definition(conn, await this.release(conn, tableId)));
  }

  async table(tableId: number, lang: Language): Promise<ReturnType<typeof renderTable>> {
    return renderTable(await this.tableDefinition(tableId), lang);
  }
  async query(tableId: number): Promise<ReturnType<typeof renderQuery>> {
    return renderQuery(await this.tableDefinition(tableId));
  }
  async dimensions(tableId: number, lang: Language): Promise<ReturnType<typeof renderDimensions>> {
    return renderDimensions(await this.tableDefinition(tableId), lang);
  }
  async flags(tableId: number, lang: Language): Promise<ReturnType<typeof renderFlags>> {
    return renderFlags(await this.tableDefinition(tableId), lang);
  }
  async metadata(tableId: number, lang: Language): Promise<ReturnType<typeof renderMetadata>> {
    return renderMetadata(await this.tableDefinition(tableId), lang);
  }

  private async population(conn: DuckDBConnection, r: Release, version: string): Promise<Map<string, number>> {
    const known = this.populations.get(version);
    if (known) return known;
    const map = new Map<string, number>();
    const rows = await conn.runAndReadAll(`SELECT year, sex, age, county, persons FROM ${STATISTICS_CATALOG}.population WHERE release = ${sqlString(r.name)}`);
    for (const [year, sex, age, county, persons] of rows.getRowsJS() as [number, string, string, string, bigint][]) map.set(`${year}|${sex}|${age}|${county}`, Number(persons));
    for (const k of [...this.populations.keys()]) if (k.startsWith(`${r.name}@`)) this.populations.delete(k);
    this.populations.set(version, map);
    return map;
  }

  /** The cells of these ATC codes (every year, sex, age, county), from memory or in one query for those missing. */
  private async cells(conn: DuckDBConnection, r: Release, version: string, atcs: readonly string[], narrow: string): Promise<Map<string, Map<string, Cell>>> {
    const out = new Map<string, Map<string, Cell>>();
    const missing: string[] = [];
    for (const atc of atcs) {
      const block = this.blocks.get(`${version}|${atc}`);
      if (block) {
        this.blocks.delete(`${version}|${atc}`);
        this.blocks.set(`${version}|${atc}`, block);
        out.set(atc, block);
      } else missing.push(atc);
    }
    if (missing.length === 0) return out;
    for (const atc of missing) out.set(atc, new Map());
    // Few drugs: all their cells, kept for the next requests. Many: only the cells asked for, not kept.
    const cacheable = missing.length <= ATC_CACHE / 10;
    const reader = await conn.runAndReadAll(
      `SELECT atc, year, sex, age, county, users, dispensings, ddd, cost, population, suppressed FROM ${STATISTICS_CATALOG}.cell
       WHERE release = ${sqlString(r.name)} AND atc IN ${inList(missing)}${cacheable ? '' : ` AND ${narrow}`}`,
    );
    for (const [atc, year, sex, age, county, users, dispensings, ddd, cost, population, suppressed] of reader.getRowsJS() as [string, number, string, string, string, bigint, bigint, number | null, number | null, bigint | null, boolean][]) {
      out.get(atc)!.set(`${year}|${sex}|${age}|${county}`, {
        users: Number(users), dispensings: Number(dispensings), ddd, cost, population: population === null ? null : Number(population), suppressed,
      });
    }
    if (cacheable) {
      for (const atc of missing) this.blocks.set(`${version}|${atc}`, out.get(atc)!);
      for (const k of this.blocks.keys()) {
        if (this.blocks.size <= ATC_CACHE) break;
        this.blocks.delete(k);
      }
    }
    return out;
  }

  /** POST …/data: the selected cells, from the cube (drugs asked for recently are in memory), rendered as asked. */
  async data(tableId: number, body: unknown, lang: Language): Promise<RenderedData> {
    return this.with(async (conn) => {
      const r = await this.release(conn, tableId);
      const key = `${r.stamp}|${lang}|${JSON.stringify(body)}`;
      const hit = this.responses.get(key);
      if (hit) {
        this.responses.delete(key);
        this.responses.set(key, hit);
        return hit;
      }
      const out = await this.render(conn, r, tableId, body, lang);
      if (out.body.length <= RESPONSE_MAX_BYTES) {
        const previous = this.responses.get(key);
        if (previous) this.responseBytes -= previous.body.length;
        this.responses.set(key, out);
        this.responseBytes += out.body.length;
        for (const [k, v] of this.responses) {
          if (this.responseBytes <= RESPONSE_CACHE_BYTES) break;
          this.responses.delete(k);
          this.responseBytes -= v.body.length;
        }
      }
      return out;
    });
  }

  private async render(conn: DuckDBConnection, r: Release, tableId: number, body: unknown, lang: Language): Promise<RenderedData> {
    const table = await this.definition(conn, r);
    const selection = selectData(table, body, { limit: MAX_CELLS });
    const chosen = new Map(selection.dimensions.map((d) => [d.definition.code, d.categories.map((c) => c.code)]));
    const pick = (code: string): string[] => chosen.get(code) ?? [];
    const version = r.stamp;
    const populations = await this.population(conn, r, version);
    const narrow = `year IN (${pick('AAR').map(Number).join(', ')}) AND sex IN ${inList(pick('KJONN'))} AND age IN ${inList(pick('ALDER'))} AND county IN ${inList(pick('FYLKE'))}`;
    const blocks = await this.cells(conn, r, version, pick('ATC'), narrow);
    const at = Object.fromEntries(selection.dimensions.map((d, i) => [d.definition.code, i])) as Record<string, number>;
    return renderData(
      selection,
      (codes) => {
        const [atc, year, sex, age, county, m] = [codes[at.ATC!]!, codes[at.AAR!]!, codes[at.KJONN!]!, codes[at.ALDER!]!, codes[at.FYLKE!]!, codes[at[MEASURE_TYPE]!]!];
        const key = `${year}|${sex}|${age}|${county}`;
        const population = county === UNKNOWN_COUNTY ? null : (populations.get(key) ?? null);
        return measure(m as MeasureCode, blocks.get(atc)?.get(key), population, Number(year));
      },
      { lang, updated: r.modifiedAt, source: SOURCE.title[lang], extension: { tableId, release: r.name } },
    );
  }
}
