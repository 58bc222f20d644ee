/**
 * The synthetic nation's geography: Norway's real counties and municipalities, with the 2017–2018,
 * 2020 and 2024 reforms as data, so that any code that ever existed maps to the municipality and
 * county of any later date.
 *
 * Rules as data: the tables are in `municipality-data.ts` (municipalities) and below (counties);
 * this module only parses and indexes them.
 *
 * Conventions: dates are ISO `YYYY-MM-DD`; `from`/`to` are inclusive and `null` means open (for
 * `from`: older than the tables, which begin with the 2016 structure). A municipality's county is
 * the first two digits of its code.
 */

import { CURRENT_MUNICIPALITY_ROWS, EXPIRED_MUNICIPALITY_ROWS } from './municipality-data.js';

export interface County {
  code: string;
  name: string;
  from: string | null;
  to: string | null;
  /** The county or counties it became. */
  replacedBy: readonly string[];
}

export interface MunicipalityCode {
  code: string;
  name: string;
  /** First two digits of the code. */
  county: string;
  from: string | null;
  to: string | null;
  /** For an expired code: the code(s) it was merged into, renamed to or split into. */
  replacedBy: readonly string[];
  /** Approximate population (current codes) or population when replaced (some expired codes); 0 when unknown. */
  population: number;
  /** The current municipalities whose territory this code covered (itself, for a current code). */
  currentCodes: readonly string[];
}

/** Counties: the 2024 structure, the 2020–2023 structure and the 2019 structure (with Trøndelag's 2018 merger). */
export const COUNTIES: readonly County[] = [
  { code: '01', name: 'Østfold', from: null, to: '2019-12-31', replacedBy: ['30'] },
  { code: '02', name: 'Akershus', from: null, to: '2019-12-31', replacedBy: ['30'] },
  { code: '03', name: 'Oslo', from: null, to: null, replacedBy: [] },
  { code: '04', name: 'Hedmark', from: null, to: '2019-12-31', replacedBy: ['34'] },
  { code: '05', name: 'Oppland', from: null, to: '2019-12-31', replacedBy: ['34'] },
  { code: '06', name: 'Buskerud', from: null, to: '2019-12-31', replacedBy: ['30'] },
  { code: '07', name: 'Vestfold', from: null, to: '2019-12-31', replacedBy: ['38'] },
  { code: '08', name: 'Telemark', from: null, to: '2019-12-31', replacedBy: ['38'] },
  { code: '09', name: 'Aust-Agder', from: null, to: '2019-12-31', replacedBy: ['42'] },
  { code: '10', name: 'Vest-Agder', from: null, to: '2019-12-31', replacedBy: ['42'] },
  { code: '11', name: 'Rogaland', from: null, to: null, replacedBy: [] },
  { code: '12', name: 'Hordaland', from: null, to: '2019-12-31', replacedBy: ['46'] },
  { code: '14', name: 'Sogn og Fjordane', from: null, to: '2019-12-31', replacedBy: ['46'] },
  { code: '15', name: 'Møre og Romsdal', from: null, to: null, replacedBy: [] },
  { code: '16', name: 'Sør-Trøndelag', from: null, to: '2017-12-31', replacedBy: ['50'] },
  { code: '17', name: 'Nord-Trøndelag', from: null, to: '2017-12-31', replacedBy: ['50'] },
  { code: '18', name: 'Nordland', from: null, to: null, replacedBy: [] },
  { code: '19', name: 'Troms', from: null, to: '2019-12-31', replacedBy: ['54'] },
  { code: '20', name: 'Finnmark', from: null, to: '2019-12-31', replacedBy: ['54'] },
  { code: '30', name: 'Viken', from: '2020-01-01', to: '2023-12-31', replacedBy: ['31', '32', '33'] },
  { code: '31', name: 'Østfold', from: '2024-01-01', to: null, replacedBy: [] },
  { code: '32', name: 'Akershus', from: '2024-01-01', to: null, replacedBy: [] },
  { code: '33', name: 'Buskerud', from: '2024-01-01', to: null, replacedBy: [] },
  { code: '34', name: 'Innlandet', from: '2020-01-01', to: null, replacedBy: [] },
  { code: '38', name: 'Vestfold og Telemark', from: '2020-01-01', to: '2023-12-31', replacedBy: ['39', '40'] },
  { code: '39', name: 'Vestfold', from: '2024-01-01', to: null, replacedBy: [] },
  { code: '40', name: 'Telemark', from: '2024-01-01', to: null, replacedBy: [] },
  { code: '42', name: 'Agder', from: '2020-01-01', to: null, replacedBy: [] },
  { code: '46', name: 'Vestland', from: '2020-01-01', to: null, replacedBy: [] },
  { code: '50', name: 'Trøndelag', from: '2018-01-01', to: null, replacedBy: [] },
  { code: '54', name: 'Troms og Finnmark', from: '2020-01-01', to: '2023-12-31', replacedBy: ['55', '56'] },
  { code: '55', name: 'Troms', from: '2024-01-01', to: null, replacedBy: [] },
  { code: '56', name: 'Finnmark', from: '2024-01-01', to: null, replacedBy: [] },
];

