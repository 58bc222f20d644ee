import { BulkLoader, transaction, type DuckDBConnection } from '../../shared/duckdb.js';
import { readLines } from '../../shared/lines.js';
import { issue, type Issue } from '../../shared/outcome.js';
import { dropStages, failOnErrors, isIsoDate, logImport, sha256File, type ImportContext, type ImportReport } from './common.js';

const STAGES = ['_stage_pharmacy'];

export function validatePharmacyRecord(raw: unknown, file: string, line: number): Issue[] {
  const issues: Issue[] = [];
  const at = (path: string, message: string, rule: string): void => {
    issues.push(issue('invalid', message, { path, rule, location: { file, line } }));
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    at('', 'a pharmacy record must be a JSON object', 'PHARM-SHAPE');
    return issues;
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.konsesjonsnr !== 'string' || !/^\d{1,6}$/.test(r.konsesjonsnr)) at('konsesjonsnr', 'must be a licence number of 1–6 digits', 'PHARM-LICENCE');
  if (typeof r.name !== 'string' || r.name.trim() === '') at('name', 'is required', 'PHARM-NAME');
  if (typeof r.municipality !== 'string' || !/^\d{4}$/.test(r.municipality)) at('municipality', 'must be a 4-digit municipality code', 'PHARM-MUNICIPALITY');
  if (r.orgnr != null && (typeof r.orgnr !== 'string' || !/^\d{9}$/.test(r.orgnr))) at('orgnr', 'must be a 9-digit organisation number', 'PHARM-ORGNR');
  if (r.opened != null && !isIsoDate(r.opened)) at('opened', 'must be a date (YYYY-MM-DD) or null', 'PHARM-DATE');
  if (r.closed != null && !isIsoDate(r.closed)) at('closed', 'must be a date (YYYY-MM-DD) or null', 'PHARM-DATE');
  if (isIsoDate(r.opened) && isIsoDate(r.closed) && r.closed < r.opened) at('closed', 'is before opened', 'PHARM-DATE');
  return issues;
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
    for await (const { line, lineNo } of readLines(file)) {
      if (line.trim() === '') continue;
      let raw: Record<string, unknown>;
      try {
        raw = JSON.parse(line) as Record<string, unknown>;
      } catch {
        issues.push(issue('structure', 'not valid JSON', { rule: 'PHARM-JSON', location: { file, line: lineNo } }));
        continue;
      }
      const found = validatePharmacyRecord(raw, file, lineNo);
      issues.push(...found);
      if (found.length === 0) {
        loader.append([lineNo, raw.konsesjonsnr as string, (raw.orgnr as string | null) ?? null, raw.name as string,
          (raw.chain as string | null) ?? null, raw.municipality as string, (raw.opened as string | null) ?? null, (raw.closed as string | null) ?? null]);
      }
    }
  } finally {
    loader.close();
    ctx.progress.stop();
  }
  try {
    const dup = await conn.runAndReadAll(`SELECT konsesjonsnr, list(line ORDER BY line) FROM _stage_pharmacy GROUP BY 1 HAVING count(*) > 1 LIMIT 20`);
    for (const [, lines] of dup.getRowsJS() as [string, bigint[]][]) {
      const [first, ...rest] = lines.map(Number);
      issues.push(issue('conflict', `the same konsesjonsnr also appears on line ${rest.join(', ')}`, { path: 'konsesjonsnr', rule: 'PHARM-DUPLICATE', location: { file, line: first! } }));
    }
    failOnErrors(issues, file);
    const sha = await sha256File(file);
    const report: ImportReport = { source: 'pharmacies', file, rows: loader.count, warnings: issues, seconds: 0 };
    await transaction(conn, async () => {
      await conn.run(`
        DELETE FROM pharmacy WHERE konsesjonsnr IN (SELECT konsesjonsnr FROM _stage_pharmacy);
        INSERT INTO pharmacy SELECT konsesjonsnr, orgnr, name, chain, municipality, opened::DATE, closed::DATE, current_timestamp::TIMESTAMP
          FROM _stage_pharmacy;
      `);
      await logImport(conn, report, sha, started);
    });
    report.seconds = (Date.now() - started.getTime()) / 1000;
    return report;
  } finally {
    await dropStages(conn, STAGES);
  }
}
