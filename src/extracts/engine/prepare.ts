import type { DuckDBConnection } from '@duckdb/node-api';
import type { Vault } from '../../identity/index.js';
import { municipalityMapTable } from '../../reference/county.js';
import { LmrError, issue } from '../../shared/outcome.js';
import type { Application } from '../application.js';
import { criteriaCondition, sourceRelation, span, type DataState } from './population.js';

/**
 * What every delivery to a project starts from (extracts, key files, samples): the data state and its
 * cut-off, the project's pseudonym secrets (SQL parameters only), the county map, and the population
 * `x_pop(patient_id, lopenr, shift)` on the connection: the persons with a dispensing meeting the
 * criteria, or the persons of the latest imported linkage key file, with their project numbers.
 */

/** Project numbers: a nested keyed hash (NMAC) of the internal key, `chars` hex digits. */
export const pseudonym = (secret: string, input: string, chars: number): string =>
  `upper(sha256($${secret}_o::VARCHAR || sha256($${secret}_i::VARCHAR || ${input}))[1:${String(chars)}])`;

/** Runs one statement with only the parameters it names. */
export async function run(conn: DuckDBConnection, sql: string, params: Record<string, string | number>): Promise<void> {
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
  await conn.run(sql, used);
}

export async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRowsJS()[0]![0]);
}

/** The data state an application asks for, with its cut-off. */
async function dataState(conn: DuckDBConnection, app: Application): Promise<DataState> {
  if (app.dataState.kind === 'preliminary') {
    const asOf = (await conn.runAndReadAll(`SELECT strftime(max(received_at), '%Y-%m-%dT%H:%M:%S.%f') FROM dispensing.dispensing`)).getRowsJS()[0]![0] as string | null;
    return { label: 'preliminary', final: false, asOf };
  }
  const release = app.dataState.release;
  const row = (await conn.runAndReadAll(
    `SELECT final, strftime(watermark, '%Y-%m-%dT%H:%M:%S.%f'), years::VARCHAR FROM statistics.release WHERE name = $r::VARCHAR`,
    { r: release },
  )).getRowsJS()[0] as [boolean, string | null, string] | undefined;
  if (!row || !row[0]) {
    throw new LmrError(issue('not-found', `the project is approved for final release '${release}', which does not exist (lmr stats release)`, { path: 'dataState.release', rule: 'extract.release' }));
  }
  // A final release covers its years only: later years are still preliminary.
  const years = new Set((JSON.parse(row[2]) as number[]).map(Number));
  const span = [app.timeWindow, app.population.period].filter((r) => r !== undefined);
  const outside = span.flatMap((r) => {
    const out: number[] = [];
    for (let y = Number(r.from.slice(0, 4)); y <= Number(r.to.slice(0, 4)); y++) if (!years.has(y)) out.push(y);
    return out;
  });
  if (outside.length > 0) {
    throw new LmrError(issue('invalid', `release '${release}' does not cover ${[...new Set(outside)].join(', ')}, which the project's period or time window reaches`, { path: 'dataState.release', rule: 'extract.release' }));
  }
  return { label: `final:${release}`, final: true, release, asOf: row[1] };
}

/** The key version a project's numbers are derived under: fixed at its first delivery. */
async function pseudonymKeyVersion(conn: DuckDBConnection, projectId: string, vault: Vault): Promise<number> {
  const found = (await conn.runAndReadAll(`SELECT key_version FROM extracts.project_key WHERE project_id = $p::VARCHAR`, { p: projectId })).getRowsJS()[0] as [number] | undefined;
  if (found) return found[0];
  const version = vault.pseudonymKeyVersion;
  await conn.run(`INSERT INTO extracts.project_key VALUES ($p::VARCHAR, $v::INTEGER, now()::TIMESTAMP) ON CONFLICT DO NOTHING`, { p: projectId, v: version });
  return version;
}

export interface Prepared {
  state: DataState;
  source: { sql: string; params: Record<string, string> };
  params: Record<string, string | number>;
}

export async function preparePopulation(conn: DuckDBConnection, vault: Vault, projectId: string, app: Application): Promise<Prepared> {
  const state = await dataState(conn, app);
  const version = await pseudonymKeyVersion(conn, projectId, vault);
  const secrets = Object.fromEntries(
    (['patient', 'prescriber', 'dispensing', 'date-shift'] as const).flatMap((label) => {
      const s = vault.projectSecrets(projectId, label, version);
      const key = { patient: 'pat', prescriber: 'prs', dispensing: 'dsp', 'date-shift': 'sh' }[label];
      return [[`${key}_i`, s.inner], [`${key}_o`, s.outer]];
    }),
  );
  const source = sourceRelation(state, span(app.population, app.timeWindow));
  const params: Record<string, string | number> = { ...secrets, ...source.params, p: projectId };

  await conn.run(municipalityMapTable('x_county'));
  // 1. The population, with project numbers and date shifts.
  const shiftDays = app.dateShiftDays ?? 0;
  const shift = shiftDays > 0 ? `((('0x' || ${pseudonym('sh', 'patient_id::VARCHAR', 8)})::UBIGINT % ${String(2 * shiftDays + 1)})::INTEGER - ${String(shiftDays)})` : '0';
  if (app.population.linkageKeyFile) {
    const imported = Number((await conn.runAndReadAll(`SELECT count(*) FROM extracts.linkage_key WHERE project_id = $p::VARCHAR`, { p: projectId })).getRowsJS()[0]![0]);
    if (imported === 0) throw new LmrError(issue('required', `project ${projectId} is given a linkage key file, and none is imported (lmr linkage import)`, { path: 'population.linkageKeyFile', rule: 'extract.linkage' }));
    // One number per person: should a later identity merge join two lines into one person, the lower number is kept.
    await run(conn, `CREATE OR REPLACE TEMP TABLE x_pop AS
      SELECT patient_id, lopenr, ${shift} AS shift FROM (
        SELECT person_id AS patient_id, min(project_number) AS lopenr FROM extracts.linkage_key
        WHERE project_id = $p::VARCHAR AND person_id IS NOT NULL
          AND import_id = (SELECT arg_max(import_id, imported_at) FROM extracts.linkage_key WHERE project_id = $p::VARCHAR)
        GROUP BY person_id)`, params);
  } else {
    await run(conn, `CREATE OR REPLACE TEMP TABLE x_pop AS
      SELECT patient_id, ${pseudonym('pat', 'patient_id::VARCHAR', 16)} AS lopenr, ${shift} AS shift
      FROM (SELECT DISTINCT d.patient_id FROM ${source.sql} d WHERE ${criteriaCondition(app.population, app.timeWindow)})`, params);
    if ((await count(conn, `SELECT count(*) - count(DISTINCT lopenr) FROM x_pop`)) !== 0) {
      throw new LmrError(issue('exception', 'two persons drew the same project number; the extract was not written'));
    }
  }
  return { state, source, params };
}
