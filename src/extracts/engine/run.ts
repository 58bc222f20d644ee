import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Vault } from '../../identity/index.js';
import { transaction, type Store } from '../../shared/duckdb.js';
import { encryptFile, keyFingerprint, sha256File } from '../../shared/envelope.js';
import { LmrError, issue } from '../../shared/outcome.js';
import type { Application } from '../application.js';
import { VARIABLES, variableByName, type DetailLevel } from '../catalogue.js';
import { recordDisclosure } from '../disclosures.js';
import { loadProject } from '../projects.js';
import { CODEBOOK, describeTable, type CodebookFile } from './codebook.js';
import { selectColumns, type Approved } from './columns.js';
import { ENCRYPTED_SUFFIX, MANIFEST, MANIFEST_FORMAT, SIGNATURE, manifestBytes, type Manifest, type ManifestFile } from './manifest.js';
import { atcMatch } from './population.js';
import { count, preparePopulation, pseudonym, run } from './prepare.js';

/**
 * `lmr extract run`: turns an approved project into a delivery. One pass, set-based in DuckDB:
 *
 * 1. the population: persons with a dispensing meeting the criteria (or the persons of an imported
 *    linkage key file), each with a project number and, when approved, a date shift;
 * 2. the rows: the population's dispensings in the time window (matching the ATC criteria, unless the
 *    project is approved for all its dispensings);
 * 3. one table per unit (dispensings, persons, prescribers) with exactly the approved variables at
 *    their approved levels, written as CSV and Parquet;
 * 4. the codebook, the manifest (rows, sizes, SHA-256) signed by the register, and, when the project
 *    has a recipient key, every file encrypted to it;
 * 5. the disclosure log: which persons went to the project, when, under which approval.
 *
 * Files are written to a staging folder next to the target, which is renamed into place only after the
 * disclosure log has committed: a failure leaves no partial delivery (and the log never misses one).
 */

export interface ExtractResult {
  projectId: string;
  projectVersion: number;
  deliveryId: string;
  out: string;
  dataState: string;
  dataAsOf: string | null;
  persons: number;
  prescribers: number;
  dispensings: number;
  files: { name: string; rows: number | null; sha256: string }[];
  encryptedTo: string | null;
  signedBy: string;
  seconds: number;
}

/** The columns of the linkage report (not catalogue variables: they describe the key file received). */
const LINKAGE_COLUMNS: Approved[] = [
  { level: 'exact', variable: { ...variableByName('pasient_lopenr')!, description: { nb: 'Prosjektets løpenummer for personen, fra koblingsnøkkelfilen', en: "The project's number for the person, from the linkage key file" } } },
  {
    level: 'exact',
    variable: {
      name: 'koblingsstatus', group: 'patient', type: 'code', codeList: null, levels: ['exact'], sensitivity: 'ordinary', unit: 'persons', maskedForAnimals: false,
      description: { nb: 'Om personen i nøkkelfilen ble funnet i LMR', en: 'Whether the person of the key file was found in the register' },
      noCodeList: {
        reason: { nb: 'Lokale verdier for koblingsrapporten', en: 'Local values of the linkage report' },
        values: [
          { code: 'funnet', nb: 'Funnet, med utleveringer i uttrekket', en: 'Found, with dispensings in the extract' },
          { code: 'ingen_utleveringer', nb: 'Kjent i LMR, men ingen utleveringer i uttrekket', en: 'Known to the register, with no dispensings in the extract' },
          { code: 'ikke_i_lmr', nb: 'Fødselsnummeret er ikke kjent i LMR', en: 'The identity number is not known to the register' },
        ],
      },
      source: { kind: 'column', column: { store: 'dispensing', table: 'dispensing', column: 'patient_id' } },
    },
  },
];

interface UnitPlan {
  unit: 'dispensings' | 'persons' | 'prescribers';
  columns: Approved[];
  relation: string;
  order: string;
}

