import { checkHpr, checkIdentityNumber, type Vault } from '../../identity/index.js';
import { BulkLoader, type DuckDBConnection } from '../../shared/duckdb.js';
import { issue, isError, type Issue } from '../../shared/outcome.js';
import {
  applyStaged, dropStages, failOnErrors, isIsoDate, MergeLog, ndjsonRecords, reportDuplicateLines, withVaultTransaction, type ImportContext, type ImportReport,
} from './common.js';

const STAGES = ['_stage_prescriber', '_stage_gp', '_stage_merge'];
/** Prescribers are resolved in batches; GP lists make a batch heavy, so it is bounded by list entries. */
const MAX_PRESCRIBERS = 5_000;
const MAX_LIST_ENTRIES = 500_000;

interface PrescriberRecord {
  hpr: string;
  birthYear: number | null;
  sex: 'male' | 'female' | null;
  profession: string;
  specialties: string[];
  authorisedFrom: string | null;
  workplace: { orgnr?: string; name?: string; municipality?: string } | null;
  gpList?: { patient: string; from: string | null; to: string | null }[];
}

export function validatePrescriberRecord(raw: unknown, file: string, line: number): { record?: PrescriberRecord; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, message: string, rule: string): void => {
    issues.push(issue('invalid', message, { path, rule, location: { file, line } }));
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    at('', 'a prescriber record must be a JSON object', 'HPR-SHAPE');
    return { issues };
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.hpr !== 'string') at('hpr', 'must be a string of up to 9 digits', 'HPR-NUMBER');
  else {
    const c = checkHpr(r.hpr);
    if (!c.valid || c.masked) at('hpr', c.masked ? 'a masked value is not an HPR number' : `invalid HPR number: ${c.reason ?? ''}`, 'HPR-NUMBER');
  }
  if (r.birthYear != null && (typeof r.birthYear !== 'number' || !Number.isInteger(r.birthYear) || r.birthYear < 1900 || r.birthYear > 2015)) {
    at('birthYear', 'must be a year between 1900 and 2015', 'HPR-BIRTH-YEAR');
  }
  if (r.sex != null && r.sex !== 'male' && r.sex !== 'female') at('sex', "must be 'male', 'female' or null", 'HPR-SEX');
  if (typeof r.profession !== 'string' || r.profession === '') at('profession', 'a profession code (list 9060) is required', 'HPR-PROFESSION');
  if (r.specialties != null && (!Array.isArray(r.specialties) || r.specialties.some((s) => typeof s !== 'string'))) at('specialties', 'must be a list of strings', 'HPR-SPECIALTY');
  if (r.authorisedFrom != null && !isIsoDate(r.authorisedFrom)) at('authorisedFrom', 'must be a date (YYYY-MM-DD) or null', 'HPR-DATE');
  if (r.workplace != null && typeof r.workplace !== 'object') at('workplace', 'must be an object', 'HPR-WORKPLACE');
  const wm = (r.workplace as Record<string, unknown> | null | undefined)?.municipality;
  if (wm != null && (typeof wm !== 'string' || !/^\d{4}$/.test(wm))) at('workplace.municipality', 'must be a 4-digit municipality code', 'HPR-WORKPLACE');
  if (r.gpList != null) {
    if (!Array.isArray(r.gpList)) at('gpList', 'must be a list', 'HPR-GP-LIST');
    else
      r.gpList.forEach((e: unknown, i) => {
        const o = (e ?? {}) as Record<string, unknown>;
        const c = typeof o.patient === 'string' ? checkIdentityNumber(o.patient) : undefined;
        if (!c?.valid || c.kind === 'masked') at(`gpList[${i}].patient`, `must be a valid identity number${c?.reason ? `: ${c.reason}` : ''}`, 'HPR-GP-PATIENT');
        if (o.from != null && !isIsoDate(o.from)) at(`gpList[${i}].from`, 'must be a date (YYYY-MM-DD) or null', 'HPR-DATE');
        if (o.to != null && !isIsoDate(o.to)) at(`gpList[${i}].to`, 'must be a date (YYYY-MM-DD) or null', 'HPR-DATE');
      });
  }
  if (issues.length) return { issues };
  const rec = r as unknown as PrescriberRecord;
  return { record: { ...rec, specialties: rec.specialties ?? [], birthYear: rec.birthYear ?? null, sex: rec.sex ?? null }, issues };
}

/**
 * Imports HPR prescribers and GP lists. HPR numbers go to the vault (role prescriber); GP-list patients
 * are resolved to internal person ids through the vault, never stored as numbers. A list patient the
 * vault does not know (population not yet imported) is a warning and the entry is left out.
 */
