import type { DuckDBConnection } from '@duckdb/node-api';
import { municipalityMapTable } from '../reference/county.js';
import { scriptStatements, transaction, type Store } from '../shared/duckdb.js';
import { LmrError, issue } from '../shared/outcome.js';
import { COUNTRY, UNKNOWN_COUNTY } from './cube.js';
import { suppress } from './disclosure/suppress.js';
import { STATISTICS_CATALOG } from './store.js';

/** The release rebuilt as data arrive: everything received so far. */
export const PRELIMINARY = 'preliminary';

export interface BuildSummary {
  release: string;
  /** The years recomputed (an incremental build recomputes only the years new data touched). */
  years: number[];
  cells: number;
  primary: number;
  secondary: number;
  seconds: number;
}

const ageGroup = (age: string): string =>
  `CASE WHEN ${age} >= 90 THEN '90+' ELSE lpad(((${age} // 5) * 5)::VARCHAR, 2, '0') || '-' || lpad(((${age} // 5) * 5 + 4)::VARCHAR, 2, '0') END`;

const COUNTY_MAP = municipalityMapTable('st_county');

/**
 * The margins by sex: each person has one sex (the population register's, joined per person, never
 * the sex on a message), so users add up across sex and the margins of both
 * sexes are sums of these. Each is one GROUP BY over the person-level sums (st_p), per ATC level: at
 * the finest level (a level-5 code, age and county) a row is one person, so users = count(*); the
 * others need count(DISTINCT), since a person may use two codes under one parent, or have two age
 * groups or counties in a year. (Expanding ATC levels into a table first, or GROUPING SETS, was slower.)
 */
const SEX_MARGINS: readonly (readonly string[])[] = [['age', 'county'], ['age'], ['county'], []];
/** The length of an ATC code at levels 1–5. */
const ATC_LENGTHS = [1, 3, 4, 5, 7] as const;

/** One year's cells: person-level sums first, then every ATC level, then all margins. */
const YEAR_CELLS = `
CREATE OR REPLACE TEMP TABLE st_p AS
SELECT d.patient_id AS pid, CASE p.sex WHEN 'male' THEN '1' WHEN 'female' THEN '2' END AS sex, ${ageGroup('d.patient_age')} AS age,
  coalesce(m.county, '${UNKNOWN_COUNTY}') AS county, d.atc, count(*) AS n, sum(d.ddd) AS ddd, sum(d.aup) AS cost
FROM dispensing.current_dispensing d
JOIN person p ON p.person_id = d.patient_id AND p.sex IN ('male', 'female')
LEFT JOIN st_county m ON m.code = d.patient_municipality
WHERE NOT d.animal AND d.patient_age BETWEEN 0 AND 130
  AND length(d.atc) = 7 AND d.dispensed_on >= make_date($y::INTEGER, 1, 1) AND d.dispensed_on < make_date($y::INTEGER + 1, 1, 1)
GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE st_f AS
${ATC_LENGTHS.map(
  (length, i) => `SELECT atc[1:${length}] AS atc, ${i + 1} AS lvl, sex, age, county, ${length === 7 ? 'count(*)' : 'count(DISTINCT pid)'} AS users, sum(n) AS n, sum(ddd) AS ddd, sum(cost) AS cost
