import { randomUUID } from 'node:crypto';
import { access, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readLinkageKeyFile, writeLinkageKeyFile, type Vault } from '../identity/index.js';
import { BulkLoader, transaction, type Store } from '../shared/duckdb.js';
import { keyFingerprint } from '../shared/envelope.js';
import { LmrError, issue, type Issue } from '../shared/outcome.js';
import type { Application } from './application.js';
import { recordDisclosure } from './disclosures.js';
import { preparePopulation } from './engine/prepare.js';
import { loadProject, type Project } from './projects.js';

/**
 * Distributed linkage, both sides.
 *
 * Receiving: a coordinating register sends a key file (identity number → its project number); the
 * numbers are resolved in the vault (identity context) and only the internal id → project number map is
 * kept (`extracts.linkage_key`). The project's extracts are then keyed by those numbers, and report the
 * numbers the register does not know.
 *
 * Coordinating: the register draws the population from its own data, assigns project numbers, and
 * exports the key file, encrypted to the other register's key. Identity numbers leave only that way.
 */

export interface LinkageImport {
  projectId: string;
  importId: string;
  rows: number;
  found: number;
  notFound: number;
  /** The coordinating register's numbers for persons this register does not know (theirs, not identity numbers). */
  notFoundNumbers: string[];
}

/** A project that may still receive data: registered and not expired. */
export async function activeProject(conn: DuckDBConnection, projectId: string, today = new Date().toISOString().slice(0, 10)): Promise<Project> {
  const project = await loadProject(conn, projectId);
  if (project.application.expires <= today) {
    throw new LmrError(issue('forbidden', `the approval of project ${projectId} expired on ${project.application.expires}`, { path: 'expires', rule: 'extract.expired' }));
  }
  return project;
}

async function absent(path: string): Promise<void> {
  if (await access(path).then(() => true, () => false)) throw new LmrError(issue('conflict', `${path} exists: a delivery is never written over another`, { path: 'out', rule: 'extract.out' }));
}

/** `lmr linkage import`: reads a key file for a project given its population that way. */
export async function importLinkageKeys(store: Store, vault: Vault, projectId: string, file: string, options: { privateKeyPem?: string }): Promise<LinkageImport> {
  const conn = await store.instance.connect();
  try {
    const project = await activeProject(conn, projectId);
    if (!project.application.population.linkageKeyFile) {
      throw new LmrError(issue('invalid', `project ${projectId} is not approved for a population given by a linkage key file (population.linkageKeyFile)`, { path: 'population.linkageKeyFile', rule: 'linkage.project' }));
    }
    await conn.run('CREATE OR REPLACE TEMP TABLE x_keys (line BIGINT, project_number VARCHAR, person_id BIGINT)');
    const loader = await BulkLoader.create(conn, 'x_keys');
    let read: { rows: number; found: number };
    try {
      read = await readLinkageKeyFile(vault, file, options, (rows) => {
        for (const r of rows) loader.append([BigInt(r.line), r.projectNumber, r.internalId]);
        return Promise.resolve();
      });
    } finally {
      loader.close();
    }
    // Two lines with one project number, or two numbers of one person (a D-number and the national
    // identity number it became): the file is refused.
    const problems: Issue[] = [];
    const dupes = (await conn.runAndReadAll(
      `SELECT 'project' AS k, list(line ORDER BY line) FROM x_keys GROUP BY project_number HAVING count(*) > 1
       UNION ALL SELECT 'person', list(line ORDER BY line) FROM x_keys WHERE person_id IS NOT NULL GROUP BY person_id HAVING count(*) > 1 LIMIT 100`,
    )).getRowsJS() as [string, bigint[]][];
    for (const [k, lines] of dupes) {
      problems.push(issue('invalid', k === 'project' ? `lines ${lines.join(', ')} give the same lopenr` : `lines ${lines.join(', ')} are numbers of the same person`, { rule: 'linkage.duplicate', location: { line: Number(lines[1]!) } }));
    }
    if (problems.length > 0) throw new LmrError({ issues: problems });
    const importId = randomUUID();
    await transaction(conn, () =>
      conn.run(`INSERT INTO extracts.linkage_key SELECT $p::VARCHAR, $i::VARCHAR, project_number, person_id, now()::TIMESTAMP FROM x_keys ORDER BY line`, { p: projectId, i: importId }),
    );
    const notFoundNumbers = ((await conn.runAndReadAll(`SELECT project_number FROM x_keys WHERE person_id IS NULL ORDER BY line LIMIT 1000`)).getRowsJS() as [string][]).map(([n]) => n);
    return { projectId, importId, rows: read.rows, found: read.found, notFound: read.rows - read.found, notFoundNumbers };
  } finally {
    await conn.run('DROP TABLE IF EXISTS x_keys').catch(() => undefined);
    conn.closeSync(); // drops the connection's temporary tables
  }
}