export async function importPrescribers(conn: DuckDBConnection, vault: Vault, file: string, ctx: ImportContext): Promise<ImportReport> {
  return withVaultTransaction(vault, (commitVault) => importPrescribersIn(conn, vault, commitVault, file, ctx));
}

async function importPrescribersIn(conn: DuckDBConnection, vault: Vault, commitVault: () => Promise<void>, file: string, ctx: ImportContext): Promise<ImportReport> {
  const started = new Date();
  const merges = new MergeLog();
  await dropStages(conn, STAGES);
  await conn.run(`
    CREATE TABLE _stage_prescriber (line BIGINT, prescriber_id BIGINT, birth_year DOUBLE, sex VARCHAR, profession VARCHAR,
      specialties VARCHAR[], authorised_from VARCHAR, orgnr VARCHAR, wname VARCHAR, wmunicipality VARCHAR);
    CREATE TABLE _stage_gp (line BIGINT, prescriber_id BIGINT, person_id BIGINT, valid_from VARCHAR, valid_to VARCHAR);
  `);
  const prescribers = await BulkLoader.create(conn, '_stage_prescriber');
  const gp = await BulkLoader.create(conn, '_stage_gp');
  const issues: Issue[] = [];
  let batch: { line: number; record: PrescriberRecord }[] = [];
  let entries = 0;
  let unknownPatients = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const { ids, merges: found } = await vault.register('prescriber', batch.map((b) => ({ identities: [{ number: b.record.hpr, kind: 'hpr' }] })));
    merges.add(found);
    const patients = batch.flatMap((b) => (b.record.gpList ?? []).map((e) => e.patient));
    const personIds = await vault.lookup('patient', patients);
    let k = 0;
    batch.forEach((b, i) => {
      const r = b.record;
      const w = r.workplace ?? {};
      prescribers.append([b.line, ids[i]!, r.birthYear, r.sex, r.profession, r.specialties, r.authorisedFrom ?? null, w.orgnr ?? null, w.name ?? null, w.municipality ?? null]);
      for (const e of r.gpList ?? []) {
        const pid = personIds[k++];
        if (pid === null || pid === undefined) unknownPatients++;
        else gp.append([b.line, ids[i]!, pid, e.from ?? null, e.to ?? null]);
      }
    });
    batch = [];
    entries = 0;
  };
  ctx.progress.start('prescribers', 0);
  let done = 0;
  try {
    for await (const r of ndjsonRecords(file, validatePrescriberRecord, 'HPR-JSON', issues)) {
      batch.push(r);
      entries += r.record.gpList?.length ?? 0;
      if (batch.length >= MAX_PRESCRIBERS || entries >= MAX_LIST_ENTRIES) {
        done += batch.length;
        await flush();
        ctx.progress.update(done);
      }
    }
    if (!issues.some(isError)) await flush();
  } finally {
    prescribers.close();
    gp.close();
    ctx.progress.stop();
  }
  try {
    await reportDuplicateLines(conn, { table: '_stage_prescriber', key: 'prescriber_id' }, file, issues, {
      path: 'hpr', rule: 'HPR-DUPLICATE', message: 'the same HPR number',
    });
    if (unknownPatients > 0) {
      issues.push(issue('not-found', `${unknownPatients} GP-list entries name a person the population register does not hold; they were left out`, {
        severity: 'warning', path: 'gpList[].patient', rule: 'HPR-GP-PATIENT-UNKNOWN', location: { file },
      }));
    }
    failOnErrors(issues, file);
    await commitVault();
    await merges.stage(conn, '_stage_merge');
    const report = { source: 'prescribers' as const, file, rows: prescribers.count, warnings: issues, details: { gpListEntries: gp.count, unknownPatients } };
    return await applyStaged(conn, report, started, async () => {
      await conn.run(`
        DELETE FROM gp_list WHERE prescriber_id IN (SELECT from_id FROM _stage_merge);
        DELETE FROM prescriber WHERE prescriber_id IN (SELECT from_id FROM _stage_merge);
        DELETE FROM gp_list WHERE prescriber_id IN (SELECT prescriber_id FROM _stage_prescriber);
        DELETE FROM prescriber WHERE prescriber_id IN (SELECT prescriber_id FROM _stage_prescriber);
        INSERT INTO prescriber SELECT prescriber_id, birth_year::INTEGER, sex, profession, specialties, authorised_from::DATE,
          orgnr, wname, wmunicipality, current_timestamp::TIMESTAMP FROM _stage_prescriber;
        INSERT INTO gp_list SELECT prescriber_id, person_id, valid_from::DATE, valid_to::DATE FROM _stage_gp;
      `);
    });
  } finally {
    await dropStages(conn, STAGES);
  }
}