/** The 15 counties of 2024. */
export const CURRENT_COUNTIES: readonly County[] = COUNTIES.filter((c) => c.to === null);

const yearStart = (y: string): string | null => (y === '' ? null : `${y}-01-01`);
const yearEnd = (y: string): string => `${y}-12-31`;

function parseTables(): Map<string, MunicipalityCode> {
  const byCode = new Map<string, MunicipalityCode>();
  const add = (m: MunicipalityCode): void => {
    if (byCode.has(m.code)) throw new Error(`municipality table: code ${m.code} appears twice`);
    byCode.set(m.code, m);
  };
  for (const line of CURRENT_MUNICIPALITY_ROWS.split('\n')) {
    if (line.trim() === '') continue;
    const [code = '', name = '', population = '', year = ''] = line.split('|');
    add({ code, name, county: code.slice(0, 2), from: yearStart(year), to: null, replacedBy: [], population: Number(population), currentCodes: [code] });
  }
  const overrides = new Map<string, string[]>();
  for (const line of EXPIRED_MUNICIPALITY_ROWS.split('\n')) {
    if (line.trim() === '') continue;
    const [code = '', name = '', first = '', last = '', replacedBy = '', weight = '', now = ''] = line.split('|');
    add({
      code,
      name,
      county: code.slice(0, 2),
      from: yearStart(first),
      to: yearEnd(last),
      replacedBy: replacedBy.split(' ').filter(Boolean),
      population: weight === '' ? 0 : Number(weight),
      currentCodes: [],
    });
    if (now !== '') overrides.set(code, now.split(' ').filter(Boolean));
  }
  // The current codes each expired code's territory lies in: its successors' (transitively), unless given.
  const resolve = (code: string, seen: Set<string>): string[] => {
    const m = byCode.get(code);
    if (!m) throw new Error(`municipality table: unknown code ${code}`);
    if (m.to === null) return [m.code];
    const given = overrides.get(code);
    if (given) return given;
    if (seen.has(code)) throw new Error(`municipality table: cycle at ${code}`);
    seen.add(code);
    const out = new Set<string>();
    for (const next of m.replacedBy) for (const c of resolve(next, seen)) out.add(c);
    return [...out].sort();
  };
  for (const m of byCode.values()) if (m.to !== null) m.currentCodes = resolve(m.code, new Set());
  return byCode;
}

const BY_CODE: ReadonlyMap<string, MunicipalityCode> = parseTables();

/** Every municipality code the tables know, sorted by code. */
export const MUNICIPALITY_CODES: readonly MunicipalityCode[] = [...BY_CODE.values()].sort((a, b) => a.code.localeCompare(b.code));

/** The 357 municipalities of 2024, sorted by code. */
export const CURRENT_MUNICIPALITIES: readonly MunicipalityCode[] = MUNICIPALITY_CODES.filter((m) => m.to === null);

export function municipality(code: string): MunicipalityCode | undefined {
  return BY_CODE.get(code);
}

export function county(code: string): County | undefined {
  return COUNTIES.find((c) => c.code === code);
}

/** True when the code exists and is valid on the date. */
export function isValidOn(code: string, date: string): boolean {
  const m = BY_CODE.get(code);
  return m !== undefined && (m.from === null || m.from <= date) && (m.to === null || date <= m.to);
}

/**
 * The municipality a code became by a date (default: today's structure). A code still valid on the
 * date maps to itself; an expired code follows its successors. Where a municipality was split, the
 * successor whose territory the code covered is preferred, otherwise the first listed. Undefined
 * for an unknown code.
 */
