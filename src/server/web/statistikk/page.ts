/// <reference lib="dom" />
/**
 * The script of the public statistics page (/statistikk). It runs in the browser: compiled by tsc to
 * dist/server/web/statistikk/page.js and served by src/server/routes/pages.ts. It reads only the open
 * statistics API (FHI Statistikk Open API compatible, docs/formats/open-api.md) and draws with
 * Chart.js (its UMD build, loaded before this module as the global `Chart`).
 */
import type { Chart as ChartJs, ChartConfiguration, ChartDataset } from 'chart.js';

declare global {
  interface Window {
    Chart: typeof ChartJs;
  }
}

const API = '/api/open/v1/lmr';

interface Category {
  value: string;
  label: string;
  children: Category[] | null;
}
interface Dimension {
  code: string;
  label: string;
  categories: Category[];
}
interface TableInfo {
  tableId: number;
  title: string;
}
interface FlagInfo {
  title: string;
  text: string;
}
interface JsonStat {
  label?: string;
  id: string[];
  size: number[];
  dimension: Record<string, { label: string; category: { index?: string[] | Record<string, number>; label?: Record<string, string> } }>;
  value: (number | null)[] | Record<string, number | null>;
  status?: Record<string, string> | (string | null)[] | string;
}
interface DimensionFilter {
  code: string;
  filter: 'item' | 'all' | 'top';
  values: string[];
}
type View = 'time' | 'agesex' | 'county';
interface Drug {
  code: string;
  label: string;
  level: number;
}
interface Cell {
  value: number | null;
  flag: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Texts and elements

const T = JSON.parse(document.getElementById('lmr-text')?.textContent ?? '{}') as Record<string, string>;
const LANG = T.lang === 'en' ? 'en' : 'nb';

function t(key: string, vars: Record<string, string | number> = {}): string {
  return (T[key] ?? key).replaceAll(/\{(\w+)\}/g, (whole, k: string) => (vars[k] === undefined ? whole : String(vars[k])));
}

function el(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`the page lacks #${id}`);
  return e;
}

const search = el('drug-search') as HTMLInputElement;
const results = el('drug-results') as HTMLUListElement;
const searchCount = el('search-count');
const selectedDrug = el('selected-drug');
const form = el('choices') as HTMLFormElement;
const selects = {
  table: el('table') as HTMLSelectElement,
  measure: el('measure') as HTMLSelectElement,
  year: el('year') as HTMLSelectElement,
  sex: el('sex') as HTMLSelectElement,
  age: el('age') as HTMLSelectElement,
  county: el('county') as HTMLSelectElement,
};
const statusLine = el('status');
const result = el('result');
const resultTitle = el('result-title');
const canvas = el('chart') as HTMLCanvasElement;
const chartNote = el('chart-note');
const dataTable = el('data-table') as HTMLTableElement;
const tableCaption = el('data-table-caption');
const flagLegend = el('flag-legend');
const downloadButton = el('download-csv') as HTMLButtonElement;
const langSwitch = el('lang-switch') as HTMLAnchorElement;

const numberFormat = new Intl.NumberFormat(T.locale ?? 'nb-NO', { maximumFractionDigits: 2 });

// ---------------------------------------------------------------------------------------------
// State

const state = {
  tables: [] as TableInfo[],
  dims: new Map<string, Dimension>(),
  drugs: [] as Drug[],
  flags: [] as FlagInfo[],
  drug: undefined as Drug | undefined,
  view: 'time' as View,
  matches: [] as Drug[],
  active: -1,
  chart: undefined as ChartJs | undefined,
  request: 0,
};

// ---------------------------------------------------------------------------------------------
// The API

async function api<R>(path: string, init?: RequestInit): Promise<R> {
  const res = await fetch(`${API}${path}`, init);
  if (!res.ok) throw new Error(await problem(res));
  return (await res.json()) as R;
}

async function problem(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { issues?: { message?: string }[] };
    const messages = (body.issues ?? []).map((i) => i.message).filter((m): m is string => typeof m === 'string');
    if (messages.length > 0) return messages.join('; ');
  } catch {
    // not JSON: the status says enough
  }
  return `HTTP ${res.status}`;
}

function tableId(): string {
  return selects.table.value;
}