FROM st_p GROUP BY atc[1:${length}], sex, age, county`,
).join('\nUNION ALL\n')};
CREATE OR REPLACE TEMP TABLE st_m AS
WITH u AS (
${ATC_LENGTHS.flatMap((length, i) =>
  SEX_MARGINS.filter((keys) => keys.length < 2).map(
    (keys) => `  SELECT atc[1:${length}] AS atc, ${i + 1} AS lvl, sex, ${keys.includes('age') ? 'age' : "'ALL'"} AS age, ${keys.includes('county') ? 'county' : `'${COUNTRY}'`} AS county, count(DISTINCT pid) AS users
  FROM st_p GROUP BY atc[1:${length}], sex${keys.map((k) => `, ${k}`).join('')}`,
  ),
).join('\n  UNION ALL\n')}
), s AS (
  SELECT atc, lvl, sex, coalesce(age, 'ALL') AS age, coalesce(county, '${COUNTRY}') AS county, sum(n) AS n, sum(ddd) AS ddd, sum(cost) AS cost
  FROM st_f GROUP BY GROUPING SETS ((atc, lvl, sex, age), (atc, lvl, sex, county), (atc, lvl, sex))
)
SELECT atc, lvl, sex, age, county, users, n, ddd, cost FROM st_f
UNION ALL
SELECT u.atc, u.lvl, u.sex, u.age, u.county, u.users, s.n, s.ddd, s.cost FROM u JOIN s USING (atc, lvl, sex, age, county);
DROP TABLE st_f;
INSERT INTO st_cells
SELECT $y::INTEGER, atc, lvl, sex, age, county, users, n, ddd, cost FROM st_m
UNION ALL
SELECT $y::INTEGER, atc, lvl, '0', age, county, sum(users), sum(n), sum(ddd), sum(cost) FROM st_m GROUP BY atc, lvl, age, county;
DROP TABLE st_m;
DROP TABLE st_p;
CREATE OR REPLACE TEMP TABLE st_pop AS
WITH res AS (
  SELECT p.person_id, CASE p.sex WHEN 'male' THEN '1' WHEN 'female' THEN '2' ELSE p.sex END AS sex,
    date_part('year', age(make_date($y::INTEGER, 1, 1), p.birth_date))::INTEGER AS a, r.municipality
  FROM person p JOIN residence r ON r.person_id = p.person_id
    AND r.valid_from <= make_date($y::INTEGER, 1, 1) AND (r.valid_to IS NULL OR r.valid_to >= make_date($y::INTEGER, 1, 1))
  WHERE p.birth_date <= make_date($y::INTEGER, 1, 1) AND (p.death_date IS NULL OR p.death_date > make_date($y::INTEGER, 1, 1))
)
SELECT coalesce(sex, '0') AS sex, coalesce(age, 'ALL') AS age, coalesce(county, '${COUNTRY}') AS county, count(DISTINCT person_id) AS persons
FROM (SELECT res.person_id, res.sex, ${ageGroup('res.a')} AS age, coalesce(m.county, '${UNKNOWN_COUNTY}') AS county
      FROM res LEFT JOIN st_county m ON m.code = res.municipality WHERE res.sex IN ('1', '2'))
GROUP BY CUBE (sex, age, county);
INSERT INTO st_pops SELECT $y::INTEGER, sex, age, county, persons FROM st_pop;
DROP TABLE st_pop;
`;

/** The staged years into the store, in the build's one write transaction. */
const APPLY = `
DELETE FROM cell WHERE release = $release::VARCHAR AND year IN (SELECT DISTINCT year FROM st_years);
DELETE FROM population WHERE release = $release::VARCHAR AND year IN (SELECT DISTINCT year FROM st_years);
INSERT INTO cell (release, year, atc, atc_level, sex, age, county, users, dispensings, ddd, cost, population, suppressed, reason)
SELECT $release::VARCHAR, c.year, c.atc, c.lvl, c.sex, c.age, c.county, c.users, c.n, c.ddd, c.cost,
  CASE WHEN c.county <> '${UNKNOWN_COUNTY}' THEN p.persons END, false, NULL::VARCHAR
FROM st_cells c LEFT JOIN st_pops p ON p.year = c.year AND p.sex = c.sex AND p.age = c.age AND p.county = c.county
ORDER BY c.year, c.atc, c.sex, c.age, c.county;
INSERT INTO population SELECT $release::VARCHAR, year, sex, age, county, persons FROM st_pops;
`;

const STAGING = `
CREATE OR REPLACE TEMP TABLE st_cells (year INTEGER, atc VARCHAR, lvl INTEGER, sex VARCHAR, age VARCHAR, county VARCHAR, users BIGINT, n BIGINT, ddd DOUBLE, cost DOUBLE);
CREATE OR REPLACE TEMP TABLE st_pops (year INTEGER, sex VARCHAR, age VARCHAR, county VARCHAR, persons BIGINT);
CREATE OR REPLACE TEMP TABLE st_years (year INTEGER);
`;

async function run(conn: DuckDBConnection, sql: string, params: Record<string, string | number>): Promise<void> {
  for (const { sql: s, params: used } of scriptStatements(sql, params)) {
    const t = performance.now();
    await (used ? conn.run(s, used) : conn.run(s));
    // LMR_STATS_PROFILE=1: the time of each statement, to stderr.
    if (process.env.LMR_STATS_PROFILE) process.stderr.write(`${((performance.now() - t) / 1000).toFixed(2).padStart(7)} s  ${s.slice(0, 80).replace(/\s+/g, ' ')}\n`);
  }
}

async function scalar<T>(conn: DuckDBConnection, sql: string, params?: Record<string, string | number>): Promise<T> {
  return ((await (params ? conn.runAndReadAll(sql, params) : conn.runAndReadAll(sql))).getRowsJS()[0]?.[0] ?? null) as T;
}