/** Which variables go to which file. A unit's file exists when its project number is approved. */
export function planUnits(app: Application): UnitPlan[] {
  const approved: Approved[] = VARIABLES.flatMap((variable) => {
    const granted = app.variables.find((g) => g.name === variable.name);
    return granted ? [{ variable, level: granted.level as DetailLevel }] : [];
  });
  const has = (name: string): boolean => approved.some((a) => a.variable.name === name);
  const persons = has('pasient_lopenr');
  const prescribers = has('forskriver_lopenr');
  const keyFirst = (cols: Approved[], key: string): Approved[] => [...cols.filter((c) => c.variable.name === key), ...cols.filter((c) => c.variable.name !== key)];
  const onDispensing = approved.filter(
    (a) =>
      a.variable.unit === 'dispensings' ||
      (a.variable.unit === 'persons' && (!persons || a.variable.name === 'pasient_lopenr')) ||
      (a.variable.unit === 'prescribers' && (!prescribers || a.variable.name === 'forskriver_lopenr')),
  );
  const units: UnitPlan[] = [];
  const latest = (id: string): string =>
    `(SELECT * FROM x_rows WHERE ${id} IS NOT NULL QUALIFY row_number() OVER (PARTITION BY ${id} ORDER BY dispensed_on DESC, x_dl DESC) = 1)`;
  if (onDispensing.some((a) => a.variable.name !== 'pasient_lopenr' && a.variable.name !== 'forskriver_lopenr')) {
    units.push({ unit: 'dispensings', columns: keyFirst(keyFirst(onDispensing, 'forskriver_lopenr'), 'pasient_lopenr'), relation: 'x_rows', order: 'd.x_pl, d.dispensed_on, d.x_dl' });
  }
  if (persons) {
    units.push({ unit: 'persons', columns: keyFirst(approved.filter((a) => a.variable.unit === 'persons'), 'pasient_lopenr'), relation: latest('patient_id'), order: 'd.x_pl' });
  }
  if (prescribers) {
    units.push({ unit: 'prescribers', columns: keyFirst(approved.filter((a) => a.variable.unit === 'prescribers'), 'forskriver_lopenr'), relation: latest('prescriber_id'), order: 'prl.lopenr' });
  }
  return units;
}

async function emptyOrAbsent(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  });
  if (entries.length > 0) throw new LmrError(issue('conflict', `${dir} is not empty: a delivery is never written over another`, { path: 'out', rule: 'extract.out' }));
}

