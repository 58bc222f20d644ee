import type { DuckDBConnection } from '@duckdb/node-api';
import { AGE_TOTAL, COUNTRY, MIN_PERSONS, SEX_TOTAL } from '../cube.js';
import { sqlString } from '../../shared/duckdb.js';

/**
 * Disclosure control for the public statistics bank: cell suppression on the `cell` table of one release.
 *
 * Primary: every stored cell resting on 1 … MIN_PERSONS − 1 persons is suppressed (reason 'primary').
 *
 * Secondary: an equation group is a total and its members along one additive dimension with all other
 * coordinates fixed (sex '0' = '1' + '2'; age 'ALL' = Σ groups; county '00' = Σ counties; an ATC code =
 * Σ its children). Absent cells are published zeros, so a group's unknowns are its *stored* suppressed
 * cells. Whenever a group holds exactly one suppressed cell, one more is suppressed: the unsuppressed
 * stored member with the fewest users (ties: the smallest coordinates), or the total when no member is
 * left. All dimensions are swept again until nothing changes (reason 'secondary').
 *
 * At the fixpoint no group has exactly one unknown, so an attacker who solves one equation at a time
 * never has a first equation to solve: nothing is recoverable by differencing, for every measure at once
 * (dispensings, DDD and cost share the cell's suppression). It does not protect against solving several
 * equations jointly (linear programming), nor against bounds (e.g. two suppressed cells summing to 2
 * dispensings are each 1).
 *
 * All work is set-based SQL over temporary tables (integer group ids, hash joins, window functions); the
 * only write to `cell` is one UPDATE at the end, so a failure leaves the release as it was.
 */

export interface SuppressionSummary {
  release: string;
  /** Stored cells of the release. */
  cells: number;
  primary: number;
  secondary: number;
  /** Sweeps over all dimensions until the fixpoint (the last one changes nothing). */
  passes: number;
  /**
   * Groups left with exactly one suppressed cell and nothing else stored to suppress. Always 0 for a
   * consistent cube (a stored total has a stored member and the other way round).
   */
  unresolved: number;
}

const W = 'lmr_dc_work';
const K = 'lmr_dc_atckey';

/** Where each dimension's groups come from: (g group id, id cell, total, sup, users) rows of the work table. */
const DIMENSIONS: readonly { name: string; members: string }[] = [
  { name: 'sex', members: `SELECT g_sex AS g, id, t_sex AS total, sup, users FROM ${W}` },
  { name: 'age', members: `SELECT g_age AS g, id, t_age AS total, sup, users FROM ${W}` },
  { name: 'county', members: `SELECT g_county AS g, id, t_county AS total, sup, users FROM ${W}` },
  {
    name: 'atc',
    members: `SELECT g_own AS g, id, true AS total, sup, users FROM ${W} WHERE g_own IS NOT NULL
              UNION ALL SELECT g_up AS g, id, false AS total, sup, users FROM ${W} WHERE g_up IS NOT NULL`,
  },
];


async function count(conn: DuckDBConnection, sql: string, params: string[] = []): Promise<number> {
  const rows = (await conn.runAndReadAll(sql, params)).getRows();
  return Number(rows[0]?.[0] ?? 0);
}