export function currentMunicipality(code: string, onDate?: string): MunicipalityCode | undefined {
  let m = BY_CODE.get(code);
  if (!m) return undefined;
  const targets = m.currentCodes;
  const date = onDate ?? '9999-12-31';
  while (m.to !== null && m.to < date) {
    const options: MunicipalityCode[] = m.replacedBy.map((c) => BY_CODE.get(c)!);
    const next: MunicipalityCode | undefined = options.find((o) => o.currentCodes.some((c) => targets.includes(c))) ?? options[0];
    if (!next) break;
    m = next;
  }
  return m;
}

/** The county code of the municipality a code became by a date (default: the current county). */
export function countyOf(code: string, onDate?: string): string | undefined {
  return currentMunicipality(code, onDate)?.county;
}

/** The codes that were replaced by this code (its direct predecessors). */
export function predecessorsOf(code: string): readonly MunicipalityCode[] {
  return PREDECESSORS.get(code) ?? [];
}

const PREDECESSORS: ReadonlyMap<string, MunicipalityCode[]> = (() => {
  const map = new Map<string, MunicipalityCode[]>();
  for (const m of MUNICIPALITY_CODES) {
    for (const next of m.replacedBy) {
      const list = map.get(next) ?? [];
      list.push(m);
      map.set(next, list);
    }
  }
  return map;
})();

/** One way a current municipality's territory can be traced back through the code changes. */
export interface Lineage {
  /** Probability of this lineage among the municipality's lineages (by population weights). */
  share: number;
  /** Oldest first; each step holds its code from `from` (null: open) to `to` (null: open). */
  steps: readonly { code: string; from: string | null; to: string | null }[];
}

const DEFAULT_WEIGHT = 1000;

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The lineages of a current municipality: every chain of codes (oldest first) that ends in it and
 * whose territory lies in it, with a share from the weights. A code older than the tables may
 * "stay" (its own territory, weighted by its population less what it absorbed); a code with a
 * `from` has only its predecessors.
 */
export function lineagesOf(currentCode: string): Lineage[] {
  const target = BY_CODE.get(currentCode);
  if (!target || target.to !== null) throw new Error(`not a current municipality code: ${currentCode}`);
  const out: Lineage[] = [];
  const walk = (m: MunicipalityCode, share: number, later: { code: string; from: string | null; to: string | null }[]): void => {
    const preds = (PREDECESSORS.get(m.code) ?? []).filter((p) => p.currentCodes.includes(currentCode));
    const stays = m.from === null || preds.length === 0;
    // Predecessors without a known population share what the successor has beyond the known ones.
    const known = preds.reduce((s, p) => s + p.population, 0);
    const unknown = preds.filter((p) => p.population === 0).length;
    const rest = !stays && unknown > 0 && m.population > known ? (m.population - known) / unknown : DEFAULT_WEIGHT;
    const options: { pred: MunicipalityCode | null; weight: number }[] = preds.map((p) => ({ pred: p, weight: p.population || rest }));
    if (stays) {
      const own = m.population || DEFAULT_WEIGHT;
      options.push({ pred: null, weight: preds.length === 0 ? 1 : Math.max(own - known, own * 0.05) });
    }
    const total = options.reduce((s, o) => s + o.weight, 0);
    for (const o of options) {
      const p = (share * o.weight) / total;
      if (o.pred === null) {
        out.push({ share: p, steps: [{ code: m.code, from: null, to: m.to }, ...later] });
      } else {
        walk(o.pred, p, [{ code: m.code, from: dayAfter(o.pred.to!), to: m.to }, ...later]);
      }
    }
  };
  walk(target, 1, []);
  return out;
}

/**
 * Names where the Norwegian form is not the first of the official parallel names (Sámi and Kven
 * forms come first in these), used by `placeName`.
 */
const NORWEGIAN_PLACE_NAMES: Readonly<Record<string, string>> = {
  '1826': 'Hattfjelldal',
  '5041': 'Snåsa',
  '5043': 'Røyrvik',
  '5512': 'Tjeldsund',
  '5518': 'Lavangen',
  '5540': 'Kåfjord',
  '5610': 'Karasjok',
  '5612': 'Kautokeino',
  '5628': 'Tana',
  '5636': 'Nesseby',
};

/** A municipality's everyday Norwegian place name: no county qualifier, no parallel names. */
export function placeName(m: MunicipalityCode): string {
  const fixed = NORWEGIAN_PLACE_NAMES[m.code];
  if (fixed) return fixed;
  return m.name.replace(/ \(.*\)$/, '').split(' - ')[0]!;
}
