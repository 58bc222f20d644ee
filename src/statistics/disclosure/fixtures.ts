import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CELL_TABLE } from '../cube.js';

/**
 * Consistent statistics cubes for tests and the benchmark, built the way the real build does: from
 * dispensings (one row each: person, year, level-5 ATC, sex, age group, county, DDD, cost), aggregated
 * over every ATC level and every combination of sex/age/county totals. Persons are counted distinctly,
 * so users are additive across sex only, as in the real cube.
 */

export interface MemoryCube {
  conn: DuckDBConnection;
  close(): void;
}

export async function memoryCube(): Promise<MemoryCube> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  await conn.run(CELL_TABLE);
  return {
    conn,
    close() {
      conn.closeSync();
      db.closeSync();
    },
  };
}

export interface Dispensing {
  person: number;
  year?: number;
  /** A level-5 ATC code (7 characters). */
  atc: string;
  sex: '1' | '2';
  age: string;
  county: string;
  ddd?: number;
  cost?: number;
}

const SOURCE = 'lmr_dc_fixture_dispensing';

/** Aggregates the staging table of dispensings into cells of `release`. */
async function aggregate(conn: DuckDBConnection, release: string): Promise<void> {
  await conn.run(
    `INSERT INTO cell (release, year, atc, atc_level, sex, age, county, users, dispensings, ddd, cost, population)
     WITH lv AS (
       SELECT d.*, l.level AS atc_level, substr(d.atc5, 1, [1, 3, 4, 5, 7][l.level]) AS atc
       FROM ${SOURCE} d, (SELECT range::INTEGER AS level FROM range(1, 6)) l)
     SELECT $1, year, atc, atc_level, coalesce(sex, '0'), coalesce(age, 'ALL'), coalesce(county, '00'),
            count(DISTINCT person), count(*), sum(ddd), sum(cost), NULL
     FROM lv GROUP BY year, atc, atc_level, CUBE (sex, age, county)`,
    [release],
  );
  await conn.run(`DROP TABLE IF EXISTS ${SOURCE}`);
}

const STAGE = `CREATE OR REPLACE TEMP TABLE ${SOURCE} (person BIGINT, year INTEGER, atc5 VARCHAR, sex VARCHAR, age VARCHAR, county VARCHAR, ddd DOUBLE, cost DOUBLE)`;

/** Builds the cube of `release` from hand-made dispensings. */
export async function cubeFromDispensings(conn: DuckDBConnection, release: string, rows: readonly Dispensing[]): Promise<void> {
  await conn.run(STAGE);
  const app = await conn.createAppender(SOURCE);
  for (const r of rows) {
    app.appendBigInt(BigInt(r.person));
    app.appendInteger(r.year ?? 2024);
    app.appendVarchar(r.atc);
    app.appendVarchar(r.sex);
    app.appendVarchar(r.age);
    app.appendVarchar(r.county);
    app.appendDouble(r.ddd ?? 10);
    app.appendDouble(r.cost ?? 100);
    app.endRow();
  }
  app.closeSync();
  await aggregate(conn, release);
}

export interface RandomCubeOptions {
  persons: number;
  /** Mean dispensings per person (each person gets 1 … 2·mean − 1). */
  dispensingsPerPerson: number;
  /** Distinct level-5 ATC codes; popularity is skewed, so rare codes make small cells. */
  leaves: number;
  counties: number;
  ageGroups: number;
  years: number;
  seed: string;
}

/**
 * Builds a random but consistent cube of `release` in SQL (deterministic in `seed`). Skewed drug
 * popularity and a share of persons who move or age between dispensings give many small, non-additive
 * user counts.
 */
export async function randomCube(conn: DuckDBConnection, release: string, o: RandomCubeOptions): Promise<void> {
  const h = (expr: string, salt: string): string => `hash(${expr}, '${o.seed.replaceAll("'", "''")}:${salt}')`;
  const unit = (expr: string, salt: string): string => `((${h(expr, salt)} % 1000000)::DOUBLE / 1000000)`;
  await conn.run(STAGE);
  await conn.run(
    `INSERT INTO ${SOURCE}
     WITH p AS (
       SELECT range AS person,
              CASE WHEN ${h('range', 'sex')} % 2 = 0 THEN '1' ELSE '2' END AS sex,
              (${h('range', 'age')} % ${o.ageGroups})::INTEGER AS age_i,
              (${h('range', 'county')} % ${o.counties})::INTEGER AS county_i,
              1 + (${h('range', 'n')} % ${2 * o.dispensingsPerPerson - 1})::INTEGER AS n
       FROM range(${o.persons})),
     d AS (SELECT p.*, k FROM p, LATERAL (SELECT range AS k FROM range(p.n)) r),
     e AS (
       SELECT person, sex, k,
              2024 - (${h('person, k', 'year')} % ${o.years})::INTEGER AS year,
              floor(${o.leaves} * pow(${unit('person, k', 'atc')}, 3))::INTEGER AS leaf,
              CASE WHEN ${unit('person, k', 'birthday')} < 0.1 THEN least(age_i + 1, ${o.ageGroups - 1}) ELSE age_i END AS age_i,
              CASE WHEN ${unit('person, k', 'move')} < 0.05 THEN (${h('person, k', 'to')} % ${o.counties})::INTEGER ELSE county_i END AS county_i
       FROM d)
     SELECT person, year,
            substr('ABCDGHJLMNRS', leaf % 4 + 1, 1) || lpad(((leaf // 4) % 3 + 1)::VARCHAR, 2, '0')
              || chr(65 + (leaf // 12) % 3) || chr(65 + (leaf // 36) % 2) || lpad((leaf // 72 + 1)::VARCHAR, 2, '0') AS atc5,
            sex,
            CASE WHEN age_i >= 18 THEN '90+' ELSE lpad((age_i * 5)::VARCHAR, 2, '0') || '-' || lpad((age_i * 5 + 4)::VARCHAR, 2, '0') END,
            lpad((county_i + 1)::VARCHAR, 2, '0'),
            round(${unit('person, k', 'ddd')} * 60, 2), round(${unit('person, k', 'cost')} * 900, 2)
     FROM e`,
  );
  await aggregate(conn, release);
}
