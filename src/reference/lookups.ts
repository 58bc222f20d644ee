import { query, queryOne, type DuckDBConnection } from '../shared/duckdb.js';
import { atcLevel, atcParent } from '../shared/atc.js';
import { isIsoDate } from '../shared/dates.js';
import { badRequest, notFound } from '../shared/outcome.js';

/** The day a look-up is evaluated on: the given date (checked) or today. */
function dayOf(on: string | undefined): string {
  if (on === undefined || on === '') return new Date().toISOString().slice(0, 10);
  if (!isIsoDate(on)) throw badRequest('must be a date (YYYY-MM-DD)', { path: 'on', rule: 'REF-DATE' });
  return on;
}

/** Read-side of the reference context: plain functions over the store, shared by the CLI and HTTP. */

export interface ProductView {
  varenr: string;
  name: string | null;
  atc: string | null;
  atcName: string | null;
  reseptgruppe: string | null;
  form: { code: string | null; name: string | null };
  pakningsstr: string | null;
  packSize: number | null;
  packUnit: string | null;
  strength: { value: number; unit: string | null; per: { value: number | null; unit: string } | null } | null;
  ddd: { value: number; unit: string | null } | null;
  dddPerPack: number | null;
  aup: number | null;
  prices: { type: string; amount: number; currency: string | null; validFrom: string | null }[];
  status: string | null;
  versions: number;
}

/** FEST writes Varenr with or without leading zeros; the register keys it as six digits. */
export function normaliseVarenr(input: string): string {
  const v = input.trim();
  if (!/^\d{1,6}$/.test(v)) throw badRequest('a varenr is 1–6 digits', { path: 'varenr', rule: 'REF-VARENR' });
  return v.padStart(6, '0');
}