/** A connection whose default catalog is the statistics store, with the register's stores behind it. */
async function statisticsConnection(store: Store): Promise<DuckDBConnection> {
  const home = await scalar<string>(store.conn, 'SELECT current_database()');
  const conn = await store.instance.connect();
  await conn.run(`USE ${STATISTICS_CATALOG}`);
  await conn.run(`SET search_path = '${STATISTICS_CATALOG}.main,${home.replaceAll("'", "''")}.main'`);
  return conn;
}

/**
 * `lmr stats build`: computes the preliminary release from the dispensing store. Incremental: only the
 * years touched by dispensings received since the last build (every version of a touched key, so a
 * correction that moves a date recomputes both years) are recomputed; `full` recomputes every year.
 * Cells, denominators and disclosure control change in one transaction: readers see the old release
 * or the new one, never a mixture.
 */
export async function buildStatistics(store: Store, options: { full?: boolean } = {}): Promise<BuildSummary> {
  const started = performance.now();
  const conn = await statisticsConnection(store);
  try {
    const watermark = await scalar<string | null>(conn, `SELECT max(received_at)::VARCHAR FROM dispensing.dispensing`);
    const previous = options.full ? null : await scalar<string | null>(conn, `SELECT watermark::VARCHAR FROM release WHERE name = $r::VARCHAR`, { r: PRELIMINARY });
    const yearsSql =
      previous === null
        ? `SELECT DISTINCT year(dispensed_on)::INTEGER FROM dispensing.dispensing ORDER BY 1`
        : `SELECT DISTINCT year(dispensed_on)::INTEGER FROM dispensing.dispensing
           WHERE key_hash IN (SELECT key_hash FROM dispensing.dispensing WHERE received_at > $w::TIMESTAMP - INTERVAL 1 HOUR) ORDER BY 1`;
    // A year in a final release is no longer in the preliminary table: two tables of the same year
    // could be differenced (late data would show as the difference).
    const finalYears = new Set(((await conn.runAndReadAll(`SELECT DISTINCT unnest(years) FROM release WHERE final`)).getRowsJS() as [number][]).map(([y]) => y));
    // Nothing received since the last build: nothing to do. Otherwise the rows received since an hour
    // before the last build's watermark: received_at is stamped when a chunk starts, so a chunk that
    // committed after the watermark was read can carry an earlier stamp.
    const unchanged = previous !== null && watermark === previous;
    const years = (unchanged ? [] : ((await (previous === null ? conn.runAndReadAll(yearsSql) : conn.runAndReadAll(yearsSql, { w: previous }))).getRowsJS() as [number][]))
      .map(([y]) => y)
      .filter((y) => !finalYears.has(y));
    let primary = 0;
    let secondary = 0;
    const known = await scalar<string | null>(conn, `SELECT name FROM release WHERE name = $r::VARCHAR`, { r: PRELIMINARY });
    if (years.length === 0 && known !== null && !options.full) {
      const cells = Number(await scalar<number | bigint>(conn, `SELECT count(*) FROM cell WHERE release = $r::VARCHAR`, { r: PRELIMINARY }));
      return { release: PRELIMINARY, years, cells, primary, secondary, seconds: Math.round((performance.now() - started) / 10) / 100 };
    }
    // The years are computed first, into temporary tables (reads only); then one short write transaction.
    await run(conn, STAGING, {});
    if (years.length > 0) {
      await conn.run(COUNTY_MAP);
      for (const y of years) {
        await run(conn, YEAR_CELLS, { y });
        await conn.run(`INSERT INTO st_years VALUES ($y::INTEGER)`, { y });
      }
    }
    await transaction(conn, async () => {
      if (options.full) {
        await conn.run(`DELETE FROM cell WHERE release = $r::VARCHAR`, { r: PRELIMINARY });
        await conn.run(`DELETE FROM population WHERE release = $r::VARCHAR`, { r: PRELIMINARY });
      }
      await withoutFinalYears(conn);
      if (years.length > 0) {
        await run(conn, APPLY, { release: PRELIMINARY });
        const t = performance.now();
        const s = await suppress(conn, PRELIMINARY);
        if (process.env.LMR_STATS_PROFILE) process.stderr.write(`${((performance.now() - t) / 1000).toFixed(2).padStart(7)} s  suppress\n`);
        primary = s.primary;
        secondary = s.secondary;
      }
      await conn.run(
        `INSERT OR REPLACE INTO release VALUES ($r::VARCHAR, false, coalesce((SELECT created_at FROM release WHERE name = $r::VARCHAR), now()::TIMESTAMP),
           now()::TIMESTAMP, $w::TIMESTAMP, coalesce((SELECT list(DISTINCT year ORDER BY year) FROM cell WHERE release = $r::VARCHAR), []))`,
        { r: PRELIMINARY, w: watermark },
      );
    });
    const cells = Number(await scalar<number | bigint>(conn, `SELECT count(*) FROM cell WHERE release = $r::VARCHAR`, { r: PRELIMINARY }));
    return { release: PRELIMINARY, years, cells, primary, secondary, seconds: Math.round((performance.now() - started) / 10) / 100 };
  } finally {
    conn.closeSync();
  }
}

