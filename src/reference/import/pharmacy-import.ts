import { BulkLoader, type DuckDBConnection } from '../../shared/duckdb.js';
import { issue, type Issue } from '../../shared/outcome.js';
import { applyStaged, dropStages, isIsoDate, ndjsonRecords, reportDuplicateLines, type ImportContext, type ImportReport } from './common.js';

const STAGES = ['_stage_pharmacy'];

interface PharmacyRecord {
  konsesjonsnr: string;
  orgnr?: string | null;
  name: string;
  chain?: string | null;
  municipality: string;
  opened?: string | null;
  closed?: string | null;
}

export function validatePharmacyRecord(raw: unknown, file: string, line: number): { record?: PharmacyRecord; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, message: string, rule: string): void => {
    issues.push(issue('invalid', message, { path, rule, location: { file, line } }));
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    at('', 'a pharmacy record must be a JSON object', 'PHARM-SHAPE');
    return { issues };
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.konsesjonsnr !== 'string' || !/^\d{1,6}$/.test(r.konsesjonsnr)) at('konsesjonsnr', 'must be a licence number of 1–6 digits', 'PHARM-LICENCE');
  if (typeof r.name !== 'string' || r.name.trim() === '') at('name', 'is required', 'PHARM-NAME');
  if (typeof r.municipality !== 'string' || !/^\d{4}$/.test(r.municipality)) at('municipality', 'must be a 4-digit municipality code', 'PHARM-MUNICIPALITY');
  if (r.orgnr != null && (typeof r.orgnr !== 'string' || !/^\d{9}$/.test(r.orgnr))) at('orgnr', 'must be a 9-digit organisation number', 'PHARM-ORGNR');
  if (r.opened != null && !isIsoDate(r.opened)) at('opened', 'must be a date (YYYY-MM-DD) or null', 'PHARM-DATE');
  if (r.closed != null && !isIsoDate(r.closed)) at('closed', 'must be a date (YYYY-MM-DD) or null', 'PHARM-DATE');
  if (isIsoDate(r.opened) && isIsoDate(r.closed) && r.closed < r.opened) at('closed', 'is before opened', 'PHARM-DATE');
  return issues.length ? { issues } : { record: r as unknown as PharmacyRecord, issues };
}

/** Imports the pharmacy list. Pharmacies absent from a newer list are kept (dispensings refer to them). */
export async function importPharmacies(conn: DuckDBConnection, file: string, ctx: ImportContext): Promise<ImportReport> {
  const started = new Date();
  await dropStages(conn, STAGES);
  await conn.run(`CREATE TABLE _stage_pharmacy (line BIGINT, konsesjonsnr VARCHAR, orgnr VARCHAR, name VARCHAR, chain VARCHAR,
    municipality VARCHAR, opened VARCHAR, closed VARCHAR)`);
  const loader = await BulkLoader.create(conn, '_stage_pharmacy');
  const issues: Issue[] = [];
  ctx.progress.start('pharmacies', 0);
  try {
    for await (const { line, record: r } of ndjsonRecords(file, validatePharmacyRecord, 'PHARM-JSON', issues)) {
      loader.append([line, r.konsesjonsnr, r.orgnr ?? null, r.name, r.chain ?? null, r.municipality, r.opened ?? null, r.closed ?? null]);
    }
  } finally {
    loader.close();
    ctx.progress.stop();
  }
  try {
    await reportDuplicateLines(conn, { table: '_stage_pharmacy', key: 'konsesjonsnr' }, file, issues, {
      path: 'konsesjonsnr', rule: 'PHARM-DUPLICATE', message: 'the same konsesjonsnr',
    });
    return await applyStaged(conn, { source: 'pharmacies', file, rows: loader.count, warnings: issues }, started, async () => {
      await conn.run(`
        DELETE FROM pharmacy WHERE konsesjonsnr IN (SELECT konsesjonsnr FROM _stage_pharmacy);
        INSERT INTO pharmacy SELECT konsesjonsnr, orgnr, name, chain, municipality, opened::DATE, closed::DATE, current_timestamp::TIMESTAMP
          FROM _stage_pharmacy;
      `);
    });
  } finally {
    await dropStages(conn, STAGES);
  }
}