export async function showProduct(conn: DuckDBConnection, varenrInput: string, on?: string): Promise<ProductView> {
  const varenr = normaliseVarenr(varenrInput);
  const day = dayOf(on);
  const p = await queryOne<Record<string, string | number | null>>(conn, `SELECT * FROM product WHERE varenr = ?`, [varenr]);
  if (!p) throw notFound(`no product with varenr ${varenr} in FEST`, { path: 'varenr', rule: 'REF-PRODUCT' });
  const prices = await query<{ type: string; amount: number; currency: string | null; validFrom: string | null }>(
    conn,
    `SELECT price_type AS type, amount, currency, strftime(valid_from, '%Y-%m-%d') AS "validFrom" FROM price
     WHERE varenr = ? ORDER BY price_type, valid_from NULLS FIRST`,
    [varenr],
  );
  const aup = prices
    .filter((x) => x.type === '5' && (x.validFrom === null || x.validFrom <= day))
    .sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''))
    .at(-1);
  const versions = await queryOne<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM product_history WHERE varenr = ?`, [varenr]);
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const str = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));
  return {
    varenr,
    name: str(p.name),
    atc: str(p.atc),
    atcName: str(p.atc_name),
    reseptgruppe: str(p.reseptgruppe),
    form: { code: str(p.form_code), name: str(p.form_name) },
    pakningsstr: str(p.pakningsstr),
    packSize: num(p.pack_size),
    packUnit: str(p.pack_unit),
    strength:
      p.strength_value === null
        ? null
        : {
            value: Number(p.strength_value),
            unit: str(p.strength_unit),
            per: p.strength_denominator_unit === null ? null : { value: num(p.strength_denominator_value), unit: String(p.strength_denominator_unit) },
          },
    ddd: p.ddd_value === null ? null : { value: Number(p.ddd_value), unit: str(p.ddd_unit) },
    dddPerPack: num(p.ddd_per_pack),
    aup: aup?.amount ?? null,
    prices,
    status: str(p.status),
    versions: versions?.n ?? 0,
  };
}

export interface AtcView {
  code: string;
  name: string | null;
  nameEnglish: string | null;
  level: number;
  parent: string | null;
  source: 'codelist-7180' | 'fest';
}

/** The level of an ATC code, or a 400 naming the rule when the code has no ATC shape. */
export function atcLevelOrFail(code: string): number {
  const level = atcLevel(code);
  if (level === null) throw badRequest('not an ATC code (e.g. N, N02, N02A, N02AA, N02AA01)', { path: 'code', rule: 'REF-ATC' });
  return level;
}

export async function showAtc(conn: DuckDBConnection, input: string): Promise<AtcView> {
  const code = input.trim().toUpperCase();
  const level = atcLevelOrFail(code);
  const fromList = await queryOne<{ display: string | null; name_en: string | null; parent: string | null; level: number | null }>(
    conn,
    `SELECT display, name_en, parent, level FROM code WHERE oid = '7180' AND code = ?
     ORDER BY effective_to DESC NULLS FIRST, effective_from DESC NULLS LAST LIMIT 1`,
    [code],
  );
  if (fromList) {
    return { code, name: fromList.display, nameEnglish: fromList.name_en, level: fromList.level ?? level, parent: fromList.parent ?? atcParent(code) ?? null, source: 'codelist-7180' };
  }
  const fromFest = await queryOne<{ name: string | null; n: number }>(
    conn,
    `SELECT coalesce(
       (SELECT any_value(atc_name) FROM product WHERE atc = ? AND atc_name IS NOT NULL),
       (SELECT any_value(name) FROM substance WHERE atc = ?)) AS name,
       (SELECT count(*) FROM product WHERE starts_with(atc, ?))::INTEGER AS n`,
    [code, code, code],
  );
  if (!fromFest || (fromFest.name === null && fromFest.n === 0)) {
    throw notFound(`ATC code ${code} is neither in code list 7180 nor used in FEST`, { path: 'code', rule: 'REF-ATC' });
  }
  return { code, name: fromFest.name, nameEnglish: null, level, parent: atcParent(code) ?? null, source: 'fest' };
}

export interface CodeValidation {
  valid: boolean;
  oid: string;
  code: string;
  on: string;
  display: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  county?: string | null;
  replacedBy?: string | null;
  reason: string | null;
}

/** Is `code` in list `oid` on the given day? Reports why not: unknown code, not yet valid, or expired. */
export async function validateCode(conn: DuckDBConnection, oidInput: string, codeInput: string, on?: string): Promise<CodeValidation> {
  const oid = oidInput.replace(/^urn:oid:/, '').replace(/^2\.16\.578\.1\.12\.4\.1\.1\./, '');
  const code = codeInput.trim();
  const day = dayOf(on);
  const list = await queryOne(conn, `SELECT oid FROM codelist WHERE oid = ?`, [oid]);
  if (!list) throw notFound(`code list ${oid} has not been imported`, { path: 'oid', rule: 'REF-CODELIST' });
  const rows = await query<{ display: string | null; f: string | null; t: string | null; county: string | null; replaced_by: string | null }>(
    conn,
    `SELECT display, strftime(effective_from, '%Y-%m-%d') AS f, strftime(effective_to, '%Y-%m-%d') AS t, county, replaced_by
     FROM code WHERE oid = ? AND code = ? ORDER BY effective_from NULLS FIRST`,
    [oid, code],
  );
  const base = { oid, code, on: day };
  if (rows.length === 0) {
    return { ...base, valid: false, display: null, effectiveFrom: null, effectiveTo: null, reason: `code is not in list ${oid}` };
  }
  const hit = rows.find((r) => (r.f === null || r.f <= day) && (r.t === null || r.t >= day));
  const shown = hit ?? rows[rows.length - 1]!;
  const extra = oid === '3402' ? { county: shown.county, replacedBy: shown.replaced_by } : {};
  if (hit) return { ...base, valid: true, display: hit.display, effectiveFrom: hit.f, effectiveTo: hit.t, ...extra, reason: null };
  const reason = rows.every((r) => r.f !== null && r.f > day)
    ? `code is not valid until ${rows[0]!.f}`
    : `code expired on ${shown.t ?? '?'}${shown.replaced_by ? ` (replaced by ${shown.replaced_by})` : ''}`;
  return { ...base, valid: false, display: shown.display, effectiveFrom: shown.f, effectiveTo: shown.t, ...extra, reason };
}

export interface ReferenceStats {
  persons: number;
  prescribers: number;
  pharmacies: number;
  products: number;
  atcCodes: number;
  municipalities: number;
  counties: number;
}

/** Counts of the reference data. `atcCodes` counts level-5 codes; municipalities and counties are those valid today. */
export async function referenceStats(conn: DuckDBConnection, on?: string): Promise<ReferenceStats> {
  const day = dayOf(on);
  const r = await queryOne<ReferenceStats>(
    conn,
    `WITH valid AS (
       SELECT * FROM code WHERE (effective_from IS NULL OR effective_from <= ?::DATE) AND (effective_to IS NULL OR effective_to >= ?::DATE)
     )
     SELECT
       (SELECT count(*) FROM person)::INTEGER AS persons,
       (SELECT count(*) FROM prescriber)::INTEGER AS prescribers,
       (SELECT count(*) FROM pharmacy)::INTEGER AS pharmacies,
       (SELECT count(*) FROM product)::INTEGER AS products,
       (SELECT count(*) FROM (SELECT code FROM valid WHERE oid = '7180' AND length(code) = 7
                              UNION SELECT atc FROM product WHERE length(atc) = 7))::INTEGER AS "atcCodes",
       (SELECT count(DISTINCT code) FROM valid WHERE oid = '3402')::INTEGER AS municipalities,
       (SELECT count(DISTINCT c) FROM (SELECT county AS c FROM valid WHERE oid = '3402' AND county IS NOT NULL
                                       UNION SELECT code FROM valid WHERE oid = '3403'))::INTEGER AS counties`,
    [day, day],
  );
  return r!;
}

/** What /health may tell: whether the store holds each kind of reference data, and when it was last imported. */
export async function referenceHealth(conn: DuckDBConnection): Promise<Record<string, { rows: number; lastImport: string | null }>> {
  const rows = await query<{ source: string; last: string | null }>(
    conn,
    `SELECT source, strftime(max(finished_at), '%Y-%m-%dT%H:%M:%SZ') AS last FROM import_log GROUP BY source`,
  );
  const last = new Map(rows.map((r) => [r.source, r.last]));
  const counts = await queryOne<Record<string, number>>(
    conn,
    `SELECT (SELECT count(*) FROM product)::INTEGER AS fest, (SELECT count(*) FROM person)::INTEGER AS population,
            (SELECT count(*) FROM prescriber)::INTEGER AS prescribers, (SELECT count(*) FROM pharmacy)::INTEGER AS pharmacies,
            (SELECT count(*) FROM code)::INTEGER AS codelists`,
  );
  return Object.fromEntries(
    ['fest', 'population', 'prescribers', 'pharmacies', 'codelists'].map((s) => [s, { rows: counts?.[s] ?? 0, lastImport: last.get(s) ?? null }]),
  );
}
