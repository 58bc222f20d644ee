import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../shared/duckdb.js';
import { LmrError } from '../../shared/outcome.js';
import { silentProgress } from '../../shared/progress.js';
import { showAtc, showProduct } from '../lookups.js';
import { openReferenceStore } from '../store.js';
import { importFest } from './fest-import.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/__fixtures__/fest');
const ctx = { progress: silentProgress };
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-fest-'));
  store = await openReferenceStore(join(dir, 'reference.duckdb'));
});
afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const pack = (varenr: string, extra: { ddd?: string; prices?: string; atc?: string; name?: string; ts?: string } = {}): string => `
  <OppfLegemiddelpakning>
    <Id>ID_${varenr}</Id><Tidspunkt>${extra.ts ?? '2024-01-01T00:00:00'}</Tidspunkt><Status V="A"/>
    <Legemiddelpakning xmlns="http://www.kith.no/xmlstds/eresept/forskrivning/2014-12-01">
      <Atc V="${extra.atc ?? 'N02AA05'}" S="2.16.578.1.12.4.1.1.7180" DN="Oksykodon"/>
      <NavnFormStyrke>${extra.name ?? 'OxyNorm kaps 10 mg'}</NavnFormStyrke>
      <Reseptgruppe V="A"/>
      <LegemiddelformKort V="47" DN="Kapsel, hard"/>
      <Id>ID_P${varenr}</Id>
      <Varenr>${varenr}</Varenr>
      <Pakningsinfo>
        <Pakningsstr>28 x 1</Pakningsstr><EnhetPakning V="stk"/><Antall>28</Antall><Mengde>1</Mengde>
        ${extra.ddd ?? '<DDD V="75" U="mg"/>'}
        <Statistikkfaktor>1</Statistikkfaktor>
      </Pakningsinfo>
      ${extra.prices ?? '<PrisVare><Type V="5" DN="Maksimal AUP"/><Pris V="123.40" U="NOK"/><GyldigFraDato>2023-01-01</GyldigFraDato></PrisVare>'}
    </Legemiddelpakning>
  </OppfLegemiddelpakning>`;

const fest = (...entries: string[]): string =>
  `<?xml version="1.0" encoding="utf-8"?>\n<FEST xmlns="http://www.kith.no/xmlstds/eresept/m30/2014-12-01"><HentetDato>2024-01-01T00:00:00</HentetDato>\n<KatLegemiddelpakning>${entries.join('\n')}</KatLegemiddelpakning></FEST>\n`;

describe('FEST import', () => {
  it('reads the real pack fixture: 263580 is C01DA14 with DDD 0.04 g, and 25 DDD per pack from the name strength', async () => {
    const r = await importFest(store.conn, join(FIXTURES, 'Litt-FEST-OppfLegemiddelpakning.xml'), ctx);
    expect(r.rows).toBe(1);
    const p = await showProduct(store.conn, '263580');
    expect(p).toMatchObject({ varenr: '263580', atc: 'C01DA14', ddd: { value: 0.04, unit: 'g' }, packSize: 20, packUnit: 'stk', aup: null });
    expect(p.dddPerPack).toBe(25);
    expect(await showAtc(store.conn, 'C01DA14')).toMatchObject({ code: 'C01DA14', name: 'Isosorbidmononitrat', level: 5, parent: 'C01DA' });
  });

  it('reads the real dose fixture', async () => {
    const r = await importFest(store.conn, join(FIXTURES, 'Litt-FEST-OppfLegemiddeldose.xml'), ctx);
    expect(r.details?.doses).toBe(1);
  });

  it('keeps leading zeros, accepts packs without DDD, and computes DDD per pack', async () => {
    const file = join(dir, 'f.xml');
    await writeFile(file, fest(pack('012345'), pack('99', { ddd: '' })));
    await importFest(store.conn, file, ctx);
    const a = await showProduct(store.conn, '12345');
    expect(a.varenr).toBe('012345');
    expect(a.dddPerPack).toBeCloseTo((28 * 10) / 75, 3);
    expect(a.aup).toBe(123.4);
    const b = await showProduct(store.conn, '000099');
    expect(b.ddd).toBeNull();
    expect(b.dddPerPack).toBeNull();
  });

  it('keeps price history and product versions across re-imports', async () => {
    const file = join(dir, 'f.xml');
    await writeFile(file, fest(pack('012345')));
    await importFest(store.conn, file, ctx);
    await writeFile(
      file,
      fest(
        pack('012345', {
          name: 'OxyNorm kaps 20 mg',
          ts: '2024-06-01T00:00:00',
          prices: '<PrisVare><Type V="5"/><Pris V="150.00" U="NOK"/><GyldigFraDato>2024-06-01</GyldigFraDato></PrisVare>',
        }),
      ),
    );
    await importFest(store.conn, file, ctx);
    const p = await showProduct(store.conn, '012345', '2024-07-01');
    expect(p.prices.map((x) => [x.validFrom, x.amount])).toEqual([['2023-01-01', 123.4], ['2024-06-01', 150]]);
    expect(p.aup).toBe(150);
    expect((await showProduct(store.conn, '012345', '2023-06-01')).aup).toBe(123.4);
    expect(p.versions).toBe(2);
    expect(p.name).toBe('OxyNorm kaps 20 mg');
  });

  it('rejects a bad file with every problem located, and leaves the previous data intact', async () => {
    const good = join(dir, 'good.xml');
    await writeFile(good, fest(pack('012345')));
    await importFest(store.conn, good, ctx);
    const bad = join(dir, 'bad.xml');
    await writeFile(bad, fest(pack('111111', { ddd: '<DDD V="abc" U="mg"/>' }), pack('1234567'), pack('222222', { atc: 'XX9' })));
    const err = await importFest(store.conn, bad, ctx).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LmrError);
    const issues = (err as LmrError).outcome.issues;
    expect(issues.map((i) => i.rule)).toEqual(['FEST-NUMBER', 'FEST-VARENR', 'FEST-ATC']);
    expect(issues[0]).toMatchObject({ path: 'OppfLegemiddelpakning/Legemiddelpakning/Pakningsinfo/DDD@V', location: { file: bad } });
    expect(issues[0]!.location!.line).toBeGreaterThan(1);
    expect((await showProduct(store.conn, '012345')).name).toBe('OxyNorm kaps 10 mg');
    await expect(showProduct(store.conn, '111111')).rejects.toThrow(/no product/);
  });

  it('reports malformed XML with its line, and changes nothing', async () => {
    const bad = join(dir, 'broken.xml');
    await writeFile(bad, fest(pack('012345')).replace('</Varenr>', '</Varenummer>'));
    await expect(importFest(store.conn, bad, ctx)).rejects.toThrow(/broken\.xml:\d+.*malformed XML/);
    await expect(showProduct(store.conn, '012345')).rejects.toThrow(/no product/);
  });
});
