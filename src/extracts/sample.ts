import { randomUUID } from 'node:crypto';
import { access, rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Vault } from '../identity/index.js';
import { transaction, type Store } from '../shared/duckdb.js';
import { sha256File } from '../shared/envelope.js';
import { LmrError, issue, type Issue } from '../shared/outcome.js';
import { checkApplication, type Application } from './application.js';
import { recordDisclosure } from './disclosures.js';
import { count, preparePopulation, run } from './engine/prepare.js';
import { activeProject, approvedRecipient, deliverKeyFile } from './linkage.js';

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

/** `N02AA*` lies within `N02A*`; `N02AA01` within `N02AA*` and itself. */
const within = (asked: string, approved: string): boolean =>
  approved.endsWith('*') ? asked.replace(/\*$/, '').startsWith(approved.slice(0, -1)) : asked === approved;

/**
 * A sample's criteria may only narrow the approved population: each criterion inside the approved one
 * (ATC patterns within approved patterns, the period within the approved period or time window, ages
 * within the approved range, sexes and counties among the approved). Every problem is reported.
 */
export function narrowerProblems(app: Application, asked: Partial<Application['population']>): void {
  const approved = app.population;
  const issues: Issue[] = [];
  const refuse = (path: string, message: string): void => void issues.push(issue('forbidden', message, { path, rule: 'sample.criteria' }));
  const given = Object.keys(asked).filter((k) => asked[k as keyof typeof asked] !== undefined);
  if (approved.linkageKeyFile && given.length > 0) refuse('criteria', `the population of ${app.projectId} is given by a key file; a sample of it takes no criteria`);
  for (const p of asked.atc ?? []) {
    if (approved.atc && !approved.atc.some((q) => within(p, q))) refuse('atc', `${p} is not within the approved ATC patterns (${approved.atc.join(', ')})`);
  }
  const span = approved.period ?? app.timeWindow;
  if (asked.period && (asked.period.from < span.from || asked.period.to > span.to)) refuse('period', `the period is not within the approved ${span.from} to ${span.to}`);
  if (asked.age?.min !== undefined && approved.age?.min !== undefined && asked.age.min < approved.age.min) refuse('age', `age ${asked.age.min} is below the approved ${approved.age.min}`);
  if (asked.age?.max !== undefined && approved.age?.max !== undefined && asked.age.max > approved.age.max) refuse('age', `age ${asked.age.max} is above the approved ${approved.age.max}`);
  for (const x of asked.sex ?? []) if (approved.sex && !approved.sex.includes(x)) refuse('sex', `sex ${x} is not in the approved population`);
  for (const x of asked.county ?? []) if (approved.county && !approved.county.includes(x)) refuse('county', `county ${x} is not in the approved population`);
  if (asked.prescriberProfession && approved.prescriberProfession) {
    for (const x of asked.prescriberProfession) if (!approved.prescriberProfession.includes(x)) refuse('prescriberProfession', `profession ${x} is not in the approved population`);
  }
  if (issues.length > 0) throw new LmrError({ issues });
}

export async function drawSample(store: Store, vault: Vault, projectId: string, options: SampleOptions): Promise<SampleResult> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new LmrError(issue('invalid', 'the sample size must be a whole number ≥ 1', { path: 'size', rule: 'sample.size' }));
  if (options.seed.trim() === '') throw new LmrError(issue('required', 'a sample needs a seed, so it can be drawn again', { path: 'seed', rule: 'sample.seed' }));
  const out = resolve(options.out);
  if (await access(out).then(() => true, () => false)) throw new LmrError(issue('conflict', `${out} exists: a delivery is never written over another`, { path: 'out', rule: 'extract.out' }));
  const conn = await store.instance.connect();
  try {
    const project = await activeProject(conn, projectId);
    if (options.recipientPublicKeyPem) approvedRecipient(project.application, options.recipientPublicKeyPem);
    narrowerProblems(project.application, options.criteria ?? {});
    // Each criterion given replaces the approved one it lies within; an age bound not given stays approved.
    const approved = project.application.population;
    const asked = options.criteria ?? {};
    const definition = { ...approved, ...asked, ...(asked.age || approved.age ? { age: { ...approved.age, ...asked.age } } : {}) };
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
    conn.closeSync(); // drops the connection's temporary tables
  }
}