function post(format: 'json-stat2' | 'csv2', dimensions: DimensionFilter[]): Promise<Response> {
  return fetch(`${API}/table/${encodeURIComponent(tableId())}/data?lang=${LANG}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dimensions, response: { format, maxRowCount: 0 } }),
  });
}

// ---------------------------------------------------------------------------------------------
// Dimensions and choices

function flatten(categories: readonly Category[], level = 1, out: { c: Category; level: number }[] = []): { c: Category; level: number }[] {
  for (const c of categories) {
    out.push({ c, level });
    if (c.children) flatten(c.children, level + 1, out);
  }
  return out;
}

function categoriesOf(code: string): Category[] {
  const d = state.dims.get(code);
  return d === undefined ? [] : flatten(d.categories).map((x) => x.c);
}

function labelOf(code: string, value: string): string {
  return categoriesOf(code).find((c) => c.value === value)?.label ?? value;
}

function fill(select: HTMLSelectElement, categories: readonly Category[], preferred: readonly (string | null | undefined)[]): void {
  select.replaceChildren(...categories.map((c) => new Option(c.label, c.value)));
  const values = new Set(categories.map((c) => c.value));
  const pick = preferred.find((p): p is string => typeof p === 'string' && values.has(p));
  if (pick !== undefined) select.value = pick;
}

const params = new URLSearchParams(location.search);

async function loadTable(): Promise<void> {
  const id = encodeURIComponent(tableId());
  const [dims, flags] = await Promise.all([
    api<{ dimensions: Dimension[] }>(`/table/${id}/dimension?lang=${LANG}`),
    api<FlagInfo[]>(`/table/${id}/flag?lang=${LANG}`),
  ]);
  state.dims = new Map(dims.dimensions.map((d) => [d.code, d]));
  state.flags = flags;
  const prev = (s: HTMLSelectElement, key: string): (string | null)[] => [s.value || null, params.get(key)];
  fill(selects.measure, categoriesOf('MEASURE_TYPE'), [...prev(selects.measure, 'measure'), 'BRUKERE']);
  const years = categoriesOf('AAR');
  fill(selects.year, years, [...prev(selects.year, 'year'), years.at(-1)?.value]);
  fill(selects.sex, categoriesOf('KJONN'), [...prev(selects.sex, 'sex'), '0']);
  fill(selects.age, categoriesOf('ALDER'), [...prev(selects.age, 'age'), 'ALL']);
  fill(selects.county, categoriesOf('FYLKE'), [...prev(selects.county, 'county'), '00']);
  state.drugs = flatten(state.dims.get('ATC')?.categories ?? []).map(({ c, level }) => ({ code: c.value, label: c.label, level }));
  flagLegend.replaceChildren(
    ...state.flags.flatMap((f) => {
      const dt = document.createElement('dt');
      dt.textContent = f.title;
      const dd = document.createElement('dd');
      dd.textContent = f.text;
      return [dt, dd];
    }),
  );
  const wanted = state.drug?.code ?? params.get('atc');
  const drug = state.drugs.find((d) => d.code === wanted);
  if (drug !== undefined) choose(drug, false);
  else state.drug = undefined;
}

function showChoices(): void {
  const shown: Record<View, readonly string[]> = { time: ['sex', 'age', 'county'], agesex: ['year', 'county'], county: ['year', 'sex', 'age'] };
  for (const label of form.querySelectorAll<HTMLLabelElement>('label[data-for]')) {
    label.hidden = !shown[state.view].includes(label.dataset.for ?? '');
  }
}

// ---------------------------------------------------------------------------------------------
// Drug search (an ARIA 1.2 combobox with a listbox popup)

function normalize(s: string): string {
  return s.normalize('NFKD').replaceAll(/\p{M}/gu, '').toLowerCase();
}

function findDrugs(query: string): Drug[] {
  const q = normalize(query.trim());
  if (q.length < 2) return [];
  const ranked: { d: Drug; rank: number }[] = [];
  for (const d of state.drugs) {
    const label = normalize(d.label);
    if (!label.includes(q)) continue;
    const code = d.code.toLowerCase();
    const rank = code === q ? 0 : code.startsWith(q) ? 1 : label.split(/[\s,;()/-]+/).some((w) => w.startsWith(q)) ? 2 : 3;
    ranked.push({ d, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || b.d.level - a.d.level || a.d.code.localeCompare(b.d.code));
  return ranked.slice(0, 30).map((r) => r.d);
}

function showMatches(): void {
  state.matches = findDrugs(search.value);
  state.active = -1;
  results.replaceChildren(
    ...state.matches.map((d, i) => {
      const li = document.createElement('li');
      li.id = `drug-option-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.code = d.code;
      li.textContent = d.label;
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => choose(d));
      return li;
    }),
  );
  const open = state.matches.length > 0;
  results.hidden = !open;
  search.setAttribute('aria-expanded', String(open));
  search.removeAttribute('aria-activedescendant');
  searchCount.textContent = search.value.trim().length < 2 ? '' : open ? t('matches', { n: state.matches.length }) : t('noMatches');
}

