import { join, resolve } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { importFest } from '../reference/import/fest-import.js';
import { openReferenceStore } from '../reference/store.js';
import type { Store } from '../shared/duckdb.js';
import { silentProgress } from '../shared/progress.js';
import { createApp } from './app.js';
import { openApiDocument } from './openapi.js';

const FIXTURE = resolve(import.meta.dirname, '../../test/__fixtures__/fest/Litt-FEST-OppfLegemiddelpakning.xml');
let dir: string;
let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-app-'));
  store = await openReferenceStore(join(dir, 'reference.duckdb'));
  await importFest(store.conn, FIXTURE, { progress: silentProgress });
  app = createApp({
    reference: store.instance,
    logger: pino({ level: 'silent' }),
    startedAt: new Date(),
    storeStates: () => Promise.resolve({ vault: { status: 'ok' as const } }),
  });
});
afterAll(async () => {
  store.close();
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
      reference: store.instance,
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
