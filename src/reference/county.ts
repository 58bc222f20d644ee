/**
 * Each municipality code, old or current, mapped through its successors (`replaced_by`) to a code valid
 * today: a temporary table `name(code, current, county)`.
 *
 * - `current`: the code valid today (a code that leads nowhere current keeps its own code). Extracts with
 *   shifted dates release residence this way, since a code valid on the true date would tell when it
 *   was (codes change on known days).
 * - `county`: the county of that code in today's structure (null when it leads nowhere current). Read by
 *   the statistics build and the extract engine.
 */
export const municipalityMapTable = (name: string): string => `
CREATE OR REPLACE TEMP TABLE ${name} AS
WITH RECURSIVE latest AS (
  SELECT code, arg_max(replaced_by, coalesce(effective_to, DATE '9999-12-31')) AS replaced_by,
    arg_max(county, coalesce(effective_to, DATE '9999-12-31')) AS county, bool_or(effective_to IS NULL) AS current
  FROM code WHERE oid = '3402' GROUP BY code
), walk(start, code, depth) AS (
  SELECT code, code, 0 FROM latest
  UNION ALL
  SELECT w.start, l.replaced_by, w.depth + 1 FROM walk w JOIN latest l ON l.code = w.code
  WHERE NOT l.current AND l.replaced_by IS NOT NULL AND w.depth < 20
)
SELECT w.start AS code,
  coalesce(arg_max(CASE WHEN l.current THEN l.code END, w.depth), w.start) AS current,
  arg_max(CASE WHEN l.current THEN l.county END, w.depth) AS county
FROM walk w JOIN latest l ON l.code = w.code GROUP BY w.start`;