function moveActive(step: number): void {
  if (state.matches.length === 0) return;
  state.active = (state.active + step + state.matches.length) % state.matches.length;
  results.querySelectorAll('li').forEach((li, i) => li.setAttribute('aria-selected', String(i === state.active)));
  const li = results.children[state.active] as HTMLElement | undefined;
  if (li) {
    search.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  }
}

function closeMatches(): void {
  results.hidden = true;
  search.setAttribute('aria-expanded', 'false');
  search.removeAttribute('aria-activedescendant');
}

function choose(drug: Drug, refreshNow = true): void {
  state.drug = drug;
  search.value = drug.label;
  closeMatches();
  selectedDrug.textContent = t('selected', { drug: drug.label });
  if (refreshNow) void refresh();
}

search.addEventListener('input', showMatches);
search.addEventListener('keydown', (e) => {
  switch (e.key) {
    case 'ArrowDown':
      e.preventDefault();
      if (results.hidden) showMatches();
      moveActive(1);
      break;
    case 'ArrowUp':
      e.preventDefault();
      moveActive(-1);
      break;
    case 'Enter': {
      e.preventDefault();
      const pick = state.matches[state.active] ?? (state.matches.length === 1 ? state.matches[0] : undefined);
      if (pick !== undefined) choose(pick);
      break;
    }
    case 'Escape':
      closeMatches();
      break;
    default:
      break;
  }
});
search.addEventListener('blur', closeMatches);

// ---------------------------------------------------------------------------------------------
// The data request of the chosen view

function currentRequest(): DimensionFilter[] {
  const drug = state.drug;
  if (drug === undefined) return [];
  const item = (code: string, values: string[]): DimensionFilter => ({ code, filter: 'item', values });
  const all = (code: string): DimensionFilter => ({ code, filter: 'all', values: ['*'] });
  const v = state.view;
  const byCode: Record<string, DimensionFilter> = {
    ATC: item('ATC', [drug.code]),
    AAR: v === 'time' ? all('AAR') : item('AAR', [selects.year.value]),
    KJONN: v === 'agesex' ? all('KJONN') : item('KJONN', [selects.sex.value]),
    ALDER: v === 'agesex' ? all('ALDER') : item('ALDER', [selects.age.value]),
    FYLKE: v === 'county' ? all('FYLKE') : item('FYLKE', [selects.county.value]),
    MEASURE_TYPE: item('MEASURE_TYPE', [selects.measure.value]),
  };
  // Every dimension of the table is sent (one left out would mean all its categories).
  return [...state.dims.values()].map((d) => byCode[d.code] ?? item(d.code, [d.categories[0]?.value ?? '']));
}

