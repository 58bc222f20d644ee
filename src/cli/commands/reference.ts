import type { Command } from 'commander';
import { badRequest, formatIssue } from '../../shared/outcome.js';
import { terminalProgress } from '../../shared/progress.js';
import { referenceStats, showAtc, showProduct, validateCode } from '../../reference/lookups.js';
import { importReference, sourcesInDir, type ReferenceSources } from '../../reference/reference-import.js';
import { openReferenceStore } from '../../reference/store.js';
import type { DataLayout } from '../../shared/config.js';
import type { DuckDBConnection } from '../../shared/duckdb.js';
import { action } from '../command.js';

async function withStore<T>(layout: DataLayout, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
  const store = await openReferenceStore(layout.referenceDb);
  try {
    return await fn(store.conn);
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  const ref = program.command('reference').description('reference data: FEST, code lists, population, prescribers, pharmacies');

  ref
    .command('import')
    .description('import reference sources; identity numbers go to the vault, everything else to the reference store')
    .argument('[dir]', `a folder with fest.xml, population.ndjson, prescribers.ndjson, pharmacies.ndjson and codelists/`)
    .option('--fest <file>', 'a FEST M30 XML catalogue')
    .option('--population <file>', 'population register records (NDJSON)')
    .option('--prescribers <file>', 'HPR prescribers with GP lists (NDJSON)')
    .option('--pharmacies <file>', 'pharmacy list (NDJSON)')
    .option('--codelists <dir>', 'a folder of Volven code lists (FHIR CodeSystem JSON, one per OID)')
    .addHelpText('after', '\nEach source is applied in one transaction: a file with errors changes nothing, and the error names the file, line or element, and field.')
    .action(
      action(async ({ layout, out }, dir: string | undefined, opts: ReferenceSources) => {
        const sources: ReferenceSources = { ...(dir ? sourcesInDir(dir) : {}) };
        for (const k of ['fest', 'population', 'prescribers', 'pharmacies', 'codelists'] as const) if (opts[k]) sources[k] = opts[k];
        if (Object.keys(sources).length === 0) throw badRequest('nothing to import: give a folder, or --fest, --population, --prescribers, --pharmacies or --codelists');
        const reports = await importReference(layout, sources, terminalProgress());
        for (const r of reports) out.warn(r.warnings);
        out.result(
          { imports: reports.map((r) => ({ source: r.source, file: r.file, rows: r.rows, warnings: r.warnings.length, seconds: r.seconds, ...r.details })) },
          () => reports.map((r) => `${r.source.padEnd(12)} ${String(r.rows).padStart(10)} rows  ${r.seconds.toFixed(1)} s  ${r.warnings.length ? r.warnings.map(formatIssue).join('; ') : ''}`).join('\n'),
        );
      }),
    );

  const show = ref.command('show').description('look up one item of reference data');
  show
    .command('product')
    .description('a FEST product by varenr: name, ATC, pack, DDD, DDD per pack and AUP')
    .argument('<varenr>', 'article number (leading zeros optional)')
    .option('--on <date>', 'price date (YYYY-MM-DD); default today')
    .action(
      action(async ({ layout, out }, varenr: string, opts: { on?: string }) => {
        const p = await withStore(layout, (c) => showProduct(c, varenr, opts.on));
        out.result(p, () =>
          [
            `${p.varenr}  ${p.name ?? ''}`,
            `ATC        ${p.atc ?? '-'} ${p.atcName ?? ''}`,
            `pack       ${p.pakningsstr ?? ''} (${p.packSize ?? '?'} ${p.packUnit ?? ''})`,
            `DDD        ${p.ddd ? `${p.ddd.value} ${p.ddd.unit ?? ''}` : '-'}   per pack: ${p.dddPerPack ?? '-'}`,
            `AUP        ${p.aup ?? '-'}`,
          ].join('\n'),
        );
      }),
    );
  show
    .command('atc')
    .description('an ATC code: name, level and parent')
    .argument('<code>', 'ATC code at any level, e.g. N02A or C01DA14')
    .action(
      action(async ({ layout, out }, code: string) => {
        const a = await withStore(layout, (c) => showAtc(c, code));
        out.result(a, () => `${a.code}  ${a.name ?? ''}  (level ${a.level}${a.parent ? `, parent ${a.parent}` : ''})`);
      }),
    );

  ref
    .command('validate')
    .description('is a code valid in a Volven code list on a date?')
    .argument('<oid>', 'code list OID, short (3402) or full (2.16.578.1.12.4.1.1.3402)')
    .argument('<code>', 'the code')
    .option('--on <date>', 'the date (YYYY-MM-DD); default today')
    .action(
      action(async ({ layout, out }, oid: string, code: string, opts: { on?: string }) => {
        const v = await withStore(layout, (c) => validateCode(c, oid, code, opts.on));
        out.result(v, () => (v.valid ? `valid: ${v.code} ${v.display ?? ''} (list ${v.oid}, ${v.on})` : `not valid: ${v.reason ?? ''}`));
      }),
    );

  ref
    .command('stats')
    .description('counts of persons, prescribers, pharmacies, products, ATC level-5 codes, municipalities and counties')
    .option('--on <date>', 'count codes valid on this date (YYYY-MM-DD); default today')
    .action(
      action(async ({ layout, out }, opts: { on?: string }) => {
        const s = await withStore(layout, (c) => referenceStats(c, opts.on));
        out.result(s, () => Object.entries(s).map(([k, v]) => `${k.padEnd(15)} ${v}`).join('\n'));
      }),
    );
}
