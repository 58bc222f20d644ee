import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Hono } from 'hono';
import type { Context } from 'hono';

/**
 * The public statistics page, /statistikk (Norwegian bokmål) and /en/statistikk (English), and its
 * assets. The page is static: its script reads the open statistics API (/api/open/v1/lmr/...).
 *
 * Files are resolved from the package root, which is three levels up from both
 * src/server/routes/ and dist/server/routes/: the HTML and CSS are served from
 * src/server/web/statistikk/ (tsc does not copy them), the page script is the compiled
 * dist/server/web/statistikk/page.js (`npm run build`), and Chart.js is read from node_modules.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const WEB = join(ROOT, 'src/server/web/statistikk');
const SCRIPT = join(ROOT, 'dist/server/web/statistikk/page.js');
const CHART = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

/** The paths this module serves (HTML and static assets, not API: the OpenAPI document need not list them). */
export const PAGE_PATHS = {
  nb: '/statistikk',
  en: '/en/statistikk',
  css: '/statistikk/assets/statistikk.css',
  script: '/statistikk/assets/page.js',
  chart: '/statistikk/assets/chart.umd.min.js',
} as const;

export const PAGE_LANGUAGES = ['nb', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** Every text of the page, by language. `{{key}}` in index.html; the client reads them as JSON. */
export const PAGE_TEXT: Record<PageLanguage, Record<string, string>> = {
  nb: {
    htmlLang: 'nb',
    locale: 'nb-NO',
    title: 'Legemiddelstatistikk',
    intro: 'Statistikk fra Legemiddelregisteret: brukere, utleveringer, definerte døgndoser og kostnader for legemidler utlevert fra apotek.',
    skip: 'Hopp til innholdet',
    otherLang: 'English',
    otherLangHref: '/en/statistikk',
    otherLangCode: 'en',
    searchHeading: 'Velg legemiddel',
    searchLabel: 'Søk etter legemiddel (navn, virkestoff eller ATC-kode)',
    searchHint: 'Skriv minst to tegn. Bruk piltastene for å velge i listen og Enter for å bekrefte.',
    searchPlaceholder: 'f.eks. paracetamol eller N02BE01',
    noMatches: 'Ingen treff',
    matches: '{n} treff',
    selected: 'Valgt legemiddel: {drug}',
    noDrug: 'Ingen legemiddel valgt ennå.',
    choicesHeading: 'Velg visning',
    tableLabel: 'Tabell',
    measureLabel: 'Måltall',
    viewLegend: 'Visning',
    viewTime: 'Tidsserie',
    viewAgeSex: 'Alder og kjønn',
    viewCounty: 'Fylke',
    yearLabel: 'År',
    sexLabel: 'Kjønn',
    ageLabel: 'Aldersgruppe',
    countyLabel: 'Fylke',
    resultHeading: 'Resultat',
    chartCaption: 'Diagram',
    tableCaption: 'Tabell',
    download: 'Last ned CSV',
    legendHeading: 'Tegnforklaring',
    loading: 'Henter data …',
    loaded: 'Data hentet.',
    error: 'Kunne ikke hente data: {message}',
    noData: 'Statistikken er ikke tilgjengelig ennå.',
    suppressedInChart: 'Skjulte verdier vises ikke i diagrammet.',
    all: 'Alle',
    timeTitle: '{measure}, {drug}, {years}',
    ageSexTitle: '{measure} etter alder og kjønn, {drug}, {year}',
    countyTitle: '{measure} etter fylke, {drug}, {year}',
    chartLabel: 'Diagram: {title}',
    footer: 'Data fra lmr sitt åpne statistikk-API (kompatibelt med FHI Statistikk Open API).',
    apiLink: 'Om API-et',
  },
  en: {
    htmlLang: 'en',
    locale: 'en-GB',
    title: 'Drug statistics',
    intro: 'Statistics from the Norwegian Prescription Database: users, dispensings, defined daily doses and costs of drugs dispensed by pharmacies.',
    skip: 'Skip to content',
    otherLang: 'Norsk (bokmål)',
    otherLangHref: '/statistikk',
    otherLangCode: 'nb',
    searchHeading: 'Choose a drug',
    searchLabel: 'Search for a drug (name, substance or ATC code)',
    searchHint: 'Type at least two characters. Use the arrow keys to move in the list and Enter to choose.',
    searchPlaceholder: 'e.g. paracetamol or N02BE01',
    noMatches: 'No matches',
    matches: '{n} matches',
    selected: 'Chosen drug: {drug}',
    noDrug: 'No drug chosen yet.',
    choicesHeading: 'Choose a view',
    tableLabel: 'Table',
    measureLabel: 'Measure',
    viewLegend: 'View',
    viewTime: 'Time series',
    viewAgeSex: 'Age and sex',
    viewCounty: 'County',
    yearLabel: 'Year',
    sexLabel: 'Sex',
    ageLabel: 'Age group',
    countyLabel: 'County',
    resultHeading: 'Result',
    chartCaption: 'Chart',
    tableCaption: 'Table',
    download: 'Download CSV',
    legendHeading: 'Legend',
    loading: 'Fetching data …',
    loaded: 'Data fetched.',
    error: 'Could not fetch data: {message}',
    noData: 'The statistics are not available yet.',
    suppressedInChart: 'Suppressed values are not shown in the chart.',
    all: 'All',
    timeTitle: '{measure}, {drug}, {years}',
    ageSexTitle: '{measure} by age and sex, {drug}, {year}',
    countyTitle: '{measure} by county, {drug}, {year}',
    chartLabel: 'Chart: {title}',
    footer: "Data from lmr's open statistics API (compatible with FHI Statistikk Open API).",
    apiLink: 'About the API',
  },
};

function escapeHtml(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** Fills `{{key}}` from the language's texts (HTML-escaped); `{{json}}` is every text as JSON for the script. */
export function renderPage(template: string, lang: PageLanguage): string {
  const texts = PAGE_TEXT[lang];
  // `<` escaped so the JSON cannot close its <script> element.
  const json = JSON.stringify({ lang, ...texts }).replaceAll('<', '\\u003c');
  return template.replaceAll(/\{\{(\w+)\}\}/g, (whole, key: string) => {
    if (key === 'json') return json;
    const v = texts[key];
    return v === undefined ? whole : escapeHtml(v);
  });
}

const cache = new Map<string, string>();

async function file(path: string): Promise<string | undefined> {
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  try {
    const text = await readFile(path, 'utf8');
    cache.set(path, text);
    return text;
  } catch {
    return undefined;
  }
}

function missing(c: Context, what: string): Response {
  return c.json({ issues: [{ code: 'not-found', message: `${what} is missing from this installation (run npm run build)` }] }, 404);
}

export function statisticsPageRoutes(): Hono {
  const r = new Hono();

  const page = async (c: Context, lang: PageLanguage): Promise<Response> => {
    const template = await file(join(WEB, 'index.html'));
    if (template === undefined) return missing(c, 'the statistics page');
    return c.html(renderPage(template, lang), 200, { 'cache-control': 'no-cache', 'content-language': lang });
  };
  r.get(PAGE_PATHS.nb, (c) => page(c, c.req.query('lang') === 'en' ? 'en' : 'nb'));
  r.get(PAGE_PATHS.en, (c) => page(c, 'en'));

  const asset = (path: string, type: string, what: string) => async (c: Context) => {
    const body = await file(path);
    if (body === undefined) return missing(c, what);
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=300' });
  };
  r.get(PAGE_PATHS.css, asset(join(WEB, 'statistikk.css'), 'text/css; charset=utf-8', 'the page style'));
  r.get(PAGE_PATHS.script, asset(SCRIPT, 'text/javascript; charset=utf-8', 'the page script'));
  r.get(PAGE_PATHS.chart, asset(CHART, 'text/javascript; charset=utf-8', 'Chart.js'));
  return r;
}
