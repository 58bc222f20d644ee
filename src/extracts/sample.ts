import { randomUUID } from 'node:crypto';
import { access, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Vault } from '../identity/index.js';
import { transaction, type Store } from '../shared/duckdb.js';
import { sha256File } from '../shared/envelope.js';
import { LmrError, issue } from '../shared/outcome.js';
import { checkApplication, type Application } from './application.js';
import { recordDisclosure } from './disclosures.js';
import { count, preparePopulation, run } from './engine/prepare.js';
import { activeProject, deliverKeyFile } from './linkage.js';

/**
 * `lmr sample`: a reproducible random sample of the persons who meet a project's criteria (or criteria
 * given for the sample, within the project), for example to invite to a survey.
 *
 * Each person's place in the draw is a keyed hash of the seed and the person's project number, and the
 * sample is the `size` persons with the lowest: the same seed on the same data draws the same persons,
 * and data that arrive later add or drop only the persons they concern. The seed and the definition are
 * kept in the disclosure log. Delivered as the project's person numbers (CSV), or, for an authorised
 * recipient who must contact the persons, as an encrypted key file with their identity numbers.
 */

export interface SampleOptions {
  size: number;
  seed: string;
  /** Criteria for this sample, replacing the project's criteria of the same name. */
  criteria?: Partial<Application['population']>;
  out: string;
  /** Deliver identity numbers, encrypted to this RSA key (a key file), instead of project numbers. */
  recipientPublicKeyPem?: string;
}

export interface SampleResult {
  projectId: string;
  deliveryId: string;
  seed: string;
  size: number;
  population: number;
  drawn: number;
  definition: Application['population'];
  dataState: string;
  out: string;
  format: 'project-numbers' | 'key-file';
  sha256: string;
}

export async function drawSample(store: Store, vault: Vault, projectId: string, options: SampleOptions): Promise<SampleResult> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new LmrError(issue('invalid', 'the sample size must be a whole number ≥ 1', { path: 'size', rule: 'sample.size' }));
  if (options.seed.trim() === '') throw new LmrError(issue('required', 'a sample needs a seed, so it can be drawn again', { path: 'seed', rule: 'sample.seed' }));
  const out = resolve(options.out);
  if (await access(out).then(() => true, () => false)) throw new LmrError(issue('conflict', `${out} exists: a delivery is never written over another`, { path: 'out', rule: 'extract.out' }));
  const conn = await store.instance.connect();
  try {
    const project = await activeProject(conn, projectId);
    const definition = { ...project.application.population, ...(options.criteria ?? {}) };
    // The sample's criteria are checked as the application's are (schema, ranges).
    const app = checkApplication({ ...project.application, population: definition }, '0000-01-01');
    const { state, params } = await preparePopulation(conn, vault, projectId, app);
    await run(conn, `CREATE OR REPLACE TEMP TABLE x_sample AS
      SELECT patient_id, lopenr FROM x_pop ORDER BY sha256($seed::VARCHAR || '|' || lopenr), lopenr LIMIT ${String(options.size)}`, { ...params, seed: options.seed });
    const population = await count(conn, 'SELECT count(*) FROM x_pop');
    const drawn = await count(conn, 'SELECT count(*) FROM x_sample');
    const detail = { seed: options.seed, size: options.size, population, drawn, definition };
    const base = { projectId, seed: options.seed, size: options.size, population, drawn, definition, dataState: state.label, out };
    if (options.recipientPublicKeyPem) {
      const r = await deliverKeyFile(conn, vault, project, {
        table: 'x_sample', recipientPublicKeyPem: options.recipientPublicKeyPem, out, kind: 'sample', dataState: state.label, dataAsOf: state.asOf, detail,
      });
      return { ...base, deliveryId: r.deliveryId, format: 'key-file', sha256: r.sha256 };
    }
    const partial = `${out}.partial`;
    await conn.run(`COPY (SELECT lopenr AS pasient_lopenr FROM x_sample ORDER BY lopenr) TO '${partial.replaceAll("'", "''")}' (FORMAT csv, HEADER)`);
    const { sha256 } = await sha256File(partial);
    const deliveryId = randomUUID();
    await transaction(conn, () =>
      recordDisclosure(
        conn,
        {
          deliveryId, projectId, projectVersion: project.version, approvalReference: app.approval.reference, kind: 'sample', dataState: state.label, dataAsOf: state.asOf,
          persons: drawn, prescribers: 0, rows: drawn, recipient: null, manifestSha256: null, detail: { ...detail, out, sha256 },
        },
        { patients: 'SELECT patient_id FROM x_sample' },
      ),
    );
    await rename(partial, out);
    return { ...base, deliveryId, format: 'project-numbers', sha256 };
  } finally {
    await rm(`${out}.partial`, { force: true });
    for (const t of ['x_sample', 'x_pop', 'x_county']) await conn.run(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
    conn.closeSync();
  }
}
