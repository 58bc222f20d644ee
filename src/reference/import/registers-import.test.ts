import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Vault, syntheticHpr, syntheticNumber } from '../../identity/index.js';
import { query, type Store } from '../../shared/duckdb.js';
import { LmrError } from '../../shared/outcome.js';
import { silentProgress } from '../../shared/progress.js';
import { referenceStats, validateCode } from '../lookups.js';
import { openReferenceStore } from '../store.js';
import { importCodeLists } from './codelist-import.js';
import { importPharmacies } from './pharmacy-import.js';
import { importPopulation } from './population-import.js';
import { importPrescribers } from './prescriber-import.js';

const ctx = { progress: silentProgress };
let dir: string;
let store: Store;
let vault: Vault;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-reg-'));
  store = await openReferenceStore(join(dir, 'reference.duckdb'));
  vault = await Vault.open({ vaultDb: join(dir, 'vault.duckdb'), keyFile: join(dir, 'keys.json') });
});
afterEach(async () => {
  vault.close();
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const fnr = (date: string, sex: 'male' | 'female', n = 0): string => syntheticNumber(date, sex, n, 'fnr')!;
const dnr = (date: string, sex: 'male' | 'female', n = 0): string => syntheticNumber(date, sex, n, 'dnumber')!;
const ndjson = (rows: unknown[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

function person(number: string, birthDate: string, sex: 'male' | 'female', municipality = '0301', extra: Record<string, unknown> = {}) {
  return { identities: [{ number, kind: 'fnr', from: birthDate, to: null }], birthDate, sex, deathDate: null, residence: [{ municipality, from: birthDate, to: null }], ...extra };
}

async function codeList(oid: string, concepts: unknown[]): Promise<void> {
  await mkdir(join(dir, 'codelists'), { recursive: true });
  await writeFile(join(dir, 'codelists', `${oid}.json`), JSON.stringify({ resourceType: 'CodeSystem', url: `urn:oid:2.16.578.1.12.4.1.1.${oid}`, name: oid, concept: concepts }));
}

const muni = (code: string, county: string, from: string | null, to: string | null, replacedBy?: string) => ({
  code,
  display: `Kommune ${code}`,
  property: [
    { code: 'effectiveFrom', valueDate: from },
    { code: 'effectiveTo', valueDate: to },
    { code: 'county', valueCode: county },
    ...(replacedBy ? [{ code: 'replacedBy', valueString: replacedBy }] : []),
  ],
});

describe('code list import', () => {
  it('answers validity on a date, and closes codes that disappear on re-import', async () => {
    await codeList('3402', [muni('1201', '12', null, '2019-12-31', '4601'), muni('4601', '46', '2020-01-01', null), muni('0301', '03', null, null)]);
    await importCodeLists(store.conn, join(dir, 'codelists'), ctx);
    expect(await validateCode(store.conn, '3402', '1201', '2019-06-01')).toMatchObject({ valid: true, county: '12' });
    const expired = await validateCode(store.conn, '3402', '1201', '2021-01-01');
    expect(expired).toMatchObject({ valid: false, replacedBy: '4601' });
    expect(expired.reason).toMatch(/expired on 2019-12-31 \(replaced by 4601\)/);
    expect(await validateCode(store.conn, '2.16.578.1.12.4.1.1.3402', '4601', '2019-06-01')).toMatchObject({ valid: false, reason: 'code is not valid until 2020-01-01' });
    expect((await validateCode(store.conn, '3402', '9999')).reason).toBe('code is not in list 3402');

    await codeList('3402', [muni('1201', '12', null, '2019-12-31', '4601'), muni('4601', '46', '2020-01-01', null)]);
    await importCodeLists(store.conn, join(dir, 'codelists'), ctx);
    const today = new Date().toISOString().slice(0, 10);
    expect((await validateCode(store.conn, '3402', '0301', today)).valid).toBe(false);
    expect((await validateCode(store.conn, '3402', '0301', '2020-01-01')).valid).toBe(true);
    expect((await referenceStats(store.conn)).municipalities).toBe(1);
  });

  it('rejects a malformed list with the element path, and keeps the old one', async () => {
    await codeList('3101', [{ code: '1', display: 'Mann' }]);
    await importCodeLists(store.conn, join(dir, 'codelists'), ctx);
    await codeList('3101', [{ code: '1', display: 'Mann' }, { display: 'no code' }, { code: '2', property: [{ code: 'effectiveFrom', valueDate: '2020-13-01' }] }]);
    const err = (await importCodeLists(store.conn, join(dir, 'codelists'), ctx).catch((e: unknown) => e)) as LmrError;
    expect(err).toBeInstanceOf(LmrError);
    expect(err.outcome.issues.map((i) => [i.path, i.rule])).toEqual([
      ['concept[1].code', 'CODE-CODE'],
      ['concept[2].property[effectiveFrom]', 'CODE-DATE'],
    ]);
    expect(err.outcome.issues[0]!.location!.file).toMatch(/3101\.json$/);
    expect((await validateCode(store.conn, '3101', '1')).valid).toBe(true);
    await writeFile(join(dir, 'codelists', '3101.json'), 'null');
    const nullDoc = (await importCodeLists(store.conn, join(dir, 'codelists'), ctx).catch((e: unknown) => e)) as LmrError;
    expect(nullDoc.outcome.issues[0]).toMatchObject({ rule: 'CODE-SHAPE' });
    await codeList('3101', [{ code: '1', property: [null] }]);
    const nullProp = (await importCodeLists(store.conn, join(dir, 'codelists'), ctx).catch((e: unknown) => e)) as LmrError;
    expect(nullProp.outcome.issues[0]).toMatchObject({ path: 'concept[0].property[0]', rule: 'CODE-SHAPE' });
  });
});

describe('population import', () => {
  it('puts identities in the vault, attributes by internal id, and one id per person across a D-number → fnr history', async () => {
    const a = fnr('1980-03-01', 'female');
    const d = dnr('1990-05-05', 'male');
    const b = fnr('1990-05-05', 'male');
    const file = join(dir, 'population.ndjson');
    await writeFile(
      file,
      ndjson([
        person(a, '1980-03-01', 'female'),
        {
          identities: [{ number: d, kind: 'dnumber', from: '2010-01-01', to: '2012-01-01' }, { number: b, kind: 'fnr', from: '2012-01-01', to: null }],
          birthDate: '1990-05-05', sex: 'male', deathDate: null,
          residence: [{ municipality: '1201', from: '2010-01-01', to: '2019-12-31' }, { municipality: '4601', from: '2020-01-01', to: null }],
        },
      ]),
    );
    const r = await importPopulation(store.conn, vault, file, ctx);
    expect(r.rows).toBe(2);
    const [ia, id, ib] = await vault.lookup('patient', [a, d, b]);
    expect(id).toBe(ib);
    expect(ia).not.toBe(ib);
    const rows = await query<{ sex: string; n: number }>(store.conn, `SELECT sex, count(*)::INTEGER AS n FROM residence JOIN person USING (person_id) WHERE person_id = ? GROUP BY sex`, [ib!]);
    expect(rows).toEqual([{ sex: 'male', n: 2 }]);
    // Re-import of a newer version: the person moved; residence history is replaced for that person only.
    await writeFile(file, ndjson([person(a, '1980-03-01', 'female', '5001')]));
    await importPopulation(store.conn, vault, file, ctx);
    expect((await referenceStats(store.conn)).persons).toBe(2);
    expect(await query(store.conn, `SELECT municipality FROM residence WHERE person_id = ?`, [ia!])).toEqual([{ municipality: '5001' }]);
  });

  it('reports every bad field with file, line and path, never the number, and applies nothing', async () => {
    const good = fnr('1980-03-01', 'female');
    const bad = good.slice(0, 10) + String((Number(good[10]) + 1) % 10);
    const file = join(dir, 'population.ndjson');
    await writeFile(
      file,
      [
        JSON.stringify(person(good, '1980-03-01', 'female')),
        JSON.stringify(person(bad, '1980-03-01', 'female')),
        '{not json',
        JSON.stringify({ ...person(fnr('1970-01-01', 'male'), '1970-01-01', 'male'), sex: 'x', deathDate: '1960-01-01', residence: [{ municipality: '301', from: '1970-01-01', to: null }] }),
        JSON.stringify(person('00000000000', '1970-01-01', 'male')),
      ].join('\n'),
    );
    const err = (await importPopulation(store.conn, vault, file, ctx).catch((e: unknown) => e)) as LmrError;
    expect(err).toBeInstanceOf(LmrError);
    const got = err.outcome.issues.map((i) => [i.location?.line, i.path, i.rule]);
    expect(got).toEqual([
      [2, 'identities[0].number', 'POP-IDENTITY-CHECKSUM'],
      [3, undefined, 'POP-JSON'],
      [4, 'sex', 'POP-SEX'],
      [4, 'deathDate', 'POP-DEATH-BEFORE-BIRTH'],
      [4, 'residence[0].municipality', 'POP-MUNICIPALITY'],
      [5, 'identities[0].number', 'POP-IDENTITY-CHECKSUM'],
    ]);
    expect(JSON.stringify(err.outcome)).not.toContain(bad);
    expect(JSON.stringify(err.outcome)).not.toContain(good);
    expect((await referenceStats(store.conn)).persons).toBe(0);
    // Nothing reached the vault either: the valid line 1 was rolled back with the rest.
    expect(await vault.lookup('patient', [good])).toEqual([null]);
  });

  it('rejects the same person twice, naming both lines', async () => {
    const a = fnr('1980-03-01', 'female');
    const file = join(dir, 'population.ndjson');
    await writeFile(file, ndjson([person(a, '1980-03-01', 'female'), person(fnr('1981-01-01', 'male'), '1981-01-01', 'male'), person(a, '1980-03-01', 'female')]));
    await expect(importPopulation(store.conn, vault, file, ctx)).rejects.toThrow(/population\.ndjson:1 identities: the same person .* also appears on line 3/);
  });

  it('checks municipality codes against list 3402 when it is loaded', async () => {
    await codeList('3402', [muni('0301', '03', null, null)]);
    await importCodeLists(store.conn, join(dir, 'codelists'), ctx);
    const file = join(dir, 'population.ndjson');
    await writeFile(file, ndjson([person(fnr('1980-03-01', 'female'), '1980-03-01', 'female', '0301'), person(fnr('1980-03-02', 'male'), '1980-03-02', 'male', '9998')]));
    await expect(importPopulation(store.conn, vault, file, ctx)).rejects.toThrow(/:2 residence\[\]\.municipality: municipality '9998' is not in code list 3402/);
  });
});

describe('merges found by an import', () => {
  it('re-key the reference store: the merged person disappears, GP lists follow', async () => {
    const d = dnr('1990-05-05', 'male');
    const f = fnr('1990-05-05', 'male');
    // Two earlier imports saw the D-number and the fnr as two persons (say, two registers' extracts).
    await writeFile(join(dir, 'p1.ndjson'), ndjson([{ ...person(d, '1990-05-05', 'male'), identities: [{ number: d, kind: 'dnumber', from: null, to: null }] }]));
    await importPopulation(store.conn, vault, join(dir, 'p1.ndjson'), ctx);
    await writeFile(join(dir, 'p2.ndjson'), ndjson([person(f, '1990-05-05', 'male')]));
    await importPopulation(store.conn, vault, join(dir, 'p2.ndjson'), ctx);
    const [idD, idF] = await vault.lookup('patient', [d, f]);
    expect(idD).not.toBe(idF);
    await writeFile(join(dir, 'gp.ndjson'), ndjson([{ hpr: syntheticHpr(9), profession: 'LE', gpList: [{ patient: f, from: '2015-01-01', to: null }] }]));
    await importPrescribers(store.conn, vault, join(dir, 'gp.ndjson'), ctx);
    expect((await referenceStats(store.conn)).persons).toBe(2);
    // The population register links them.
    await writeFile(
      join(dir, 'p3.ndjson'),
      ndjson([{ ...person(f, '1990-05-05', 'male'), identities: [{ number: d, kind: 'dnumber', from: '2010-01-01', to: '2012-01-01' }, { number: f, kind: 'fnr', from: '2012-01-01', to: null }] }]),
    );
    const r = await importPopulation(store.conn, vault, join(dir, 'p3.ndjson'), ctx);
    expect(r.details).toMatchObject({ merges: 1 });
    const [after] = await vault.lookup('patient', [f]);
    expect(after).toBe(idD);
    expect((await referenceStats(store.conn)).persons).toBe(1);
    expect(await query(store.conn, `SELECT person_id::VARCHAR AS p FROM gp_list`)).toEqual([{ p: String(idD) }]);
  });
});

describe('prescriber and pharmacy import', () => {
  it('stores prescribers by internal id and resolves GP-list patients through the vault', async () => {
    const a = fnr('1980-03-01', 'female');
    const b = fnr('1985-04-01', 'male');
    await writeFile(join(dir, 'population.ndjson'), ndjson([person(a, '1980-03-01', 'female'), person(b, '1985-04-01', 'male')]));
    await importPopulation(store.conn, vault, join(dir, 'population.ndjson'), ctx);
    const unknown = fnr('1999-09-09', 'female');
    const file = join(dir, 'prescribers.ndjson');
    await writeFile(
      file,
      ndjson([
        { hpr: syntheticHpr(1), birthYear: 1970, sex: 'male', profession: 'LE', specialties: ['Allmennmedisin'], authorisedFrom: '1998-01-01',
          workplace: { orgnr: '912345678', name: 'Legesenter', municipality: '0301' },
          gpList: [{ patient: a, from: '2015-01-01', to: null }, { patient: b, from: '2016-01-01', to: '2020-01-01' }, { patient: unknown, from: '2016-01-01', to: null }] },
        { hpr: syntheticHpr(2), birthYear: 1980, sex: 'female', profession: 'TL', specialties: [], authorisedFrom: null, workplace: null },
      ]),
    );
    const r = await importPrescribers(store.conn, vault, file, ctx);
    expect(r.rows).toBe(2);
    expect(r.details).toMatchObject({ gpListEntries: 2, unknownPatients: 1 });
    expect(r.warnings.map((w) => w.rule)).toEqual(['HPR-GP-PATIENT-UNKNOWN']);
    const [pa] = await vault.lookup('patient', [a]);
    const [gp] = await vault.lookup('prescriber', [syntheticHpr(1)]);
    expect(await query(store.conn, `SELECT prescriber_id::VARCHAR AS p FROM gp_list WHERE person_id = ?`, [pa!])).toEqual([{ p: String(gp) }]);
  });

  it('validates pharmacies and keeps closed ones', async () => {
    const file = join(dir, 'pharmacies.ndjson');
    await writeFile(file, ndjson([{ konsesjonsnr: '1001', orgnr: '987654321', name: 'Apotek 1 Storgata', chain: 'Apotek 1', municipality: '0301', opened: '1990-01-01', closed: null }]));
    await importPharmacies(store.conn, file, ctx);
    await writeFile(file, ndjson([{ konsesjonsnr: '1001', name: 'X', municipality: '301', opened: '2020-01-01', closed: '2019-01-01' }]));
    const err = (await importPharmacies(store.conn, file, ctx).catch((e: unknown) => e)) as LmrError;
    expect(err.outcome.issues.map((i) => i.path)).toEqual(['municipality', 'closed']);
    expect((await referenceStats(store.conn)).pharmacies).toBe(1);
  });
});
