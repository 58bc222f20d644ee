import type { DuckDBConnection } from '@duckdb/node-api';
import { openStore, transaction, type Store } from '../shared/duckdb.js';
import { checkApplication, type Application } from './application.js';

/**
 * The project register (data/extracts/extracts.duckdb): every approved application, all versions.
 * Registering the same application again changes nothing; a changed one (an amendment) is a new version.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS project (
  project_id VARCHAR NOT NULL,
  version INTEGER NOT NULL,
  registered_at TIMESTAMP NOT NULL,
  title VARCHAR NOT NULL,
  approval_reference VARCHAR NOT NULL,
  expires DATE NOT NULL,
  application JSON NOT NULL,
  PRIMARY KEY (project_id, version)
)`;

export async function openProjectStore(path: string): Promise<Store> {
  const store = await openStore(path, { memoryLimit: process.env.LMR_EXTRACTS_MEMORY ?? '512MB' });
  try {
    await store.conn.run(SCHEMA);
  } catch (err) {
    store.close();
    throw err;
  }
  return store;
}

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
      `SELECT version, application::VARCHAR FROM project WHERE project_id = $p::VARCHAR ORDER BY version DESC LIMIT 1`,
      { p: app.projectId },
    )).getRowsJS()[0] as [number, string] | undefined;
    const base = { projectId: app.projectId, variables: app.variables.length, expires: app.expires };
    if (latest && latest[1] === text) return { ...base, version: latest[0], status: 'unchanged' as const };
    const version = (latest?.[0] ?? 0) + 1;
    await conn.run(
      `INSERT INTO project VALUES ($p::VARCHAR, $v::INTEGER, now()::TIMESTAMP, $t::VARCHAR, $r::VARCHAR, $e::DATE, $a::JSON)`,
      { p: app.projectId, v: version, t: app.title, r: app.approval.reference, e: app.expires, a: text },
    );
    return { ...base, version, status: latest ? ('amended' as const) : ('registered' as const) };
  });
}
