import type { DuckDBConnection } from '@duckdb/node-api';
import { transaction } from '../shared/duckdb.js';
import { LmrError, issue } from '../shared/outcome.js';
import { checkApplication, type Application } from './application.js';
import { openExtractsStore } from './store.js';

/** The project register: every approved application, all versions (table `extracts.project`, see store.ts). */
export const openProjectStore = openExtractsStore;

export interface Registered {
  projectId: string;
  version: number;
  status: 'registered' | 'amended' | 'unchanged';
  variables: number;
  expires: string;
}

/** A canonical text of the application (keys sorted), so re-registering the same content is recognised. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `lmr project register`: checks the application (every problem at once) and stores it. */
export async function registerProject(conn: DuckDBConnection, input: unknown): Promise<Registered> {
  const app: Application = checkApplication(input);
  const text = canonical(app);
  return transaction(conn, async () => {
    const latest = (await conn.runAndReadAll(
      `SELECT version, application::VARCHAR FROM extracts.project WHERE project_id = $p::VARCHAR ORDER BY version DESC LIMIT 1`,
      { p: app.projectId },
    )).getRowsJS()[0] as [number, string] | undefined;
    const base = { projectId: app.projectId, variables: app.variables.length, expires: app.expires };
    if (latest && latest[1] === text) return { ...base, version: latest[0], status: 'unchanged' as const };
    const version = (latest?.[0] ?? 0) + 1;
    await conn.run(
      `INSERT INTO extracts.project VALUES ($p::VARCHAR, $v::INTEGER, now()::TIMESTAMP, $t::VARCHAR, $r::VARCHAR, $e::DATE, $a::JSON)`,
      { p: app.projectId, v: version, t: app.title, r: app.approval.reference, e: app.expires, a: text },
    );
    return { ...base, version, status: latest ? ('amended' as const) : ('registered' as const) };
  });
}

export interface Project {
  version: number;
  registeredAt: string;
  application: Application;
}

/** The latest version of a registered project; `not-found` when there is none. */
export async function loadProject(conn: DuckDBConnection, projectId: string): Promise<Project> {
  const row = (await conn.runAndReadAll(
    `SELECT version, strftime(registered_at, '%Y-%m-%dT%H:%M:%S'), application::VARCHAR FROM extracts.project WHERE project_id = $p::VARCHAR ORDER BY version DESC LIMIT 1`,
    { p: projectId },
  )).getRowsJS()[0] as [number, string, string] | undefined;
  if (!row) throw new LmrError(issue('not-found', `no project '${projectId}' is registered (lmr project register)`, { path: 'project' }));
  return { version: row[0], registeredAt: row[1], application: JSON.parse(row[2]) as Application };
}