/** Writes the table `x_out` as `<unit>.csv` and `<unit>.parquet` into `dir`, listing both in `files`. */
async function writeTable(conn: DuckDBConnection, dir: string, unit: string, files: ManifestFile[]): Promise<string[]> {
  const rows = await count(conn, 'SELECT count(*) FROM x_out');
  const names = [`${unit}.csv`, `${unit}.parquet`];
  await conn.run(`COPY x_out TO '${join(dir, names[0]!).replaceAll("'", "''")}' (FORMAT csv, HEADER, DELIMITER ',')`);
  await conn.run(`COPY x_out TO '${join(dir, names[1]!).replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
  for (const name of names) files.push({ name, unit, format: name.endsWith('.csv') ? 'csv' : 'parquet', rows, bytes: 0, sha256: '' });
  return names;
}

/**
 * Removes what a crashed run left: staging folders beside the target, and plaintext in the scratch
 * folder. One extract runs at a time (it holds the register's stores), so anything there is stale.
 */
async function removeStale(out: string, scratch: string): Promise<void> {
  const prefix = `.${basename(out)}.partial-`;
  for (const e of await readdir(dirname(out)).catch(() => [] as string[])) if (e.startsWith(prefix)) await rm(join(dirname(out), e), { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
}

/**
 * Runs an extract. `scratch` is a folder inside the register's data directory: when the files are to
 * be encrypted, their plaintext is written there (never beside the delivery) and removed after.
 */
export async function runExtract(store: Store, vault: Vault, projectId: string, options: { out: string; scratch: string; today?: string }): Promise<ExtractResult> {
  const started = performance.now();
  const out = resolve(options.out);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const conn = await store.instance.connect();
  const id = randomBytes(6).toString('hex');
  const staging = join(dirname(out), `.${basename(out)}.partial-${id}`);
  const scratch = resolve(options.scratch);
  try {
    const project = await loadProject(conn, projectId);
    const app = project.application;
    if (app.expires <= today) throw new LmrError(issue('forbidden', `the approval of project ${projectId} expired on ${app.expires}`, { path: 'expires', rule: 'extract.expired' }));
    await emptyOrAbsent(out);
    const { state, source, params } = await preparePopulation(conn, vault, projectId, app);
    // 2. The rows.
    const scope = app.dispensingScope ?? 'matching';
    const rowFilter = scope === 'matching' && app.population.atc ? `AND ${atcMatch(app.population.atc)}` : '';
    await run(conn, `CREATE OR REPLACE TEMP TABLE x_rows AS
      SELECT d.*, p.lopenr AS x_pl, p.shift AS x_shift, ${pseudonym('dsp', "d.pharmacy || '|' || d.ref", 20)} AS x_dl
      FROM ${source.sql} d JOIN x_pop p ON p.patient_id = d.patient_id
      WHERE NOT d.animal AND d.dispensed_on BETWEEN $wf::DATE AND $wt::DATE ${rowFilter}`, { ...params, wf: app.timeWindow.from, wt: app.timeWindow.to });
    await run(conn, `CREATE OR REPLACE TEMP TABLE x_prl AS
      SELECT prescriber_id, ${pseudonym('prs', 'prescriber_id::VARCHAR', 16)} AS lopenr FROM (SELECT DISTINCT prescriber_id FROM x_rows WHERE prescriber_id IS NOT NULL)`, params);

    // 3. One table per unit, written as CSV and Parquet (in the scratch folder when they are to be encrypted).
    await removeStale(out, scratch);
    const recipient = app.recipientPublicKey;
    const plainDir = recipient ? join(scratch, id) : staging;
    await mkdir(staging, { recursive: true });
    await mkdir(plainDir, { recursive: true, mode: 0o700 });
    const units = planUnits(app);
    const files: ManifestFile[] = [];
    const codebook: CodebookFile[] = [];
    for (const u of units) {
      const { select, joins } = selectColumns(u.columns, { currentMunicipalities: (app.dateShiftDays ?? 0) > 0 });
      await conn.run(`CREATE OR REPLACE TEMP TABLE x_out AS SELECT ${select} FROM ${u.relation} d ${joins} ORDER BY ${u.order}`);
      const names = await writeTable(conn, plainDir, u.unit, files);
      codebook.push(await describeTable(conn, 'x_out', u.unit, names, u.columns));
      await conn.run('DROP TABLE x_out');
    }
    if (app.population.linkageKeyFile) {
      // The linkage report: every number of the key file, and whether the register knew the person.
      await run(conn, `CREATE OR REPLACE TEMP TABLE x_out AS
        SELECT k.project_number AS pasient_lopenr,
          CASE WHEN k.person_id IS NULL THEN 'ikke_i_lmr' WHEN r.patient_id IS NULL THEN 'ingen_utleveringer' ELSE 'funnet' END AS koblingsstatus
        FROM extracts.linkage_key k LEFT JOIN (SELECT DISTINCT patient_id FROM x_rows) r ON r.patient_id = k.person_id
        WHERE k.project_id = $p::VARCHAR AND k.import_id = (SELECT arg_max(import_id, imported_at) FROM extracts.linkage_key WHERE project_id = $p::VARCHAR)
        ORDER BY k.project_number`, params);
      const names = await writeTable(conn, plainDir, 'linkage', files);
      codebook.push(await describeTable(conn, 'x_out', 'linkage', names, LINKAGE_COLUMNS));
      await conn.run('DROP TABLE x_out');
    }
    if (units.length === 0) throw new LmrError(issue('invalid', 'the approved variables give no file', { path: 'variables', rule: 'extract.empty' }));
    const counts = {
      persons: await count(conn, 'SELECT count(DISTINCT patient_id) FROM x_rows'),
      prescribers: units.some((u) => u.columns.some((c) => c.variable.group === 'prescriber')) ? await count(conn, 'SELECT count(*) FROM x_prl') : 0,
      dispensings: await count(conn, 'SELECT count(*) FROM x_rows'),
    };

    // 4. Codebook, encryption, manifest and signature.
    await writeFile(
      join(plainDir, CODEBOOK),
      JSON.stringify({ format: 'lmr-codebook-1', project: { id: projectId, version: project.version, title: app.title }, dataState: state.label, dataAsOf: state.asOf, files: codebook }, null, 2) + '\n',
    );
    files.push({ name: CODEBOOK, unit: 'codebook', format: 'json', rows: null, bytes: 0, sha256: '' });
    for (const f of files) {
      const path = join(plainDir, f.name);
      if (recipient) {
        const enc = await encryptFile(path, join(staging, f.name + ENCRYPTED_SUFFIX), recipient);
        await unlink(path);
        f.plain = { name: f.name, bytes: enc.plainBytes, sha256: enc.plainSha256 };
        f.name += ENCRYPTED_SUFFIX;
        f.bytes = enc.bytes;
        f.sha256 = enc.sha256;
      } else {
        const h = await sha256File(path);
        f.bytes = h.bytes;
        f.sha256 = h.sha256;
      }
    }
    const fingerprint = recipient ? keyFingerprint(recipient) : null;
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      project: { id: projectId, version: project.version, title: app.title, approvalReference: app.approval.reference, legalBasis: app.legalBasis, expires: app.expires },
      dataState: state.label,
      dataAsOf: state.asOf,
      timeWindow: app.timeWindow,
      population: app.population,
      dispensingScope: scope,
      dateShiftDays: app.dateShiftDays ?? null,
      counts,
      encryption: fingerprint ? { alg: 'A256GCM', keyAlg: 'RSA-OAEP-256', recipient: fingerprint, format: 'lmr-enc-1' } : null,
      files,
    };
    const bytes = manifestBytes(manifest);
    await writeFile(join(staging, MANIFEST), bytes);
    const jws = await vault.sign(bytes);
    await writeFile(join(staging, SIGNATURE), jws + '\n');
    const manifestHash = (await sha256File(join(staging, MANIFEST))).sha256;

    // 5. The disclosure log, then the delivery moves into place.
    const deliveryId = randomUUID();
    const disclosed = app.population.linkageKeyFile ? await count(conn, 'SELECT count(*) FROM x_pop') : counts.persons;
    await transaction(conn, () =>
      recordDisclosure(
        conn,
        {
          deliveryId, projectId, projectVersion: project.version, approvalReference: app.approval.reference, kind: 'extract', dataState: state.label,
          dataAsOf: state.asOf, persons: disclosed, prescribers: counts.prescribers, rows: counts.dispensings, recipient: fingerprint, manifestSha256: manifestHash,
          detail: { out, files: files.map((f) => ({ name: f.name, rows: f.rows, sha256: f.sha256 })), variables: app.variables },
        },
        // A linkage report tells which persons the register knows: all of them count as disclosed.
        { patients: app.population.linkageKeyFile ? 'SELECT patient_id FROM x_pop' : 'SELECT patient_id FROM x_rows', ...(counts.prescribers > 0 ? { prescribers: 'SELECT prescriber_id FROM x_prl' } : {}) },
      ),
    );
    await rmdir(out).catch(() => undefined); // an empty folder given as --out (never one that has been written to since)
    await rename(staging, out);
    return {
      projectId, projectVersion: project.version, deliveryId, out, dataState: state.label, dataAsOf: state.asOf, ...counts,
      files: files.map((f) => ({ name: f.name, rows: f.rows, sha256: f.sha256 })),
      encryptedTo: fingerprint, signedBy: (JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await rm(join(scratch, id), { recursive: true, force: true }).catch(() => undefined);
    conn.closeSync(); // drops the connection's temporary tables
  }
}
