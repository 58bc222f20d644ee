import { join } from 'node:path';
import { readFile, writeFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI, FIXTURES, lmr, serve, tempDir } from './helpers.js';

/** The `lmr` command line, run as a real process on the compiled code. */

const COMMANDS = [
  'id check',
  'variables',
  'project register',
  'stats build',
  'stats release',
  'synth nation',
  'reference import',
  'reference show product',
  'reference show atc',
  'reference validate',
  'reference stats',
  'keys rotate',
  'keys status',
  'serve',
  'start',
];

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir('lmr-cli-');
});
afterAll(async () => {
  await tmp.remove();
});

describe('lmr CLI', () => {
  it.each(COMMANDS)('%s --help prints usage and exits 0', (command) => {
    const r = lmr(tmp.path, [...command.split(' '), '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: lmr ${command}`);
  });

  it('variables --json lists the 55 catalogue variables with both descriptions, levels and sensitivity', () => {
    const r = lmr(tmp.path, ['variables', '--json']);
    expect(r.status).toBe(0);
    const c = r.json<{ count: number; variables: { name: string; description: { nb: string; en: string }; levels: string[]; sensitivity: string }[] }>();
    expect(c.count).toBe(55);
    expect(c.variables).toHaveLength(55);
    expect(c.variables.map((v) => v.name)).toEqual(expect.arrayContaining(['pasient_fodselsar', 'utlevering_dato', 'legemiddel_atckode_niva5']));
    for (const v of c.variables) {
      expect(v.description.nb.length * v.description.en.length).toBeGreaterThan(0);
      expect(v.levels.length).toBeGreaterThan(0);
    }
  });

  it('project register stores an application, recognises a re-registration, versions an amendment, and names every problem', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const app = {
      projectId: 'P-cli', title: 'A test project', legalBasis: 'helseregisterloven § 19 a', approval: { reference: 'REK 2026/1', date: '2026-01-01' },
      variables: [{ name: 'pasient_fodselsar', level: 'year' }], population: { atc: ['J01CE*'] }, timeWindow: { from: '2024-01-01', to: '2025-12-31' },
      dataState: { kind: 'preliminary' }, recipientPublicKey: key, expires: '2099-12-31',
    };
    const file = join(tmp.path, 'application.json');
    await writeFile(file, JSON.stringify(app));
    expect(lmr(tmp.path, ['project', 'register', file, '--json']).json()).toEqual({ projectId: 'P-cli', version: 1, status: 'registered', variables: 1, expires: '2099-12-31' });
    expect(lmr(tmp.path, ['project', 'register', file, '--json']).json()).toMatchObject({ version: 1, status: 'unchanged' });
    await writeFile(file, JSON.stringify({ ...app, variables: [...app.variables, { name: 'utlevering_dato', level: 'month' }] }));
    expect(lmr(tmp.path, ['project', 'register', file, '--json']).json()).toMatchObject({ version: 2, status: 'amended', variables: 2 });
    await writeFile(file, JSON.stringify({ ...app, variables: [{ name: 'pasient_skonummer', level: 'exact' }], population: { atc: ['J01CE**'] } }));
    const bad = lmr(tmp.path, ['project', 'register', file]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/population\.atc\[0\]/);
    const unknown = lmr(tmp.path, ['project', 'register', file.replace('application', 'missing')]);
    expect(unknown.status).not.toBe(0);
    await writeFile(file, JSON.stringify({ ...app, variables: [{ name: 'pasient_skonummer', level: 'exact' }] }));
    expect(lmr(tmp.path, ['project', 'register', file]).stderr).toMatch(/variables\[0\]\.name.*unknown variable 'pasient_skonummer'|unknown variable 'pasient_skonummer'/);
  });

  it('lmr --help lists the command groups', () => {
    const r = lmr(tmp.path, ['--help']);
    expect(r.status).toBe(0);
    for (const c of ['id', 'synth', 'reference', 'keys', 'serve', 'start']) expect(r.stdout).toMatch(new RegExp(`\\n\\s+${c}\\b`));
  });

  it('id check --json prints exactly the documented shape, without the number', () => {
    const r = lmr(tmp.path, ['id', 'check', '00000000000', '--json']);
    expect(r.status).toBe(0);
    expect(Object.keys(r.json()).sort()).toEqual(['birthDate', 'kind', 'reason', 'sex', 'synthetic', 'valid']);
    expect(r.json()).toMatchObject({ kind: 'masked', birthDate: null, sex: null });
    const bad = lmr(tmp.path, ['id', 'check', '12345678901', '--json']);
    expect(bad.json()).toMatchObject({ valid: false });
    expect(bad.stdout + bad.stderr).not.toContain('12345678901');
  });

  it('never echoes a mistyped argument (it could be an identity number)', () => {
    for (const args of [['01818012345'], ['id', '01818012345'], ['id', 'check', '--on=01818012345', 'x'], ['id', 'check', 'a', '01818012345']]) {
      const r = lmr(tmp.path, args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^lmr: (unknown command|unknown option|too many arguments) \(run with --help for usage\)\n$/);
      expect(r.stdout + r.stderr).not.toContain('01818012345');
    }
  });

  it("id check - reads the number from stdin, keeping it out of the process list", () => {
    const r = spawnSync(process.execPath, [CLI, '--data', tmp.path, 'id', 'check', '-', '--json'], { input: '00000000000\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: true, kind: 'masked' });
  });

  it('fails with a non-zero exit and a one-line reason', () => {
    const unknown = lmr(tmp.path, ['frobnicate']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr.trim().split('\n')[0]).toMatch(/^lmr: /);
    const missing = lmr(tmp.path, ['reference', 'show', 'product', '999999']);
    expect(missing.status).toBe(3);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^lmr: varenr: no product with varenr 999999 in FEST \[REF-PRODUCT\]/);
    const badArg = lmr(tmp.path, ['synth', 'nation', '--persons', 'many', '--out', join(tmp.path, 'x')]);
    expect(badArg.status).not.toBe(0);
    expect(badArg.stderr).toMatch(/--persons must be an integer/);
  });

  it('imports the real FEST fixture and shows product 263580 as C01DA14 with DDD 0.04 g', () => {
    const data = join(tmp.path, 'fest-data');
    const imp = lmr(data, ['reference', 'import', '--fest', join(FIXTURES, 'fest', 'Litt-FEST-OppfLegemiddelpakning.xml'), '--json']);
    expect(imp.status).toBe(0);
    expect(imp.json()).toMatchObject({ imports: [{ source: 'fest', rows: 1 }] });
    const show = lmr(data, ['reference', 'show', 'product', '263580', '--json']);
    expect(show.status).toBe(0);
    expect(show.json()).toMatchObject({ varenr: '263580', name: expect.any(String) as unknown, atc: 'C01DA14', packSize: 20, packUnit: 'stk', ddd: { value: 0.04, unit: 'g' }, dddPerPack: 25, aup: null });
    const atc = lmr(data, ['reference', 'show', 'atc', 'C01DA14', '--json']);
    expect(atc.json()).toEqual({ code: 'C01DA14', name: 'Isosorbidmononitrat', nameEnglish: null, level: 5, parent: 'C01DA', source: 'fest' });
  });

  it('a failed import names the file and element and leaves the data intact', async () => {
    const data = join(tmp.path, 'fail-data');
    const fixture = join(FIXTURES, 'fest', 'Litt-FEST-OppfLegemiddelpakning.xml');
    expect(lmr(data, ['reference', 'import', '--fest', fixture]).status).toBe(0);
    const bad = join(tmp.path, 'bad-fest.xml');
    await writeFile(bad, (await readFile(fixture, 'utf8')).replace('<DDD V="0.04" U="g" />', '<DDD V="0,0x4" U="g" />'));
    const r = lmr(data, ['reference', 'import', '--fest', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad-fest\.xml:\d+ DDD OppfLegemiddelpakning\/Legemiddelpakning\/Pakningsinfo\/DDD@V: not a number \[FEST-NUMBER\]/);
    expect(lmr(data, ['reference', 'show', 'product', '263580', '--json']).json()).toMatchObject({ ddd: { value: 0.04 } });
  });

  it('creates the key file 0600 on first use and rotates keys', async () => {
    const data = join(tmp.path, 'keys-data');
    const s = lmr(data, ['keys', 'status', '--json']);
    expect(s.status).toBe(0);
    expect(s.json()).toMatchObject({ activeKeyVersion: 1, keySource: 'file' });
    expect((await stat(join(data, 'keys', 'master-keys.json'))).mode & 0o777).toBe(0o600);
    const r = lmr(data, ['keys', 'rotate', '--json']);
    expect(r.json()).toMatchObject({ from: 1, to: 2 });
    expect(lmr(data, ['keys', 'status', '--json']).json()).toMatchObject({ activeKeyVersion: 2 });
  });

  it('serve answers /health and look-ups over real HTTP', async () => {
    const data = join(tmp.path, 'fest-data');
    const server = await serve(data);
    try {
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', stores: { reference: { status: 'ok' }, vault: { status: 'ok' } } });
      const p = await fetch(`${server.url}/api/reference/v1/products/263580`);
      expect(await p.json()).toMatchObject({ atc: 'C01DA14' });
      // The server holds the stores: a second writer gets a plain answer, not a crash.
      const busy = lmr(data, ['reference', 'stats']);
      expect(busy.status).toBe(6);
      expect(busy.stderr).toMatch(/^lmr: reference\.duckdb is in use by another lmr process/);
    } finally {
      await server.stop();
    }
    expect(server.logs()).toMatch(/"route":"\/api\/reference\/v1\/products\/:varenr"/);
    // (Timestamps left out: a millisecond clock once read 1796126358012, which holds 263580.)
    expect(server.logs().replace(/"time":\d+/g, '')).not.toMatch(/263580/);
  });
});
