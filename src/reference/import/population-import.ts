import { checkIdentityNumber, type SubjectInput, type Vault } from '../../identity/index.js';
import { BulkLoader, queryOne, type DuckDBConnection } from '../../shared/duckdb.js';
import { issue, isError, type Issue } from '../../shared/outcome.js';
import {
  applyStaged, dropStages, failOnErrors, isIsoDate, MergeLog, ndjsonRecords, reportDuplicateLines, withVaultTransaction, type ImportContext, type ImportReport,
} from './common.js';

const STAGES = ['_stage_person', '_stage_residence', '_stage_merge'];
const BATCH = 100_000;

interface PopulationRecord {
  identities: { number: string; kind: string; from: string | null; to: string | null }[];
  birthDate: string;
  sex: 'male' | 'female';
  deathDate: string | null;
  residence: { municipality: string; from: string; to: string | null }[];
}

/**
 * Validates one population record and reports every problem, each with its field path.
 * Messages never quote an identity number.
 */
export function validatePopulationRecord(raw: unknown, file: string, line: number): { record?: PopulationRecord; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, message: string, rule: string): void => {
    issues.push(issue('invalid', message, { path, rule, location: { file, line } }));
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    at('', 'a population record must be a JSON object', 'POP-SHAPE');
    return { issues };
  }
  const r = raw as Record<string, unknown>;
  const ids = r.identities;
  if (!Array.isArray(ids) || ids.length === 0) at('identities', 'at least one identity number is required', 'POP-IDENTITY');
  else
    ids.forEach((id: unknown, i) => {
      const o = (id ?? {}) as Record<string, unknown>;
      if (typeof o.number !== 'string') {
        at(`identities[${i}].number`, 'must be a string of 11 digits', 'POP-IDENTITY');
        return;
      }
      const check = checkIdentityNumber(o.number);
      if (!check.valid || check.kind === 'masked') {
        at(`identities[${i}].number`, check.kind === 'masked' ? 'a masked value is not an identity' : `invalid identity number: ${check.reason ?? 'unknown reason'}`, 'POP-IDENTITY-CHECKSUM');
        return;
      }
      if (o.kind !== 'fnr' && o.kind !== 'dnumber') at(`identities[${i}].kind`, "must be 'fnr' or 'dnumber'", 'POP-IDENTITY-KIND');
      else if (check.kind !== o.kind) at(`identities[${i}].kind`, `says '${o.kind}' but the number is a ${check.kind ?? 'different kind'}`, 'POP-IDENTITY-KIND');
      if (o.from != null && !isIsoDate(o.from)) at(`identities[${i}].from`, 'must be a date (YYYY-MM-DD) or null', 'POP-DATE');
      if (o.to != null && !isIsoDate(o.to)) at(`identities[${i}].to`, 'must be a date (YYYY-MM-DD) or null', 'POP-DATE');
    });
  if (!isIsoDate(r.birthDate)) at('birthDate', 'must be a date (YYYY-MM-DD)', 'POP-DATE');
  if (r.sex !== 'male' && r.sex !== 'female') at('sex', "must be 'male' or 'female'", 'POP-SEX');
  if (r.deathDate != null) {
    if (!isIsoDate(r.deathDate)) at('deathDate', 'must be a date (YYYY-MM-DD) or null', 'POP-DATE');
    else if (isIsoDate(r.birthDate) && r.deathDate < r.birthDate) at('deathDate', 'is before birthDate', 'POP-DEATH-BEFORE-BIRTH');
  }
  const res = r.residence;
  if (!Array.isArray(res)) at('residence', 'must be a list of periods', 'POP-RESIDENCE');
  else {
    let prevTo: string | null | undefined;
    res.forEach((p: unknown, i) => {
      const o = (p ?? {}) as Record<string, unknown>;
      if (typeof o.municipality !== 'string' || !/^\d{4}$/.test(o.municipality)) at(`residence[${i}].municipality`, 'must be a 4-digit municipality code', 'POP-MUNICIPALITY');
      if (!isIsoDate(o.from)) at(`residence[${i}].from`, 'must be a date (YYYY-MM-DD)', 'POP-DATE');
      if (o.to != null && !isIsoDate(o.to)) at(`residence[${i}].to`, 'must be a date (YYYY-MM-DD) or null', 'POP-DATE');
      if (isIsoDate(o.from) && isIsoDate(o.to) && o.to < o.from) at(`residence[${i}].to`, 'ends before it starts', 'POP-RESIDENCE-ORDER');
      if (i > 0 && isIsoDate(o.from) && (prevTo === null || (typeof prevTo === 'string' && o.from <= prevTo))) {
        at(`residence[${i}].from`, 'overlaps the previous residence period', 'POP-RESIDENCE-ORDER');
      }
      prevTo = (o.to as string | null | undefined) ?? null;
    });
  }
  if (issues.length) return { issues };
  return { record: r as unknown as PopulationRecord, issues };
}

/**
 * Imports the population register: identity numbers go to the vault (batch by batch), everything else
 * is staged by internal id and applied in one transaction. A person absent from a newer file is kept
 * (the register does not forget emigrants); a person present gets the newer attributes and residence history.
 */
