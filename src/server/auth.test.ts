import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessConfig, createVerifier, LocalIssuer, type AccessConfig, type Verifier } from '../access/index.js';
import { createApp } from './app.js';
import { authenticate } from './auth.js';

let dir: string;
let db: DuckDBInstance;
let config: AccessConfig;
let issuer: LocalIssuer;
let verifier: Verifier;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-auth-'));
  db = await DuckDBInstance.create(':memory:');
  config = accessConfig(dir, {});
  verifier = await createVerifier(config);
  issuer = await LocalIssuer.open(config.issuerKeyFile);
  app = createApp({ reference: db, logger: pino({ level: 'silent' }), startedAt: new Date(), storeStates: () => Promise.resolve({}), verifier });
  // A protected test route on the real app, so errors go through its onError like every other error.
  app.get('/test/write', authenticate(verifier, 'intake:write'), (c) => c.json(c.get('principal')));
  app.get('/test/any', authenticate(verifier), (c) => c.json({ client: c.get('principal').client }));
});
afterAll(async () => {
  db.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const token = async (client: string, scopes?: string[]): Promise<string> =>
  (await issuer.issue(client, { issuer: config.issuer, audience: config.audience, ...(scopes ? { scopes } : {}) })).access_token;

interface ErrorBody {
  requestId: string;
  issues: { code: string; message: string }[];
}

describe('authenticate middleware', () => {
  it('lets a valid token through and puts the principal on the context', async () => {
    const res = await app.request('/test/write', { headers: { Authorization: `Bearer ${await token('pharmacy:1234')}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ client: 'pharmacy:1234', kind: 'pharmacy', pharmacy: '1234', scopes: ['intake:write', 'intake:read'] });
  });

  it('accepts the scheme name in any case', async () => {
    const res = await app.request('/test/any', { headers: { Authorization: `bearer ${await token('system:ssb')}` } });
    expect(res.status).toBe(200);
  });

  it('401 with the outcome body, request id and WWW-Authenticate when the token is missing', async () => {
    const res = await app.request('/test/write');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="lmr"');
    const body = (await res.json()) as ErrorBody;
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(body.issues).toEqual([{ severity: 'error', code: 'login', message: 'a bearer token is required (Authorization: Bearer …)' }]);
  });

  it('401 for another scheme', async () => {
    const res = await app.request('/test/write', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="lmr"');
  });

  it('401 invalid_token for a bad token, without echoing it', async () => {
    const bad = (await token('pharmacy:1234')).slice(0, -4) + 'AAAA';
    const res = await app.request('/test/write', { headers: { Authorization: `Bearer ${bad}` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe(`Bearer realm="lmr", error="invalid_token", error_description="the bearer token's signature is not valid"`);
    const text = await res.text();
    expect(text).not.toContain(bad.split('.')[1]);
    expect((JSON.parse(text) as ErrorBody).issues[0]).toMatchObject({ code: 'login' });
  });

  it('403 insufficient_scope for a valid token without the scope', async () => {
    const res = await app.request('/test/write', { headers: { Authorization: `Bearer ${await token('system:ssb')}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="lmr", error="insufficient_scope", scope="intake:write"');
    expect(((await res.json()) as ErrorBody).issues[0]).toMatchObject({ code: 'forbidden', message: 'the token lacks the scope intake:write' });
  });

  it('leaves anonymous routes anonymous', async () => {
    expect((await app.request('/health')).status).not.toBe(401);
    expect((await app.request('/api/openapi.json')).status).toBe(200);
  });
});

describe('GET /.well-known/jwks.json', () => {
  it("serves the local issuer's public key, anonymously", async () => {
    const res = await app.request('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const body = (await res.json()) as { keys: Record<string, string>[] };
    expect(body).toEqual(issuer.jwks());
    expect(body.keys[0]!.d).toBeUndefined();
  });

  it('is 404 with an external issuer, and absent without a verifier', async () => {
    const remote = await createVerifier(accessConfig(dir, { LMR_JWKS_URL: 'https://idp.example/jwks', LMR_TOKEN_ISSUER: 'https://idp.example' }));
    const withRemote = createApp({ reference: db, logger: pino({ level: 'silent' }), startedAt: new Date(), storeStates: () => Promise.resolve({}), verifier: remote });
    const res = await withRemote.request('/.well-known/jwks.json');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorBody).issues[0]!.message).toMatch(/external issuer/);
    const without = createApp({ reference: db, logger: pino({ level: 'silent' }), startedAt: new Date(), storeStates: () => Promise.resolve({}) });
    expect((await without.request('/.well-known/jwks.json')).status).toBe(404);
  });
});