/** Reads a JSON-stat 2.0 dataset: the codes of each dimension and the cell at a combination of codes. */
function reader(ds: JsonStat): { codes(dim: string): string[]; label(dim: string, code: string): string; cell(at: Record<string, string>): Cell } {
  const codes = (dim: string): string[] => {
    const index = ds.dimension[dim]?.category.index;
    if (index === undefined) return Object.keys(ds.dimension[dim]?.category.label ?? {});
    if (Array.isArray(index)) return index;
    return Object.entries(index).sort((a, b) => a[1] - b[1]).map(([c]) => c);
  };
  const positions = ds.id.map((dim) => new Map(codes(dim).map((c, i) => [c, i])));
  const strides = ds.size.map((_, k) => ds.size.slice(k + 1).reduce((a, b) => a * b, 1));
  const status = (i: number): string | undefined => {
    const s = ds.status;
    if (s === undefined) return undefined;
    if (typeof s === 'string') return s || undefined;
    if (Array.isArray(s)) return s[i] ?? undefined;
    return s[String(i)];
  };
  return {
    codes,
    label: (dim, code) => ds.dimension[dim]?.category.label?.[code] ?? code,
    cell(at) {
      let i = 0;
      ds.id.forEach((dim, k) => {
        const p = positions[k]!.get(at[dim] ?? '') ?? (ds.size[k] === 1 ? 0 : -1);
        if (p < 0) i = Number.NaN;
        i += p * strides[k]!;
      });
      if (Number.isNaN(i)) return { value: null, flag: undefined };
      const raw = Array.isArray(ds.value) ? ds.value[i] : ds.value[String(i)];
      return { value: typeof raw === 'number' ? raw : null, flag: status(i) };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering

interface Shaped {
  title: string;
  /** first column heading, then one heading per value column */
  head: string[];
  rows: { code: string; label: string; cells: Cell[] }[];
  chart: ChartConfiguration<'line' | 'bar', (number | null)[], string>;
}

const COLORS = ['#00509e', '#c0392b', '#2e7d32', '#6a1b9a'];

function dataset(label: string, cells: Cell[], i: number, type: 'line' | 'bar'): ChartDataset<'line' | 'bar', (number | null)[]> {
  return { type, label, data: cells.map((c) => c.value), backgroundColor: COLORS[i % COLORS.length], borderColor: COLORS[i % COLORS.length] };
}

function shape(ds: JsonStat): Shaped {
  const r = reader(ds);
  const drug = state.drug!;
  const measure = labelOf('MEASURE_TYPE', selects.measure.value);
  const fixed: Record<string, string> = {
    ATC: drug.code,
    AAR: selects.year.value,
    KJONN: selects.sex.value,
    ALDER: selects.age.value,
    FYLKE: selects.county.value,
    MEASURE_TYPE: selects.measure.value,
  };
  const base = { responsive: true, maintainAspectRatio: false, animation: false as const, spanGaps: false, locale: T.locale ?? (LANG === 'en' ? 'en-GB' : 'nb-NO') };
  switch (state.view) {
    case 'time': {
      const years = r.codes('AAR');
      const cells = years.map((y) => r.cell({ ...fixed, AAR: y }));
      const span = years.length > 1 ? `${years[0]!}–${years.at(-1)!}` : (years[0] ?? '');
      return {
        title: t('timeTitle', { measure, drug: drug.label, years: span }),
        head: [state.dims.get('AAR')?.label ?? '', measure],
        rows: years.map((y, i) => ({ code: y, label: r.label('AAR', y), cells: [cells[i]!] })),
        chart: {
          type: 'line',
          data: { labels: years.map((y) => r.label('AAR', y)), datasets: [{ ...dataset(measure, cells, 0, 'line'), pointRadius: 4 }] },
          options: { ...base, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
        },
      };
    }
    case 'agesex': {
      const ages = r.codes('ALDER').filter((a) => a !== 'ALL');
      const sexes = r.codes('KJONN');
      const columns = sexes.map((s) => ({ s, cells: ages.map((a) => r.cell({ ...fixed, ALDER: a, KJONN: s })) }));
      const bySex = columns.filter((c) => c.s !== '0');
      return {
        title: t('ageSexTitle', { measure, drug: drug.label, year: r.label('AAR', selects.year.value) }),
        head: [state.dims.get('ALDER')?.label ?? '', ...sexes.map((s) => r.label('KJONN', s))],
        rows: ages.map((a, i) => ({ code: a, label: r.label('ALDER', a), cells: columns.map((c) => c.cells[i]!) })),
        chart: {
          type: 'bar',
          data: { labels: ages.map((a) => r.label('ALDER', a)), datasets: bySex.map((c, i) => dataset(r.label('KJONN', c.s), c.cells, i, 'bar')) },
          options: { ...base, scales: { y: { beginAtZero: true } } },
        },
      };
    }
    case 'county': {
      const counties = r.codes('FYLKE');
      const cells = counties.map((f) => r.cell({ ...fixed, FYLKE: f }));
      // The whole country is in the table, not in the chart, where it would dwarf the counties.
      const inChart = counties.map((f, i) => ({ f, c: cells[i]! })).filter((x) => x.f !== '00');
      return {
        title: t('countyTitle', { measure, drug: drug.label, year: r.label('AAR', selects.year.value) }),
        head: [state.dims.get('FYLKE')?.label ?? '', measure],
        rows: counties.map((f, i) => ({ code: f, label: r.label('FYLKE', f), cells: [cells[i]!] })),
        chart: {
          type: 'bar',
          data: { labels: inChart.map((x) => r.label('FYLKE', x.f)), datasets: [dataset(measure, inChart.map((x) => x.c), 0, 'bar')] },
          options: { ...base, indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } },
        },
      };
    }
  }
}

function flagText(symbol: string): string {
  return state.flags.find((f) => f.title === symbol)?.text ?? symbol;
}

function renderTable(s: Shaped): void {
  tableCaption.textContent = s.title;
  const headRow = document.createElement('tr');
  s.head.forEach((h) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    headRow.append(th);
  });
  dataTable.tHead!.replaceChildren(headRow);
  const body = dataTable.tBodies[0]!;
  body.replaceChildren(
    ...s.rows.map((row) => {
      const tr = document.createElement('tr');
      tr.dataset.code = row.code;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = row.label;
      tr.append(th);
      for (const cell of row.cells) {
        const td = document.createElement('td');
        if (cell.flag !== undefined) {
          const explanation = flagText(cell.flag);
          td.className = 'flagged';
          td.dataset.flag = cell.flag;
          const abbr = document.createElement('abbr');
          abbr.title = explanation;
          abbr.textContent = cell.flag;
          const hidden = document.createElement('span');
          hidden.className = 'visually-hidden';
          hidden.textContent = ` (${explanation})`;
          td.append(abbr, hidden);
        } else if (cell.value !== null) {
          td.dataset.value = String(cell.value);
          td.textContent = numberFormat.format(cell.value);
        }
        tr.append(td);
      }
      return tr;
    }),
  );
}

function renderChart(s: Shaped): void {
  state.chart?.destroy();
  canvas.setAttribute('aria-label', t('chartLabel', { title: s.title }));
  state.chart = new window.Chart(canvas, s.chart);
  const flagged = s.rows.some((r) => r.cells.some((c) => c.flag !== undefined));
  chartNote.textContent = flagged ? t('suppressedInChart') : '';
}

function setStatus(text: string, error = false): void {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', error);
}

function remember(): void {
  const q = new URLSearchParams();
  if (new URLSearchParams(location.search).get('lang') === 'en') q.set('lang', 'en');
  if (state.drug) q.set('atc', state.drug.code);
  q.set('view', state.view);
  for (const [key, s] of Object.entries(selects)) if (s.value) q.set(key, s.value);
  history.replaceState(null, '', `${location.pathname}?${q.toString()}`);
  q.delete('lang');
  langSwitch.href = `${T.otherLangHref ?? '/statistikk'}?${q.toString()}`;
}

async function refresh(): Promise<void> {
  remember();
  if (state.drug === undefined) {
    result.hidden = true;
    return;
  }
  const mine = ++state.request;
  setStatus(t('loading'));
  result.setAttribute('aria-busy', 'true');
  try {
    const res = await post('json-stat2', currentRequest());
    if (!res.ok) throw new Error(await problem(res));
    const ds = (await res.json()) as JsonStat;
    if (mine !== state.request) return;
    const s = shape(ds);
    resultTitle.textContent = s.title;
    result.hidden = false;
    renderTable(s);
    renderChart(s);
    setStatus(t('loaded'));
    // How many results have been drawn: lets a test wait for this one.
    result.dataset.rendered = String(mine);
  } catch (e) {
    if (mine === state.request) setStatus(t('error', { message: e instanceof Error ? e.message : String(e) }), true);
  } finally {
    if (mine === state.request) result.removeAttribute('aria-busy');
  }
}

async function downloadCsv(): Promise<void> {
  if (state.drug === undefined) return;
  try {
    const res = await post('csv2', currentRequest());
    if (!res.ok) throw new Error(await problem(res));
    const blob = new Blob([await res.text()], { type: 'text/csv;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `lmr-${state.drug.code}-${state.view}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    setStatus(t('error', { message: e instanceof Error ? e.message : String(e) }), true);
  }
}

// ---------------------------------------------------------------------------------------------
// Start

form.addEventListener('submit', (e) => e.preventDefault());
form.addEventListener('change', (e) => {
  const target = e.target as HTMLInputElement | HTMLSelectElement;
  if (target.name === 'view') {
    state.view = target.value as View;
    showChoices();
    void refresh();
  } else if (target === selects.table) {
    void loadTable().then(refresh, (err: unknown) => setStatus(t('error', { message: err instanceof Error ? err.message : String(err) }), true));
  } else void refresh();
});
downloadButton.addEventListener('click', () => void downloadCsv());

async function start(): Promise<void> {
  const view = params.get('view');
  if (view === 'time' || view === 'agesex' || view === 'county') {
    state.view = view;
    const radio = form.querySelector<HTMLInputElement>(`input[name="view"][value="${view}"]`);
    if (radio) radio.checked = true;
  }
  showChoices();
  try {
    state.tables = await api<TableInfo[]>(`/table?lang=${LANG}`);
    if (state.tables.length === 0) {
      setStatus(t('noData'));
      return;
    }
    fill(
      selects.table,
      state.tables.map((x) => ({ value: String(x.tableId), label: x.title, children: null })),
      [params.get('table'), '1'],
    );
    await loadTable();
    document.body.dataset.ready = 'true';
    await refresh();
  } catch (e) {
    setStatus(t('error', { message: e instanceof Error ? e.message : String(e) }), true);
  }
}

void start();
