import { join, resolve } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { importFest } from '../reference/import/fest-import.js';
import { accessConfig, createVerifier } from '../access/index.js';
import { openRegister, type Register } from '../intake/register.js';
import { IntakeService } from '../intake/service.js';
import { dataLayout } from '../shared/config.js';
import { silentProgress } from '../shared/progress.js';
import type { JWK } from 'jose';
import { verifyDetached } from '../shared/signature.js';
import { createApp } from './app.js';
import { StatisticsBank } from '../statistics/bank.js';
import { attachStatisticsStore } from '../statistics/store.js';
import { openApiDocument } from './openapi.js';

const FIXTURE = resolve(import.meta.dirname, '../../test/__fixtures__/fest/Litt-FEST-OppfLegemiddelpakning.xml');
let dir: string;
let register: Register;
let intake: IntakeService;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-app-'));
  register = await openRegister(dataLayout(dir));
  await importFest(register.store.conn, FIXTURE, { progress: silentProgress });
  intake = await IntakeService.create(register);
  await attachStatisticsStore(register.store, dataLayout(dir).statisticsDb);
  app = createApp({
    statistics: new StatisticsBank(register.store.instance),
    reference: register.store.instance,
    verifier: await createVerifier(accessConfig(dir)),
    intake,
    logger: pino({ level: 'silent' }),
    startedAt: new Date(),
    storeStates: () => Promise.resolve({ vault: { status: 'ok' as const } }),
    signingKeys: () => register.vault.signingKeys(),
  });
});
afterAll(async () => {
  intake.close();
  register.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP app', () => {
  it('GET /health is anonymous and reveals store states and counts, no configuration', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', stores: { reference: { status: 'ok' }, vault: { status: 'ok' } } });
    expect(body.referenceData).toMatchObject({ fest: { rows: 1 } });
    const text = JSON.stringify(body);
    expect(text).not.toContain(dir);
    expect(text).not.toMatch(/key|password|secret|duckdb/i);
  });

  it('reports degraded with 503 when a store is not usable', async () => {
    const broken = createApp({
      reference: register.store.instance,
      logger: pino({ level: 'silent' }),
      startedAt: new Date(),
      storeStates: () => Promise.resolve({ vault: { status: 'error' as const } }),
    });
    const res = await broken.request('/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'degraded' });
  });

  it('serves a product, an ATC code and code validation', async () => {
    const p = await app.request('/api/reference/v1/products/263580');
    expect(p.status).toBe(200);
    expect(await p.json()).toMatchObject({ varenr: '263580', atc: 'C01DA14', ddd: { value: 0.04, unit: 'g' }, dddPerPack: 25 });
    const a = await app.request('/api/reference/v1/atc/C01DA14');
    expect(await a.json()).toMatchObject({ code: 'C01DA14', level: 5, parent: 'C01DA' });
  });

  it('maps errors to outcomes with status, rule and request id', async () => {
    const bad = await app.request('/api/reference/v1/products/12x');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { requestId: string; issues: { rule: string; path: string }[] };
    expect(body.requestId).toMatch(/\w+/);
    expect(body.issues[0]).toMatchObject({ rule: 'REF-VARENR', path: 'varenr' });
    expect(bad.headers.get('x-request-id')).toBe(body.requestId);
    const missing = await app.request('/api/reference/v1/products/999999');
    expect(missing.status).toBe(404);
    const noList = await app.request('/api/reference/v1/codelists/3402/codes/0301');
    expect(noList.status).toBe(404);
    expect(((await noList.json()) as { issues: { message: string }[] }).issues[0]!.message).toMatch(/code list 3402 has not been imported/);
    for (const path of ['/api/reference/v1/stats?on=garbage', '/api/reference/v1/products/263580?on=2024-13-45']) {
      const res = await app.request(path);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { issues: { rule: string }[] }).issues[0]!.rule).toBe('REF-DATE');
    }
    const nowhere = await app.request('/nowhere');
    expect(nowhere.status).toBe(404);
  });

  it('serves the variable catalogue, the same as lmr variables --json', async () => {
    const { variableCatalogue } = await import('../extracts/index.js');
    const res = await app.request('/api/extracts/v1/variables');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(variableCatalogue())));
  });

  it("serves the register's signing keys, which verify a manifest the vault signed", async () => {
    const res = await app.request('/api/extracts/v1/signing-keys');
    expect(res.status).toBe(200);
    const jwks = (await res.json()) as { keys: JWK[] };
    expect(jwks.keys.every((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && k.d === undefined)).toBe(true);
    const manifest = Buffer.from('{"format":"lmr-extract-1"}');
    const jws = await register.vault.sign(manifest);
    await expect(verifyDetached(jws, manifest, jwks)).resolves.toEqual({ kid: jwks.keys[0]!.kid });
    await expect(verifyDetached(jws, Buffer.from('{"format":"lmr-extract-2"}'), jwks)).rejects.toThrow();
  });

  it('serves Prometheus metrics', async () => {
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/lmr_http_request_duration_seconds_bucket\{[^}]*route="\/api\/reference\/v1\/products\/:varenr"/);
    expect(text).not.toMatch(/route="\/api\/reference\/v1\/products\/263580"/);
  });

  it('documents every mounted route in the OpenAPI document', () => {
    const documented = new Set(Object.keys(openApiDocument.paths).map((p) => p.replace(/\{(\w+)\}/g, ':$1')));
    const mounted = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => r.path));
    expect([...mounted].filter((p) => !documented.has(p))).toEqual([]);
    expect([...documented].filter((p) => !mounted.has(p))).toEqual([]);
  });
});