/** Applies primary and secondary suppression to one release of the cube. Idempotent: earlier marks are replaced. */
export async function suppress(conn: DuckDBConnection, release: string): Promise<SuppressionSummary> {
  try {
    // The cells of the release with a dense deterministic id (coordinate order: the tie-break).
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${W} AS
       WITH b AS (
         SELECT (row_number() OVER (ORDER BY year, atc, sex, age, county))::INTEGER AS id,
                rowid AS rid, year, atc, sex, age, county, users,
                CASE WHEN atc_level > 1 THEN substr(atc, 1, [1, 3, 4, 5][atc_level - 1]) END AS parent
         FROM cell WHERE release = $1),
       ks AS (SELECT *, (row_number() OVER ())::INTEGER AS g FROM (SELECT DISTINCT year, atc, age, county FROM b)),
       ka AS (SELECT *, (row_number() OVER ())::INTEGER AS g FROM (SELECT DISTINCT year, atc, sex, county FROM b)),
       kc AS (SELECT *, (row_number() OVER ())::INTEGER AS g FROM (SELECT DISTINCT year, atc, sex, age FROM b))
       SELECT b.*, users BETWEEN 1 AND ${MIN_PERSONS - 1} AS sup, users BETWEEN 1 AND ${MIN_PERSONS - 1} AS prim,
              ks.g AS g_sex, b.sex = ${sqlString(SEX_TOTAL)} AS t_sex,
              ka.g AS g_age, b.age = ${sqlString(AGE_TOTAL)} AS t_age,
              kc.g AS g_county, b.county = ${sqlString(COUNTRY)} AS t_county
       FROM b
       JOIN ks ON ks.year = b.year AND ks.atc = b.atc AND ks.age = b.age AND ks.county = b.county
       JOIN ka ON ka.year = b.year AND ka.atc = b.atc AND ka.sex = b.sex AND ka.county = b.county
       JOIN kc ON kc.year = b.year AND kc.atc = b.atc AND kc.sex = b.sex AND kc.age = b.age`,
      [release],
    );
    const cells = await count(conn, `SELECT count(*) FROM ${W}`);
    if (cells === 0) return { release, cells, primary: 0, secondary: 0, passes: 0, unresolved: 0 };
    const dupes = await count(conn, `SELECT count(*) FROM (SELECT 1 FROM ${W} GROUP BY year, atc, sex, age, county HAVING count(*) > 1)`);
    if (dupes > 0) throw new Error(`cube release has ${dupes} duplicate cell coordinates`);

    // ATC groups: one per (year, parent code, sex, age, county) that has a stored child; the parent cell
    // joins it as the total (g_own), the children as members (g_up).
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${K} AS
       SELECT year, parent AS code, sex, age, county, (row_number() OVER ())::INTEGER AS g
       FROM (SELECT DISTINCT year, parent, sex, age, county FROM ${W} WHERE parent IS NOT NULL)`,
    );
    await conn.run(
      `CREATE OR REPLACE TEMP TABLE ${W} AS
       SELECT w.*, up.g AS g_up, own.g AS g_own
       FROM ${W} w
       LEFT JOIN ${K} up ON up.year = w.year AND up.code = w.parent AND up.sex = w.sex AND up.age = w.age AND up.county = w.county
       LEFT JOIN ${K} own ON own.year = w.year AND own.code = w.atc AND own.sex = w.sex AND own.age = w.age AND own.county = w.county`,
    );

    let passes = 0;
    for (;;) {
      passes++;
      let changed = 0;
      for (const d of DIMENSIONS) {
        changed += await count(
          conn,
          `UPDATE ${W} SET sup = true FROM (
             WITH m AS (${d.members}),
                  single AS (SELECT g FROM m GROUP BY g HAVING count(*) FILTER (WHERE sup) = 1),
                  cand AS (SELECT m.id, row_number() OVER (PARTITION BY m.g ORDER BY m.total, m.users, m.id) AS rn
                           FROM m JOIN single USING (g) WHERE NOT m.sup)
             SELECT DISTINCT id FROM cand WHERE rn = 1
           ) pick WHERE ${W}.id = pick.id AND NOT ${W}.sup`,
        );
      }
      if (changed === 0) break;
    }

    let unresolved = 0;
    for (const d of DIMENSIONS) {
      unresolved += await count(
        conn,
        `SELECT count(*) FROM (SELECT g FROM (${d.members}) GROUP BY g HAVING count(*) FILTER (WHERE sup) = 1)`,
      );
    }

    const primary = await count(conn, `SELECT count(*) FROM ${W} WHERE prim`);
    const secondary = await count(conn, `SELECT count(*) FROM ${W} WHERE sup AND NOT prim`);

    // The one write: every cell of the release gets its mark (and loses any earlier one).
    await conn.run(
      `UPDATE cell SET suppressed = w.sup, reason = w.reason
       FROM (SELECT rid, sup, CASE WHEN prim THEN 'primary' WHEN sup THEN 'secondary' END AS reason FROM ${W}) w
       WHERE cell.rowid = w.rid AND (cell.suppressed IS DISTINCT FROM w.sup OR cell.reason IS DISTINCT FROM w.reason)`,
    );
    return { release, cells, primary, secondary, passes, unresolved };
  } finally {
    await conn.run(`DROP TABLE IF EXISTS ${W}`);
    await conn.run(`DROP TABLE IF EXISTS ${K}`);
  }
}