export interface KeyFileExport {
  projectId: string;
  deliveryId: string;
  out: string;
  persons: number;
  recipient: string;
  sha256: string;
  bytes: number;
  dataState: string;
}

/**
 * Identity numbers go only to a recipient the approval names (`keyFileRecipients`), by key: the
 * fingerprint of the key given must be one of theirs.
 */
export function approvedRecipient(app: Application, publicKeyPem: string): string {
  const given = keyFingerprint(publicKeyPem);
  const approved = (app.keyFileRecipients ?? []).find((r) => keyFingerprint(r.publicKey) === given);
  if (!approved) {
    throw new LmrError(issue('forbidden', `the key ${given.slice(0, 23)}… is not one the approval of ${app.projectId} names for identity numbers (keyFileRecipients)`, { path: 'recipient-key', rule: 'linkage.recipient' }));
  }
  return given;
}

/** A table's persons (patient_id, lopenr) in pages of 50,000, in internal-id order. */
async function* populationPages(conn: DuckDBConnection, table: string): AsyncGenerator<{ internalId: bigint; projectNumber: string }[]> {
  const result = await conn.stream(`SELECT patient_id, lopenr FROM ${table} ORDER BY patient_id`);
  let page: { internalId: bigint; projectNumber: string }[] = [];
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    for (const [id, n] of chunk.getRows() as [bigint, string][]) page.push({ internalId: id, projectNumber: n });
    if (page.length >= 50_000) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/**
 * Writes an encrypted key file for `table`'s persons (patient_id, lopenr) and records the disclosure.
 * Shared by the coordinating side of linkage and by samples delivered with identity numbers.
 */
export async function deliverKeyFile(
  conn: DuckDBConnection,
  vault: Vault,
  project: Project,
  delivery: { table: string; recipientPublicKeyPem: string; out: string; kind: 'key-file' | 'sample'; dataState: string; dataAsOf: string | null; detail: Record<string, unknown> },
): Promise<KeyFileExport & { deliveryId: string }> {
  const app: Application = project.application;
  const out = resolve(delivery.out);
  await absent(out);
  const recipient = approvedRecipient(app, delivery.recipientPublicKeyPem);
  // Written beside the target, logged, then renamed: a key file never exists without its log entry.
  const staged = `${out}.staged-${randomUUID().slice(0, 8)}`;
  try {
    const written = await writeLinkageKeyFile(vault, populationPages(conn, delivery.table), delivery.recipientPublicKeyPem, staged, `${delivery.kind} for project ${app.projectId} (${app.approval.reference})`);
    const deliveryId = randomUUID();
    await transaction(conn, () =>
      recordDisclosure(
        conn,
        {
          deliveryId, projectId: app.projectId, projectVersion: project.version, approvalReference: app.approval.reference, kind: delivery.kind, dataState: delivery.dataState,
          dataAsOf: delivery.dataAsOf, persons: written.persons, prescribers: 0, rows: written.persons, recipient, manifestSha256: null,
          detail: { ...delivery.detail, out, sha256: written.sha256, bytes: written.bytes, missing: written.missing },
        },
        { patients: `SELECT patient_id FROM ${delivery.table}` },
      ),
    );
    await rename(staged, out);
    return { projectId: app.projectId, deliveryId, out, persons: written.persons, recipient, sha256: written.sha256, bytes: written.bytes, dataState: delivery.dataState };
  } finally {
    await rm(staged, { force: true });
  }
}

/** `lmr linkage export`: the coordinating side. The population from the project's criteria, with its project numbers. */
export async function exportLinkageKeys(store: Store, vault: Vault, projectId: string, options: { recipientPublicKeyPem: string; out: string }): Promise<KeyFileExport> {
  const conn = await store.instance.connect();
  try {
    const project = await activeProject(conn, projectId);
    if (project.application.population.linkageKeyFile) {
      throw new LmrError(issue('invalid', `project ${projectId} takes its population from another register's key file; it cannot also coordinate`, { path: 'population.linkageKeyFile', rule: 'linkage.project' }));
    }
    const { state } = await preparePopulation(conn, vault, projectId, project.application);
    return await deliverKeyFile(conn, vault, project, {
      table: 'x_pop', recipientPublicKeyPem: options.recipientPublicKeyPem, out: options.out, kind: 'key-file', dataState: state.label, dataAsOf: state.asOf,
      detail: { population: project.application.population },
    });
  } finally {
    conn.closeSync();
  }
}
