import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BulkLoader, transaction, type DuckDBConnection } from '../../shared/duckdb.js';
import { issue, type Issue } from '../../shared/outcome.js';
import { dropStages, failOnErrors, isIsoDate, logImport, sha256File, type ImportContext, type ImportReport } from './common.js';

const STAGES = ['_stage_code', '_stage_codelist'];
const OID_RE = /^urn:oid:((?:\d+\.)*\d+)$/;

interface ParsedConcept {
  code: string;
  display: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  parent: string | null;
  level: number | null;
  county: string | null;
  replacedBy: string | null;
  nameEnglish: string | null;
}

/** Reads one FHIR CodeSystem file and reports every problem with its element path. */
export function parseCodeSystem(text: string, file: string): { oid?: string; name?: string; title?: string; version?: string; concepts: ParsedConcept[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const at = (path: string, message: string, rule: string): void => {
    issues.push(issue('invalid', message, { path, rule, location: { file } }));
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A fixed message: newer engines quote the input in JSON.parse errors.
    issues.push(issue('structure', 'not valid JSON', { rule: 'CODE-JSON', location: { file } }));
    return { concepts: [], issues };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    at('', 'a code list must be a JSON object (a FHIR CodeSystem)', 'CODE-SHAPE');
    return { concepts: [], issues };
  }
  const doc = parsed as Record<string, unknown>;
  if (doc.resourceType !== 'CodeSystem') at('resourceType', "must be 'CodeSystem'", 'CODE-SHAPE');
  const url = typeof doc.url === 'string' ? OID_RE.exec(doc.url) : null;
  if (!url) at('url', "must be 'urn:oid:<oid>'", 'CODE-OID');
  const fullOid = url?.[1] ?? '';
  const oid = fullOid.startsWith('2.16.578.1.12.4.1.1.') ? fullOid.slice('2.16.578.1.12.4.1.1.'.length) : fullOid;
  const concepts: ParsedConcept[] = [];
  if (!Array.isArray(doc.concept)) at('concept', 'must be a list of concepts', 'CODE-SHAPE');
  else {
    const seen = new Set<string>();
    doc.concept.forEach((c: unknown, i) => {
      if (typeof c !== 'object' || c === null || Array.isArray(c)) {
        at(`concept[${i}]`, 'must be an object', 'CODE-SHAPE');
        return;
      }
      const o = c as Record<string, unknown>;
      if (typeof o.code !== 'string' || o.code.trim() === '') {
        at(`concept[${i}].code`, 'is required', 'CODE-CODE');
        return;
      }
      const props = new Map<string, unknown>();
      if (o.property !== undefined && !Array.isArray(o.property)) {
        at(`concept[${i}].property`, 'must be a list', 'CODE-SHAPE');
        return;
      }
      for (const [j, p] of ((o.property ?? []) as unknown[]).entries()) {
        if (typeof p !== 'object' || p === null) {
          at(`concept[${i}].property[${j}]`, 'must be an object', 'CODE-SHAPE');
          continue;
        }
        const value: unknown = Object.entries(p as Record<string, unknown>).find(([k]) => k.startsWith('value'))?.[1];
        const code = (p as { code?: unknown }).code;
        if (typeof code === 'string') props.set(code, value);
      }
      const from = props.get('effectiveFrom') ?? null;
      const to = props.get('effectiveTo') ?? null;
      if (from !== null && !isIsoDate(from)) at(`concept[${i}].property[effectiveFrom]`, 'must be a date (YYYY-MM-DD)', 'CODE-DATE');
      if (to !== null && !isIsoDate(to)) at(`concept[${i}].property[effectiveTo]`, 'must be a date (YYYY-MM-DD)', 'CODE-DATE');
      if (isIsoDate(from) && isIsoDate(to) && to < from) at(`concept[${i}].property[effectiveTo]`, 'ends before effectiveFrom', 'CODE-DATE');
      const key = `${o.code}|${isIsoDate(from) ? from : ''}`;
      if (seen.has(key)) at(`concept[${i}].code`, `code '${o.code}' appears twice with the same effectiveFrom`, 'CODE-DUPLICATE');
      seen.add(key);
      const level = props.get('level');
      concepts.push({
        code: o.code,
        display: typeof o.display === 'string' ? o.display : null,
        effectiveFrom: isIsoDate(from) ? from : null,
        effectiveTo: isIsoDate(to) ? to : null,
        parent: typeof props.get('parent') === 'string' ? (props.get('parent') as string) : null,
        level: typeof level === 'number' ? level : null,
        county: typeof props.get('county') === 'string' ? (props.get('county') as string) : null,
        replacedBy: typeof props.get('replacedBy') === 'string' ? (props.get('replacedBy') as string) : null,
        nameEnglish: typeof props.get('nameEnglish') === 'string' ? (props.get('nameEnglish') as string) : null,
      });
    });
  }
  return {
    oid,
    name: typeof doc.name === 'string' ? doc.name : undefined,
    title: typeof doc.title === 'string' ? doc.title : undefined,
    version: typeof doc.version === 'string' ? doc.version : undefined,
    concepts,
    issues,
  };
}

/**
 * Imports every `*.json` code list in a folder, all in one transaction. Codes keep their validity
 * history: new periods are added, changed ones updated, and a code that disappears from a list is
 * closed the day before the import rather than deleted.
 */
export async function importCodeLists(conn: DuckDBConnection, dir: string, ctx: ImportContext): Promise<ImportReport> {
  const started = new Date();
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const issues: Issue[] = [];
  if (files.length === 0) issues.push(issue('required', 'no code list files (*.json) in the folder', { location: { file: dir }, rule: 'CODE-FILES' }));
  await dropStages(conn, STAGES);
  await conn.run(`
    CREATE TABLE _stage_codelist (oid VARCHAR, name VARCHAR, title VARCHAR, version VARCHAR);
    CREATE TABLE _stage_code (oid VARCHAR, code VARCHAR, display VARCHAR, effective_from VARCHAR, effective_to VARCHAR, parent VARCHAR,
      level DOUBLE, county VARCHAR, replaced_by VARCHAR, name_en VARCHAR);
  `);
  const lists = await BulkLoader.create(conn, '_stage_codelist');
  const codes = await BulkLoader.create(conn, '_stage_code');
  const oids = new Map<string, string>();
  ctx.progress.start('code lists', files.length);
  try {
    for (const [n, f] of files.entries()) {
      const path = join(dir, f);
      const parsed = parseCodeSystem(await readFile(path, 'utf8'), path);
      issues.push(...parsed.issues);
      if (parsed.oid) {
        const other = oids.get(parsed.oid);
        if (other) issues.push(issue('conflict', `code list ${parsed.oid} is also in ${basename(other)}`, { location: { file: path }, rule: 'CODE-DUPLICATE-LIST' }));
        oids.set(parsed.oid, path);
        lists.append([parsed.oid, parsed.name ?? null, parsed.title ?? null, parsed.version ?? null]);
        for (const c of parsed.concepts) {
          codes.append([parsed.oid, c.code, c.display, c.effectiveFrom, c.effectiveTo, c.parent, c.level, c.county, c.replacedBy, c.nameEnglish]);
        }
      }
      ctx.progress.update(n + 1);
    }
  } finally {
    lists.close();
    codes.close();
    ctx.progress.stop();
  }
  try {
    failOnErrors(issues, dir);
    const report: ImportReport = { source: 'codelists', file: dir, rows: codes.count, warnings: issues, seconds: 0, details: { lists: lists.count } };
    await transaction(conn, async () => {
      await conn.run(`
        CREATE OR REPLACE TEMP TABLE _incoming AS
          SELECT oid, code, display, effective_from::DATE AS effective_from, effective_to::DATE AS effective_to, parent,
                 level::INTEGER AS level, county, replaced_by, name_en FROM _stage_code;
        UPDATE code SET display = i.display, effective_to = i.effective_to, parent = i.parent, level = i.level, county = i.county,
               replaced_by = i.replaced_by, name_en = i.name_en, last_seen = current_timestamp::TIMESTAMP
          FROM _incoming i
          WHERE code.oid = i.oid AND code.code = i.code AND code.effective_from IS NOT DISTINCT FROM i.effective_from;
        INSERT INTO code SELECT i.*, current_timestamp::TIMESTAMP, current_timestamp::TIMESTAMP FROM _incoming i
          WHERE NOT EXISTS (SELECT 1 FROM code c WHERE c.oid = i.oid AND c.code = i.code AND c.effective_from IS NOT DISTINCT FROM i.effective_from);
        UPDATE code SET effective_to = current_date - 1
          WHERE oid IN (SELECT oid FROM _stage_codelist) AND (effective_to IS NULL OR effective_to >= current_date)
            AND NOT EXISTS (SELECT 1 FROM _incoming i WHERE i.oid = code.oid AND i.code = code.code
                            AND i.effective_from IS NOT DISTINCT FROM code.effective_from);
        DELETE FROM codelist WHERE oid IN (SELECT oid FROM _stage_codelist);
        INSERT INTO codelist SELECT oid, name, title, version, current_timestamp::TIMESTAMP FROM _stage_codelist;
        DROP TABLE _incoming;
      `);
      for (const path of oids.values()) {
        await logImport(conn, { ...report, file: path }, await sha256File(path), started);
      }
    });
    report.seconds = (Date.now() - started.getTime()) / 1000;
    return report;
  } finally {
    await dropStages(conn, STAGES);
  }
}