describe('intake API (no population: identity checks, message rules, receipts)', () => {
  let token: string;
  let other: string;
  const msg = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
    messageId: 'app-1',
    pharmacy: '1234',
    dispensings: [{ ref: 'a1', version: 1, kind: 'prescription', dispensedOn: '2024-01-02', patient: { id: '12345678901' }, product: { varenr: '263580', packs: 1 } }],
    ...over,
  });
  beforeAll(async () => {
    const { LocalIssuer, accessConfig: cfg } = await import('../access/index.js');
    const c = cfg(dir);
    const issuer = await LocalIssuer.open(c.issuerKeyFile);
    token = (await issuer.issue('pharmacy:1234', { issuer: c.issuer, audience: c.audience })).access_token;
    other = (await issuer.issue('pharmacy:5678', { issuer: c.issuer, audience: c.audience })).access_token;
  });
  const post = (body: string, t: string | null, type = 'application/json'): Promise<Response> =>
    Promise.resolve(app.request('/api/intake/v1/messages', { method: 'POST', body, headers: { 'content-type': type, ...(t ? { authorization: `Bearer ${t}` } : {}) } }));

  it('refuses requests without a valid token, but /health is anonymous', async () => {
    expect((await post(JSON.stringify(msg()), null)).status).toBe(401);
    expect((await post(JSON.stringify(msg()), 'not-a-token')).status).toBe(401);
    expect((await app.request('/api/intake/v1/health')).status).toBe(200);
    expect((await app.request('/api/intake/v1/schema')).status).toBe(401);
  });

  it('serves the schema and the rules to an authenticated client', async () => {
    const schema = (await (await app.request('/api/intake/v1/schema', { headers: { authorization: `Bearer ${token}` } })).json()) as { required: string[] };
    expect(schema.required).toEqual(['messageId', 'pharmacy', 'dispensings']);
    const rules = (await (await app.request('/api/intake/v1/rules', { headers: { authorization: `Bearer ${token}` } })).json()) as { rules: { id: string }[] };
    expect(rules.rules.map((r) => r.id)).toContain('patient.id.invalid');
  });

  it('answers broken JSON with 400 and the rule, and keeps serving', async () => {
    const res = await post('{"messageId": ', token);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { rule: string }[] };
    expect(body.issues[0]!.rule).toBe('message.json');
    expect((await app.request('/api/intake/v1/health')).status).toBe(200);
  });

  it('retries a chunk that keeps failing, then records its messages as stopped, with an event for the alerts', async () => {
    const conn = register.store.conn;
    // The store goes away under the pipeline: every attempt fails at the write.
    await conn.run('ALTER TABLE dispensing.dispensing RENAME TO dispensing_away');
    let res: Response;
    try {
      res = await post(JSON.stringify(msg({ messageId: 'app-stop' })), token);
    } finally {
      await conn.run('ALTER TABLE dispensing.dispensing_away RENAME TO dispensing');
    }
    expect(res.status).toBe(500);
    expect(JSON.stringify(await res.json())).toMatch(/stopped after 3 attempts/);
    const state = (await (await app.request('/api/intake/v1/messages/app-stop', { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; attempts: number };
    expect(state).toMatchObject({ status: 'stopped', attempts: 3 });
    const events = (await conn.runAndReadAll(`SELECT kind, message_id FROM dispensing.intake_event WHERE message_id = 'app-stop'`)).getRowsJS();
    expect(events).toEqual([['message-stopped', 'app-stop']]);
    // And the pipeline works again once the store is back.
    expect((await post(JSON.stringify(msg({ messageId: 'app-after' })), token)).status).toBe(422);
  });

  it('a token bound to one pharmacy cannot report for another (403, rule message.client)', async () => {
    const res = await post(JSON.stringify(msg({ messageId: 'app-2' })), other);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { issues: { rule: string }[] }).issues.map((i) => i.rule)).toContain('message.client');
  });

  it('rejects a dispensing per record, naming rule and path, and never echoes the identity number', async () => {
    const res = await post(JSON.stringify(msg({ messageId: 'app-3', pharmacy: '1234' })), token);
    const text = await res.text();
    expect(text).not.toContain('12345678901');
    const r = JSON.parse(text) as { status: string; issues: { rule: string }[]; dispensings: { status: string; issues: { rule: string; path: string }[] }[] };
    // No pharmacy register in this test store: the message is refused as a whole (422).
    expect(res.status).toBe(422);
    expect(r.issues.map((i) => i.rule)).toEqual(['message.pharmacy']);
    expect(r.dispensings[0]!.status).toBe('rejected');
  });

  it('answers NDJSON with one receipt per line', async () => {
    const body = [JSON.stringify(msg({ messageId: 'n1' })), 'nope', JSON.stringify(msg({ messageId: 'n2', dispensings: [{ ref: 'x', version: 'one' }] }))].join('\n');
    const res = await post(body, token, 'application/x-ndjson');
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { messageId: string | null; status: string; issues: { rule: string }[] });
    expect(lines.map((l) => l.messageId)).toEqual(['n1', null, 'n2']);
    expect(lines[1]!.issues[0]!.rule).toBe('message.json');
  });

  it('keeps each receipt: the message log gives back the very receipt the POST returned, dispensings in their order', async () => {
    // Twelve dispensings, each wrong in its own way or not at all: positions 10 and 11 must follow 9.
    const dispensings = Array.from({ length: 12 }, (_, i) => ({
      ref: `r${11 - i}`, version: i % 3 === 0 ? 'one' : 1, kind: i % 4 === 0 ? 'gift' : 'prescription', dispensedOn: `2024-01-${String(i + 1).padStart(2, '0')}`,
      patient: { id: '12345678901' }, product: { varenr: '263580', packs: i + 1 },
    }));
    const posted: unknown = await (await post(JSON.stringify(msg({ messageId: 'app-log', dispensings })), token)).json();
    const state = (await (await app.request('/api/intake/v1/messages/app-log', { headers: { authorization: `Bearer ${token}` } })).json()) as { status: string; receipt: unknown };
    expect(state.status).toBe('done');
    expect(state.receipt).toEqual(posted);
    expect((posted as { dispensings: { ref: string }[] }).dispensings.map((d) => d.ref)).toEqual(dispensings.map((d) => d.ref));
  });

  it('still gives back a receipt logged as JSON, before receipts were kept as their parts', async () => {
    const legacy = { messageId: 'app-legacy', status: 'accepted', issues: [], dispensings: [{ ref: 'old', status: 'accepted', issues: [] }] };
    await register.store.conn.run(
      `INSERT INTO dispensing.intake_message (message_id, pharmacy, channel, status, outcome, attempts, received_at, finished_at, dispensings, accepted, rejected, duplicates, corrected, cancelled, receipt)
       VALUES ('app-legacy', '1234', 'api', 'done', 'accepted', 1, now()::TIMESTAMP, now()::TIMESTAMP, 1, 1, 0, 0, 0, 0, $r)`,
      { r: JSON.stringify(legacy) },
    );
    const state = (await (await app.request('/api/intake/v1/messages/app-legacy', { headers: { authorization: `Bearer ${token}` } })).json()) as { receipt: unknown };
    expect(state.receipt).toEqual(legacy);
  });

  it('still gives back a receipt logged with every entry in full, before plain acceptances were kept as position and ref', async () => {
    await register.store.conn.run(
      `INSERT INTO dispensing.intake_message (message_id, pharmacy, channel, status, outcome, attempts, received_at, finished_at, dispensings, accepted, rejected, duplicates, corrected, cancelled,
         receipt_issues, receipt_dispensings)
       VALUES ('app-parts', '1234', 'api', 'done', 'partially-accepted', 1, now()::TIMESTAMP, now()::TIMESTAMP, 2, 1, 1, 0, 0, 0, [],
         [{'i': 1, 'ref': 'b', 'status': 'rejected', 'issues': [{'severity': 'error', 'rule': 'packs.positive', 'path': 'dispensings[1].product.packs', 'message': 'm'}]},
          {'i': 0, 'ref': 'a', 'status': 'accepted', 'issues': []}])`,
    );
    const state = (await (await app.request('/api/intake/v1/messages/app-parts', { headers: { authorization: `Bearer ${token}` } })).json()) as { receipt: unknown };
    expect(state.receipt).toEqual({
      messageId: 'app-parts', status: 'partially-accepted', issues: [],
      dispensings: [
        { ref: 'a', status: 'accepted', issues: [] },
        { ref: 'b', status: 'rejected', issues: [{ severity: 'error', rule: 'packs.positive', path: 'dispensings[1].product.packs', message: 'm' }] },
      ],
    });
  });
});
