import { generateKeyPairSync } from 'node:crypto';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticNumber } from '../src/identity/index.js';
import { lmr, scanForNeedles, tempDir } from './helpers.js';

/**
 * Acceptance for research extracts, through the real CLI: a synthetic nation and a year of its
 * dispensings, ingested; two approved projects whose populations overlap; a project given its
 * population by an imported linkage key file. Every count is checked against the test's own SQL on
 * the stores, and every output is scanned for identity numbers.
 */

const YEAR = new Date().getFullYear() - 1;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let data: string;
let nation: string;
/** Every identity number of the nation. */
const needles = new Set<string>();
/** Persons of the nation: current identity number. */
const persons: string[] = [];
const recipient = generateKeyPairSync('rsa', { modulusLength: 2048 });
const recipientPub = recipient.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const recipientKey = recipient.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
let pubFile: string;
/** Per project: identity number → the project's number (from the decrypted key files). */
const numbers: Record<string, Map<string, string>> = {};
let keyFile: string;

type Row = Record<string, string>;
const csv = async (file: string): Promise<Row[]> => parse<Row>(await readFile(file, 'utf8'), { columns: true, skip_empty_lines: true });
const header = async (file: string): Promise<string[]> => (await readFile(file, 'utf8')).split('\n')[0]!.split(',');