export async function importPopulation(conn: DuckDBConnection, vault: Vault, file: string, ctx: ImportContext): Promise<ImportReport> {
  return withVaultTransaction(vault, (commitVault) => importPopulationIn(conn, vault, commitVault, file, ctx));
}

async function importPopulationIn(conn: DuckDBConnection, vault: Vault, commitVault: () => Promise<void>, file: string, ctx: ImportContext): Promise<ImportReport> {
  const started = new Date();
  const merges = new MergeLog();
  await dropStages(conn, STAGES);
  await conn.run(`
    CREATE TABLE _stage_person (line BIGINT, person_id BIGINT, birth_date VARCHAR, sex VARCHAR, death_date VARCHAR);
    CREATE TABLE _stage_residence (line BIGINT, person_id BIGINT, municipality VARCHAR, valid_from VARCHAR, valid_to VARCHAR);
  `);
  const persons = await BulkLoader.create(conn, '_stage_person');
  const residences = await BulkLoader.create(conn, '_stage_residence');
  const issues: Issue[] = [];
  let batch: { line: number; record: PopulationRecord }[] = [];
  // One batch is sealed and resolved in the vault while the next is parsed and validated: at most one in flight.
  let inflight: Promise<void> | undefined;
  const register = async (items: { line: number; record: PopulationRecord }[]): Promise<void> => {
    const subjects: SubjectInput[] = items.map((b) => ({ identities: b.record.identities }));
    const { ids, merges: found } = await vault.register('patient', subjects);
    merges.add(found);
    items.forEach((b, i) => {
      const id = ids[i]!;
      persons.append([b.line, id, b.record.birthDate, b.record.sex, b.record.deathDate ?? null]);
      for (const p of b.record.residence) residences.append([b.line, id, p.municipality, p.from, p.to ?? null]);
    });
  };
  const flush = async (): Promise<void> => {
    if (inflight) await inflight;
    inflight = undefined;
    if (batch.length === 0) return;
    const items = batch;
    batch = [];
    inflight = register(items);
  };
  ctx.progress.start('population', 0);
  let lines = 0;
  try {
    for await (const r of ndjsonRecords(file, validatePopulationRecord, 'POP-JSON', issues)) {
      batch.push(r);
      if (batch.length >= BATCH) {
        lines += batch.length;
        await flush();
        ctx.progress.update(lines);
      }
    }
    if (!issues.some(isError)) await flush();
    if (inflight) await inflight;
  } finally {
    await inflight?.catch(() => undefined);
    persons.close();
    residences.close();
    ctx.progress.stop();
  }
  try {
    await merges.stage(conn, '_stage_merge');
    await conn.run(`
      UPDATE _stage_person SET person_id = m.to_id FROM _stage_merge m WHERE _stage_person.person_id = m.from_id;
      UPDATE _stage_residence SET person_id = m.to_id FROM _stage_merge m WHERE _stage_residence.person_id = m.from_id;
    `);
    await reportDuplicateLines(conn, { table: '_stage_person', key: 'person_id' }, file, issues, {
      path: 'identities', rule: 'POP-DUPLICATE', message: 'the same person (by identity number)',
    });
    await checkMunicipalities(conn, file, issues);
    // Identities are committed only for a file without errors; then the attributes, in one transaction.
    failOnErrors(issues, file);
    await commitVault();
    const details = { residencePeriods: residences.count, merges: merges.size };
    return await applyStaged(conn, { source: 'population', file, rows: persons.count, warnings: issues, details }, started, async () => {
      await conn.run(`
        DELETE FROM residence WHERE person_id IN (SELECT from_id FROM _stage_merge);
        DELETE FROM person WHERE person_id IN (SELECT from_id FROM _stage_merge);
        UPDATE gp_list SET person_id = m.to_id FROM _stage_merge m WHERE gp_list.person_id = m.from_id;
        DELETE FROM residence WHERE person_id IN (SELECT person_id FROM _stage_person);
        DELETE FROM person WHERE person_id IN (SELECT person_id FROM _stage_person);
        INSERT INTO person SELECT person_id, birth_date::DATE, sex, death_date::DATE, current_timestamp::TIMESTAMP FROM _stage_person;
        INSERT INTO residence SELECT person_id, municipality, valid_from::DATE, valid_to::DATE FROM _stage_residence;
      `);
    });
  } finally {
    await dropStages(conn, STAGES);
  }
}

/** Set-based check across the whole file: municipality codes must be in list 3402 (when it is loaded). */
async function checkMunicipalities(conn: DuckDBConnection, file: string, issues: Issue[]): Promise<void> {
  const has3402 = await queryOne<{ n: number }>(conn, `SELECT count(*)::INTEGER AS n FROM code WHERE oid = '3402'`);
  if (!has3402?.n) return;
  const unknown = await conn.runAndReadAll(`
    SELECT r.line, r.municipality FROM _stage_residence r
    WHERE NOT EXISTS (SELECT 1 FROM code c WHERE c.oid = '3402' AND c.code = r.municipality)
    ORDER BY r.line LIMIT 50`);
  for (const [line, municipality] of unknown.getRowsJS() as [bigint, string][]) {
    issues.push(issue('value', `municipality '${municipality}' is not in code list 3402`, {
      path: 'residence[].municipality', rule: 'POP-MUNICIPALITY', location: { file, line: Number(line) },
    }));
  }
}