/** Removes the years of final releases from the preliminary release (inside the caller's transaction). */
async function withoutFinalYears(conn: DuckDBConnection): Promise<void> {
  const finals = `(SELECT DISTINCT unnest(years) FROM release WHERE final)`;
  await conn.run(`DELETE FROM cell WHERE release = $r::VARCHAR AND year IN ${finals}`, { r: PRELIMINARY });
  await conn.run(`DELETE FROM population WHERE release = $r::VARCHAR AND year IN ${finals}`, { r: PRELIMINARY });
  await conn.run(
    `UPDATE release SET years = coalesce((SELECT list(DISTINCT year ORDER BY year) FROM cell WHERE release = $r::VARCHAR), []), modified_at = now()::TIMESTAMP
     WHERE name = $r::VARCHAR AND list_has_any(years, coalesce((SELECT list(DISTINCT y) FROM (SELECT unnest(years) AS y FROM release WHERE final)), []))`,
    { r: PRELIMINARY },
  );
}

const RELEASE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * `lmr stats release NAME --year Y…`: freezes the given years of the preliminary release, brought up to
 * date first, as a final release that never changes. A name is used once, and a year is released once;
 * the year then leaves the preliminary table (two tables of one year could be differenced).
 */
export async function createRelease(store: Store, name: string, years: readonly number[]): Promise<{ release: string; years: number[]; cells: number }> {
  if (!RELEASE_NAME.test(name) || name === PRELIMINARY) {
    throw new LmrError(issue('invalid', `a release name is 1–64 letters, digits, '.', '_' or '-', and not '${PRELIMINARY}'`, { path: 'name' }));
  }
  if (years.length === 0) throw new LmrError(issue('required', 'a release needs at least one year', { path: 'year' }));
  await buildStatistics(store);
  const conn = await statisticsConnection(store);
  try {
    if ((await scalar<number | bigint>(conn, `SELECT count(*) FROM release WHERE name = $n::VARCHAR`, { n: name })) !== 0n) {
      throw new LmrError(issue('conflict', `release '${name}' exists; a final release never changes`, { path: 'name' }));
    }
    const list = `[${years.map((y) => String(Math.trunc(y))).join(', ')}]`;
    const taken = ((await conn.runAndReadAll(`SELECT DISTINCT y FROM (SELECT unnest(years) AS y FROM release WHERE final) WHERE list_contains(${list}, y) ORDER BY y`)).getRowsJS() as [number][]).map(([y]) => y);
    if (taken.length > 0) throw new LmrError(issue('conflict', `year ${taken.join(', ')} is already in a final release; a year is released once`, { path: 'year' }));
    const missing = ((await conn.runAndReadAll(`SELECT unnest(${list}) AS y EXCEPT SELECT DISTINCT year FROM cell WHERE release = $r::VARCHAR`, { r: PRELIMINARY })).getRowsJS() as [number][]).map(([y]) => y);
    if (missing.length > 0) throw new LmrError(issue('not-found', `no data for year ${missing.join(', ')}`, { path: 'year' }));
    await transaction(conn, async () => {
      await conn.run(`INSERT INTO cell SELECT * REPLACE ($n::VARCHAR AS release) FROM cell WHERE release = $r::VARCHAR AND list_contains(${list}, year)`, { n: name, r: PRELIMINARY });
      await conn.run(`INSERT INTO population SELECT * REPLACE ($n::VARCHAR AS release) FROM population WHERE release = $r::VARCHAR AND list_contains(${list}, year)`, { n: name, r: PRELIMINARY });
      await conn.run(
        `INSERT INTO release SELECT $n::VARCHAR, true, now()::TIMESTAMP, now()::TIMESTAMP, watermark, ${list} FROM release WHERE name = $r::VARCHAR`,
        { n: name, r: PRELIMINARY },
      );
      await withoutFinalYears(conn);
    });
    const cells = Number(await scalar<number | bigint>(conn, `SELECT count(*) FROM cell WHERE release = $n::VARCHAR`, { n: name }));
    return { release: name, years: [...years], cells };
  } finally {
    conn.closeSync();
  }
}