async function query<T>(sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run(`ATTACH '${join(data, 'dispensing', 'dispensing.duckdb')}' AS dispensing (READ_ONLY)`);
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as T[];
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

const application = (over: Record<string, unknown>): Record<string, unknown> => ({
  projectId: 'X',
  title: 'A study',
  legalBasis: 'helseregisterloven § 19 a; GDPR art. 6(1)(e) and 9(2)(j)',
  approval: { reference: 'REK 2026/1', date: '2026-01-01' },
  variables: [
    { name: 'pasient_lopenr', level: 'exact' },
    { name: 'pasient_fodselsar', level: 'year' },
    { name: 'pasient_kjonn', level: 'exact' },
    { name: 'utlevering_dato', level: 'date' },
    { name: 'legemiddel_atckode_niva5', level: 'exact' },
    { name: 'utlevering_ddd', level: 'exact' },
  ],
  population: { atc: ['N02A*'] },
  timeWindow: { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` },
  dataState: { kind: 'preliminary' },
  expires: '2099-12-31',
  ...over,
});

async function register(app: Record<string, unknown>): Promise<void> {
  const file = join(tmp.path, `${String(app.projectId)}.json`);
  await writeFile(file, JSON.stringify(app));
  const r = lmr(data, ['project', 'register', file]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

function extract(project: string, out: string): { persons: number; dispensings: number; files: { name: string; rows: number | null }[] } {
  const r = lmr(data, ['--json', 'extract', 'run', project, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.json();
}

beforeAll(async () => {
  tmp = await tempDir('lmr-extracts-');
  data = join(tmp.path, 'data');
  nation = join(tmp.path, 'nation');
  pubFile = join(tmp.path, 'recipient.pub');
  keyFile = join(tmp.path, 'recipient.pem');
  await writeFile(pubFile, recipientPub);
  await writeFile(keyFile, recipientKey);
  const file = join(tmp.path, 'dispensings.ndjson');
  expect(lmr(data, ['synth', 'nation', '--persons', '12000', '--seed', 'extracts', '--out', nation]).status).toBe(0);
  expect(lmr(data, ['reference', 'import', nation]).status).toBe(0);
  expect(lmr(data, ['synth', 'dispensings', '--year', String(YEAR), '--count', '80000', '--seed', 'extracts', '--out', file]).status).toBe(0);
  expect(lmr(data, ['ingest', file]).status).toBe(0);
  for (const line of (await readFile(join(nation, 'population.ndjson'), 'utf8')).split('\n').filter(Boolean)) {
    const p = JSON.parse(line) as { identities: { number: string; to: string | null }[] };
    for (const i of p.identities) needles.add(i.number);
    persons.push((p.identities.find((i) => i.to === null) ?? p.identities.at(-1)!).number);
  }
  for (const line of (await readFile(join(nation, 'prescribers.ndjson'), 'utf8')).split('\n').filter(Boolean)) needles.add((JSON.parse(line) as { hpr: string }).hpr);
  // Two projects whose populations overlap: opioid users, and women with an opioid or benzodiazepine.
  const keyFileRecipients = [{ name: 'The test registry', publicKey: recipientPub }];
  await register(application({ projectId: 'OPI', keyFileRecipients, variables: [...(application({}).variables as object[]), { name: 'forskriver_lopenr', level: 'exact' }, { name: 'forskriver_yrke', level: 'exact' }] }));
  await register(application({
    projectId: 'WOM',
    population: { atc: ['N02A*', 'N05BA*'], sex: ['2'], age: { min: 20, max: 79 } },
    variables: [{ name: 'pasient_lopenr', level: 'exact' }, { name: 'utlevering_dato', level: 'month' }, { name: 'legemiddel_atckode_niva5', level: 'exact' }, { name: 'pasient_alder_utlevering', level: 'age-band-5' }],
    recipientPublicKey: recipientPub,
    keyFileRecipients,
  }));
}, 240_000);

afterAll(async () => {
  await tmp.remove();
});

describe('research extracts', () => {
  it('delivers exactly the approved variables and the rows matching the criteria, counted independently', async () => {
    const out = join(tmp.path, 'opi-1');
    const r = extract('OPI', out);
    expect((await readdir(out)).sort()).toEqual(
      ['codebook.json', 'dispensings.csv', 'dispensings.parquet', 'manifest.json', 'manifest.jws', 'persons.csv', 'persons.parquet', 'prescribers.csv', 'prescribers.parquet'].sort(),
    );
    expect(await header(join(out, 'dispensings.csv'))).toEqual(['pasient_lopenr', 'forskriver_lopenr', 'legemiddel_atckode_niva5', 'utlevering_dato', 'utlevering_ddd']);
    expect(await header(join(out, 'persons.csv'))).toEqual(['pasient_lopenr', 'pasient_kjonn', 'pasient_fodselsar']);
    expect(await header(join(out, 'prescribers.csv'))).toEqual(['forskriver_lopenr', 'forskriver_yrke']);

    // The test's own count: human dispensings of N02A, in the year, to an identified patient.
    const truth = await query<{ d: string; ddd: number | null }>(
      `SELECT strftime(dispensed_on, '%Y-%m-%d') || '|' || atc AS d, ddd FROM dispensing.current_dispensing
       WHERE atc LIKE 'N02A%' AND NOT animal AND patient_id IS NOT NULL AND year(dispensed_on) = ${YEAR}`,
    );
    const [{ n }] = (await query<{ n: bigint }>(`SELECT count(DISTINCT patient_id) AS n FROM dispensing.current_dispensing WHERE atc LIKE 'N02A%' AND NOT animal AND patient_id IS NOT NULL AND year(dispensed_on) = ${YEAR}`)) as [{ n: bigint }];
    const rows = await csv(join(out, 'dispensings.csv'));
    expect(truth.length).toBeGreaterThan(500);
    expect(rows.length).toBe(truth.length);
    expect(r.dispensings).toBe(truth.length);
    expect(rows.map((x) => `${x.utlevering_dato!}|${x.legemiddel_atckode_niva5!}`).sort()).toEqual(truth.map((t) => t.d).sort());
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    expect(sum(rows.map((x) => Number(x.utlevering_ddd || 0)))).toBeCloseTo(sum(truth.map((t) => t.ddd ?? 0)), 3);
    const people = await csv(join(out, 'persons.csv'));
    expect(people.length).toBe(Number(n));
    expect(new Set(rows.map((x) => x.pasient_lopenr)).size).toBe(Number(n));
    expect(people.every((p) => /^[0-9A-F]{16}$/.test(p.pasient_lopenr!))).toBe(true);

    // Parquet holds the same rows as CSV.
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const [[pq]] = (await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${join(out, 'dispensings.parquet')}')`)).getRowsJS() as [[bigint]];
    const cols = (await conn.runAndReadAll(`SELECT name FROM parquet_schema('${join(out, 'dispensings.parquet')}') WHERE name <> 'duckdb_schema'`)).getRowsJS().map(([c]) => c);
    conn.closeSync();
    db.closeSync();
    expect(Number(pq)).toBe(rows.length);
    expect(cols).toEqual(['pasient_lopenr', 'forskriver_lopenr', 'legemiddel_atckode_niva5', 'utlevering_dato', 'utlevering_ddd']);

    // The manifest and the codebook agree with the files.
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { files: { name: string; rows: number | null }[]; counts: { persons: number } };
    expect(manifest.files.find((f) => f.name === 'dispensings.csv')!.rows).toBe(rows.length);
    expect(manifest.counts.persons).toBe(Number(n));
    const codebook = JSON.parse(await readFile(join(out, 'codebook.json'), 'utf8')) as { files: { unit: string; rows: number; columns: { name: string; description: { nb: string; en: string }; counts: { rows: number } }[] }[] };
    const d = codebook.files.find((f) => f.unit === 'dispensings')!;
    expect(d.rows).toBe(rows.length);
    expect(d.columns.map((c) => c.name)).toEqual(['pasient_lopenr', 'forskriver_lopenr', 'legemiddel_atckode_niva5', 'utlevering_dato', 'utlevering_ddd']);
    expect(d.columns.every((c) => c.description.nb !== '' && c.description.en !== '')).toBe(true);
  });

  it('applies every criterion and level of the second project, and encrypts its files to the recipient', async () => {
    const out = join(tmp.path, 'wom-1');
    const r = extract('WOM', out);
    expect((await readdir(out)).filter((f) => !f.startsWith('manifest')).every((f) => f.endsWith('.lmrenc'))).toBe(true);
    const plain = join(tmp.path, 'wom-1-plain');
    expect(lmr(data, ['extract', 'decrypt', out, '--private-key', keyFile, '--out', plain]).status).toBe(0);
    const rows = await csv(join(plain, 'dispensings.csv'));
    expect(Object.keys(rows[0]!)).toEqual(['pasient_lopenr', 'pasient_alder_utlevering', 'legemiddel_atckode_niva5', 'utlevering_dato']);
    expect(rows.every((x) => /^\d{4}-\d{2}$/.test(x.utlevering_dato!) && /^(\d{2}-\d{2}|90\+)$/.test(x.pasient_alder_utlevering!))).toBe(true);
    // Population: women with an N02A or N05BA dispensing at 20–79; rows: their N02A/N05BA dispensings in the year.
    const [{ rows: expected, persons: who }] = (await query<{ rows: bigint; persons: bigint }>(
      `WITH d AS (SELECT * FROM dispensing.current_dispensing WHERE NOT animal AND patient_id IS NOT NULL AND year(dispensed_on) = ${YEAR} AND (atc LIKE 'N02A%' OR atc LIKE 'N05BA%')),
       pop AS (SELECT DISTINCT patient_id FROM d WHERE patient_sex = '2' AND patient_age BETWEEN 20 AND 79)
       SELECT count(*) AS rows, count(DISTINCT patient_id) AS persons FROM d WHERE patient_id IN (SELECT patient_id FROM pop)`,
    )) as [{ rows: bigint; persons: bigint }];
    expect(rows.length).toBe(Number(expected));
    expect(r.persons).toBe(Number(who));
    expect(lmr(data, ['extract', 'verify', out, '--private-key', keyFile]).status).toBe(0);
    // The plaintext was written inside the data directory only, and is gone.
    expect(await readdir(join(data, 'extracts', 'scratch')).catch(() => [])).toEqual([]);
  });

  it('gives one person different numbers in the two projects, and the same within each on every re-run', async () => {
    // The key files tie each project's numbers to identity numbers (encrypted to the test's key).
    for (const p of ['OPI', 'WOM']) {
      const file = join(tmp.path, `${p}.keys.lmrenc`);
      const r = lmr(data, ['--json', 'linkage', 'export', p, '--recipient-key', pubFile, '--out', file]);
      expect(r.stderr).toBe('');
      const dir = join(tmp.path, `${p}-keys`);
      await cp(file, join(tmp.path, `${p}-enc`, `${p}.keys.lmrenc`), { recursive: true });
      expect(lmr(data, ['extract', 'decrypt', join(tmp.path, `${p}-enc`), '--private-key', keyFile, '--out', dir]).status).toBe(0);
      const rows = await csv(join(dir, `${p}.keys`));
      numbers[p] = new Map(rows.map((x) => [x.fodselsnummer!, x.lopenr!]));
    }
    const both = [...numbers.OPI!.keys()].filter((k) => numbers.WOM!.has(k));
    expect(both.length).toBeGreaterThan(10);
    for (const k of both) expect(numbers.OPI!.get(k)).not.toBe(numbers.WOM!.get(k));
    const opiNumbers = new Set(numbers.OPI!.values());
    expect([...numbers.WOM!.values()].some((v) => opiNumbers.has(v))).toBe(false);
    // The key file's numbers are the extract's numbers.
    const first = await csv(join(tmp.path, 'opi-1', 'persons.csv'));
    expect(new Set(first.map((p) => p.pasient_lopenr))).toEqual(opiNumbers);
    // A re-run gives the same numbers (and, with no new data, the same bytes).
    const again = join(tmp.path, 'opi-2');
    extract('OPI', again);
    for (const f of ['dispensings.csv', 'persons.csv', 'dispensings.parquet', 'manifest.json']) {
      expect((await readFile(join(again, f))).equals(await readFile(join(tmp.path, 'opi-1', f)))).toBe(true);
    }
  });

  it('verifies a delivery, and fails it after any byte of any file is changed', async () => {
    for (const dir of ['opi-1', 'wom-1']) {
      const out = join(tmp.path, dir);
      const ok = lmr(data, ['--json', 'extract', 'verify', out]);
      expect(ok.status).toBe(0);
      expect(ok.json<{ ok: boolean }>().ok).toBe(true);
      for (const name of await readdir(out)) {
        const copy = join(tmp.path, `${dir}-tampered-${name}`);
        await cp(out, copy, { recursive: true });
        const bytes = await readFile(join(copy, name));
        const at = Math.floor(bytes.length / 2);
        bytes[at] = bytes[at]! ^ 0x01;
        await writeFile(join(copy, name), bytes);
        const r = lmr(data, ['--json', 'extract', 'verify', copy]);
        expect(r.status, name).toBe(1);
        expect(r.json<{ ok: boolean; problems: { rule: string }[] }>().problems.length).toBeGreaterThan(0);
      }
    }
    // A file added to a delivery is flagged too.
    const extra = join(tmp.path, 'opi-extra');
    await cp(join(tmp.path, 'opi-1'), extra, { recursive: true });
    await writeFile(join(extra, 'notes.txt'), 'x');
    expect(lmr(data, ['--json', 'extract', 'verify', extra]).json<{ problems: { rule: string }[] }>().problems.map((p) => p.rule)).toEqual(['verify.extra']);
  });

  it('keys a linkage project by exactly the numbers of the imported key file, and reports the unknown', async () => {
    await register(application({ projectId: 'LNK', population: { linkageKeyFile: true }, dispensingScope: 'all' }));
    const chosen = persons.slice(0, 1500);
    let unknown: string | null = null;
    for (let i = 0; unknown === null || needles.has(unknown); i++) unknown = syntheticNumber('1931-02-01', 'female', 40 + i, 'fnr');
    const given = new Map([...chosen.map((p, i): [string, string] => [p, `K${String(i).padStart(5, '0')}`]), [unknown, 'K-UNKNOWN']]);
    const file = join(tmp.path, 'incoming-keys.csv');
    await writeFile(file, ['fodselsnummer,lopenr', ...[...given].map(([p, k]) => `${p},${k}`)].join('\n') + '\n');
    const imp = lmr(data, ['--json', 'linkage', 'import', 'LNK', file]);
    expect(imp.stderr).toBe('');
    expect(imp.json<{ rows: number; notFoundNumbers: string[] }>()).toMatchObject({ rows: 1501, notFoundNumbers: ['K-UNKNOWN'] });
    const out = join(tmp.path, 'lnk-1');
    extract('LNK', out);
    const report = await csv(join(out, 'linkage.csv'));
    expect(report.map((r) => r.pasient_lopenr).sort()).toEqual([...given.values()].sort());
    expect(report.find((r) => r.pasient_lopenr === 'K-UNKNOWN')!.koblingsstatus).toBe('ikke_i_lmr');
    const people = await csv(join(out, 'persons.csv'));
    expect(new Set(people.map((p) => p.pasient_lopenr))).toEqual(new Set(report.filter((r) => r.koblingsstatus === 'funnet').map((r) => r.pasient_lopenr)));
    const rows = await csv(join(out, 'dispensings.csv'));
    const keys = new Set(given.values());
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => keys.has(r.pasient_lopenr!))).toBe(true);
    // Independently: a person's N02A rows here are the rows the opioid project got for the same identity
    // number (tied through the opioid project's key file), so the numbers key the right persons.
    const opi = await csv(join(tmp.path, 'opi-1', 'dispensings.csv'));
    const rowsOf = (rs: Row[], n: string): string[] => rs.filter((r) => r.pasient_lopenr === n && r.legemiddel_atckode_niva5!.startsWith('N02A')).map((r) => `${r.utlevering_dato!}|${r.legemiddel_atckode_niva5!}`).sort();
    let compared = 0;
    for (const [person, k] of given) {
      const o = numbers.OPI!.get(person);
      expect(rowsOf(rows, k)).toEqual(o === undefined ? [] : rowsOf(opi, o));
      if (o !== undefined) compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('draws the same sample from the same seed, and logs every delivery', () => {
    const a = lmr(data, ['--json', 'sample', '--project', 'OPI', '--size', '40', '--seed', 'survey-1', '--out', join(tmp.path, 's1.csv')]);
    const b = lmr(data, ['--json', 'sample', '--project', 'OPI', '--size', '40', '--seed', 'survey-1', '--out', join(tmp.path, 's2.csv')]);
    const c = lmr(data, ['--json', 'sample', '--project', 'OPI', '--size', '40', '--seed', 'survey-2', '--out', join(tmp.path, 's3.csv')]);
    expect(a.json<{ sha256: string; drawn: number }>().drawn).toBe(40);
    expect(a.json<{ sha256: string }>().sha256).toBe(b.json<{ sha256: string }>().sha256);
    expect(c.json<{ sha256: string }>().sha256).not.toBe(a.json<{ sha256: string }>().sha256);
    const log = lmr(data, ['--json', 'disclosures', '--project', 'OPI', '--persons']).json<{ deliveries: { kind: string; persons: number; personIds: string[]; approvalReference: string; detail: { seed?: string } }[] }>();
    expect(log.deliveries.map((d) => d.kind)).toEqual(['extract', 'key-file', 'extract', 'sample', 'sample', 'sample']);
    expect(log.deliveries.every((d) => d.personIds.length === d.persons && d.approvalReference === 'REK 2026/1')).toBe(true);
    expect(log.deliveries[3]!.detail.seed).toBe('survey-1');
  });

  it('gives the same bytes when re-run against a final release, after more data have arrived', async () => {
    expect(lmr(data, ['stats', 'build']).status).toBe(0);
    expect(lmr(data, ['stats', 'release', `${YEAR}-final`, '--year', String(YEAR)]).status).toBe(0);
    await register(application({ projectId: 'FIN', dataState: { kind: 'final', release: `${YEAR}-final` }, dateShiftDays: 14 }));
    await register(application({ projectId: 'PRE' }));
    const first = extract('FIN', join(tmp.path, 'fin-1'));
    const pre = extract('PRE', join(tmp.path, 'pre-1'));
    const more = join(tmp.path, 'more.ndjson');
    expect(lmr(data, ['synth', 'dispensings', '--year', String(YEAR), '--count', '20000', '--seed', 'later', '--out', more]).status).toBe(0);
    expect(lmr(data, ['ingest', more]).status).toBe(0);
    const second = extract('FIN', join(tmp.path, 'fin-2'));
    expect(second.dispensings).toBe(first.dispensings);
    for (const f of await readdir(join(tmp.path, 'fin-1'))) {
      expect((await readFile(join(tmp.path, 'fin-2', f))).equals(await readFile(join(tmp.path, 'fin-1', f))), f).toBe(true);
    }
    // The preliminary state moves on with the data.
    expect(extract('PRE', join(tmp.path, 'pre-2')).dispensings).toBeGreaterThan(pre.dispensings);
    // Dates are shifted by one offset per person, within ±14 days: the shifted rows are not the true
    // ones, and no person's rows move apart.
    const shifted = await csv(join(tmp.path, 'fin-1', 'dispensings.csv'));
    const plain = await csv(join(tmp.path, 'pre-1', 'dispensings.csv'));
    expect(shifted.length).toBe(plain.length);
    const days = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
    const span = (rs: Row[]): number[] => {
      const by = new Map<string, number[]>();
      for (const r of rs) by.set(r.pasient_lopenr!, [...(by.get(r.pasient_lopenr!) ?? []), days(r.utlevering_dato!)]);
      return [...by.values()].map((ds) => Math.max(...ds) - Math.min(...ds)).sort((a, b) => a - b);
    };
    expect(span(shifted)).toEqual(span(plain));
    expect(shifted.map((r) => r.utlevering_dato).sort()).not.toEqual(plain.map((r) => r.utlevering_dato).sort());
  });

  it('refuses what it must not deliver, with the rule, and leaves no partial delivery or log entry', async () => {
    const before = lmr(data, ['--json', 'disclosures', '--project', 'OPI']).json<{ deliveries: unknown[] }>().deliveries.length;
    const unknown = lmr(data, ['--json', 'extract', 'run', 'NOPE', '--out', join(tmp.path, 'nope')]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('no project');
    const busy = join(tmp.path, 'busy');
    await cp(join(tmp.path, 'opi-1'), busy, { recursive: true });
    const conflict = lmr(data, ['--json', 'extract', 'run', 'OPI', '--out', busy]);
    expect(conflict.json<{ error: { issues: { rule: string }[] } }>().error.issues[0]!.rule).toBe('extract.out');
    await register(application({ projectId: 'OLD', dataState: { kind: 'final', release: 'no-such-release' } }));
    const release = lmr(data, ['--json', 'extract', 'run', 'OLD', '--out', join(tmp.path, 'old')]);
    expect(release.json<{ error: { issues: { rule: string }[] } }>().error.issues[0]!.rule).toBe('extract.release');
    const bad = join(tmp.path, 'bad-keys.csv');
    await writeFile(bad, `fodselsnummer,lopenr\n${persons[0]!},A1\n12345678901,A2\n${persons[1]!},A1\n`);
    const refused = lmr(data, ['--json', 'linkage', 'import', 'LNK', bad]);
    const issues = refused.json<{ error: { issues: { rule: string; message: string }[] } }>().error.issues;
    expect(issues.map((i) => i.rule)).toEqual(['linkage.number']);
    expect(refused.stdout + refused.stderr).not.toContain('12345678901');
    // A project number that is an identity number would carry it into every delivery.
    await writeFile(bad, `fodselsnummer,lopenr\n${persons[0]!},${persons[1]!}\n`);
    const carried = lmr(data, ['--json', 'linkage', 'import', 'LNK', bad]);
    expect(carried.json<{ error: { issues: { rule: string }[] } }>().error.issues.map((i) => i.rule)).toEqual(['linkage.lopenr']);
    expect(carried.stdout + carried.stderr).not.toContain(persons[1]!);
    // Identity numbers go only to a recipient the approval names; a sample stays inside the approval.
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const otherFile = join(tmp.path, 'other.pub');
    await writeFile(otherFile, other);
    const rule = (r: ReturnType<typeof lmr>): string[] => r.json<{ error: { issues: { rule: string }[] } }>().error.issues.map((i) => i.rule);
    expect(rule(lmr(data, ['--json', 'linkage', 'export', 'OPI', '--recipient-key', otherFile, '--out', join(tmp.path, 'x.lmrenc')]))).toEqual(['linkage.recipient']);
    expect(rule(lmr(data, ['--json', 'linkage', 'export', 'FIN', '--recipient-key', pubFile, '--out', join(tmp.path, 'x.lmrenc')]))).toEqual(['linkage.recipient']);
    expect(rule(lmr(data, ['--json', 'sample', '--project', 'OPI', '--size', '5', '--seed', 's', '--recipient-key', otherFile, '--out', join(tmp.path, 'x.csv')]))).toEqual(['linkage.recipient']);
    expect(rule(lmr(data, ['--json', 'sample', '--project', 'OPI', '--size', '5', '--seed', 's', '--atc', 'C*', '--period', `${YEAR - 5}-01-01:${YEAR}-12-31`, '--out', join(tmp.path, 'x.csv')]))).toEqual(['sample.criteria', 'sample.criteria']);
    expect(lmr(data, ['--json', 'sample', '--project', 'OPI', '--size', '5', '--seed', 's', '--atc', 'N02AA*', '--out', join(tmp.path, 'narrow.csv')]).status).toBe(0);
    // A manifest naming a path outside the delivery is refused before anything is read or written.
    const hostile = join(tmp.path, 'hostile');
    await cp(join(tmp.path, 'wom-1'), hostile, { recursive: true });
    const victim = join(tmp.path, 'victim.txt');
    await writeFile(victim, 'keep me');
    const m = JSON.parse(await readFile(join(hostile, 'manifest.json'), 'utf8')) as { files: { plain?: { name: string } }[] };
    m.files[0]!.plain!.name = '../../victim.txt';
    await writeFile(join(hostile, 'manifest.json'), JSON.stringify(m));
    const v = lmr(data, ['--json', 'extract', 'verify', hostile, '--private-key', keyFile]);
    expect(v.status).toBe(1);
    expect(v.json<{ problems: { rule: string }[] }>().problems.map((p) => p.rule)).toEqual(['verify.manifest']);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
    expect((await readdir(tmp.path)).filter((f) => f.includes('partial'))).toEqual([]);
    expect(lmr(data, ['--json', 'disclosures', '--project', 'OPI']).json<{ deliveries: unknown[] }>().deliveries.length).toBe(before + 1); // the narrow sample
  });

  it('writes no identity number into any delivery or store', async () => {
    // Everything under the test folder but the inputs (the nation, the pharmacies' messages, the key files received) and the key
    // files the test itself decrypted: the data directory, every delivery, decrypted deliveries, samples.
    const inputs = [join(tmp.path, 'nation'), join(tmp.path, 'dispensings.ndjson'), join(tmp.path, 'more.ndjson'), join(tmp.path, 'incoming-keys.csv'), join(tmp.path, 'bad-keys.csv'), join(tmp.path, 'OPI-keys'), join(tmp.path, 'WOM-keys')];
    const leaks = (await scanForNeedles(tmp.path, needles)).filter((l) => !inputs.some((i) => l.file.startsWith(i)));
    expect(leaks).toEqual([]);
    // The scan finds what it looks for: the decrypted key files do hold identity numbers.
    expect((await scanForNeedles(join(tmp.path, 'OPI-keys'), needles)).length).toBeGreaterThan(0);
  });
});
