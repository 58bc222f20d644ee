import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LmrError, type IssueCode } from '../shared/outcome.js';
import { accessConfig, type AccessConfig } from './config.js';
import { LocalIssuer } from './issuer.js';
import { createVerifier, type Verifier } from './verifier.js';

let dir: string;
let config: AccessConfig;
let issuer: LocalIssuer;
let verifier: Verifier;
let localKey: CryptoKey;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-verifier-'));
  config = accessConfig(dir, {});
  issuer = await LocalIssuer.open(config.issuerKeyFile);
  verifier = await createVerifier(config);
  localKey = (await importJWK(JSON.parse(await readFile(config.issuerKeyFile, 'utf8')) as JWK, 'EdDSA')) as CryptoKey;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const nowS = (): number => Math.floor(Date.now() / 1000);

function claims(over: JWTPayload = {}): JWTPayload {
  return {
    iss: 'urn:lmr:local-issuer',
    aud: 'lmr',
    sub: 'pharmacy:1234',
    client_id: 'pharmacy:1234',
    pharmacy: '1234',
    scope: 'intake:write intake:read',
    iat: nowS(),
    exp: nowS() + 600,
    jti: 'j-1',
    ...over,
  };
}

async function sign(payload: JWTPayload, key: CryptoKey = localKey, header: Record<string, string> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: issuer.kid, ...header }).sign(key);
}

/** The error `verify` throws; checks it never quotes the token. */
async function failure(v: Verifier, token: string): Promise<{ code: IssueCode; message: string }> {
  try {
    await v.verify(token);
  } catch (err) {
    if (!(err instanceof LmrError)) throw err;
    expect(err.message).not.toContain(token);
    for (const part of token.split('.')) if (part.length > 8) expect(err.message).not.toContain(part);
    const first = err.outcome.issues[0]!;
    return { code: first.code, message: first.message };
  }
  throw new Error('expected verify to fail');
}

describe('verifier with the local issuer', () => {
  it('round trip: an issued token yields its principal', async () => {
    expect(verifier.mode).toBe('local');
    const t = await issuer.issue('pharmacy:1234', { issuer: config.issuer, audience: config.audience });
    const p = await verifier.verify(t.access_token);
    expect(p).toEqual({ client: 'pharmacy:1234', kind: 'pharmacy', pharmacy: '1234', scopes: ['intake:write', 'intake:read'], tokenId: expect.any(String) as string });
    const s = await verifier.verify((await issuer.issue('staff:ola', { issuer: config.issuer, audience: config.audience })).access_token);
    expect(s).toMatchObject({ client: 'staff:ola', kind: 'staff', scopes: ['intake:read', 'intake:write', 'staff'] });
    expect(s.pharmacy).toBeUndefined();
  });

  it('serves the public key it verifies with', () => {
    expect(verifier.jwks).toEqual(issuer.jwks());
  });

  it.each<[string, JWTPayload, RegExp]>([
    ['another audience', { aud: 'someone-else' }, /audience/],
    ['another issuer', { iss: 'https://evil.example' }, /issuer/],
    ['an expired token', { exp: nowS() - 120, iat: nowS() - 3720 }, /expired/],
    ['a token not valid yet', { nbf: nowS() + 600 }, /not valid yet/],
    ['no client_id', { client_id: undefined }, /client_id/],
    ['a client_id of the wrong format', { client_id: 'pharmacy:01817012345' }, /client_id is not a register client id/],
    ['a pharmacy claim for another pharmacy', { pharmacy: '9999' }, /pharmacy claim/],
    ['no exp', { exp: undefined }, /exp/],
  ])('refuses %s with a login error', async (_name, over, message) => {
    const f = await failure(verifier, await sign(claims(over)));
    expect(f.code).toBe('login');
    expect(f.message).toMatch(message);
    expect(f.message).not.toContain('01817012345');
  });

  it('accepts a token expired less than the clock tolerance ago', async () => {
    await expect(verifier.verify(await sign(claims({ exp: nowS() - 10 })))).resolves.toMatchObject({ client: 'pharmacy:1234' });
  });

  it('refuses a tampered token', async () => {
    const [h, p, s] = (await sign(claims())).split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as JWTPayload;
    const forged = Buffer.from(JSON.stringify({ ...payload, client_id: 'pharmacy:9999', pharmacy: '9999' })).toString('base64url');
    expect(await failure(verifier, `${h}.${forged}.${s}`)).toEqual({ code: 'login', message: "the bearer token's signature is not valid" });
  });

  it('refuses a token signed with another key, whatever its kid', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    expect((await failure(verifier, await sign(claims(), privateKey))).message).toMatch(/signature/);
    expect((await failure(verifier, await sign(claims(), privateKey, { kid: 'other' }))).message).toMatch(/does not trust/);
  });

  it('refuses unsigned and shared-secret tokens, and garbage', async () => {
    const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect((await failure(verifier, none)).code).toBe('login');
    const hs = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: issuer.kid }).sign(new Uint8Array(32));
    expect((await failure(verifier, hs)).code).toBe('login');
    expect(await failure(verifier, 'not-a-jwt')).toEqual({ code: 'login', message: 'the bearer token is malformed' });
    expect((await failure(verifier, 'a'.repeat(9000))).message).toMatch(/malformed/);
  });

  it('reads scopes from a space-separated scope or an scp array, and gives none when absent', async () => {
    expect((await verifier.verify(await sign(claims({ scope: ' intake:read  staff ' })))).scopes).toEqual(['intake:read', 'staff']);
    expect((await verifier.verify(await sign(claims({ scope: undefined, scp: ['intake:read', 7] })))).scopes).toEqual(['intake:read']);
    expect((await verifier.verify(await sign(claims({ scope: undefined })))).scopes).toEqual([]);
  });

  it('honours LMR_TOKEN_AUDIENCE and LMR_TOKEN_ISSUER', async () => {
    const c = accessConfig(dir, { LMR_TOKEN_AUDIENCE: 'lmr-test', LMR_TOKEN_ISSUER: 'urn:test' });
    const v = await createVerifier(c);
    const t = await issuer.issue('system:ssb', { issuer: c.issuer, audience: c.audience });
    await expect(v.verify(t.access_token)).resolves.toMatchObject({ client: 'system:ssb', kind: 'system' });
    expect((await failure(verifier, t.access_token)).message).toMatch(/issuer|audience/);
  });
});

describe('verifier with a remote JWKS', () => {
  let server: Server;
  let url: string;
  let remoteKey: CryptoKey;
  let requests = 0;
  let jwks: JSONWebKeySet;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    remoteKey = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'remote-1', alg: 'ES256', use: 'sig' }] };
    server = createServer((req, res) => {
      requests++;
      if (req.url !== '/jwks') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const remote = (over: JWTPayload = {}): Promise<string> =>
    new SignJWT(claims({ iss: 'https://idp.example', ...over })).setProtectedHeader({ alg: 'ES256', kid: 'remote-1' }).sign(remoteKey);

  it('verifies tokens of the external issuer and refuses local ones', async () => {
    const v = await createVerifier(accessConfig(dir, { LMR_JWKS_URL: `${url}/jwks`, LMR_TOKEN_ISSUER: 'https://idp.example' }));
    expect(v.mode).toBe('remote');
    expect(v.jwks).toBeUndefined();
    await expect(v.verify(await remote())).resolves.toMatchObject({ client: 'pharmacy:1234', pharmacy: '1234' });
    expect(requests).toBe(1);
    await expect(v.verify(await remote({ client_id: 'staff:ola', pharmacy: undefined }))).resolves.toMatchObject({ kind: 'staff' });
    expect(requests).toBe(1); // cached
    const local = await issuer.issue('pharmacy:1234', { issuer: 'https://idp.example', audience: 'lmr' });
    expect((await failure(v, local.access_token)).code).toBe('login');
    expect((await failure(v, await remote({ aud: 'other' }))).message).toMatch(/audience/);
  });

  it('answers unavailable (503), not 401, when the JWKS cannot be fetched', async () => {
    const v = await createVerifier(accessConfig(dir, { LMR_JWKS_URL: `${url}/missing`, LMR_TOKEN_ISSUER: 'https://idp.example' }));
    expect((await failure(v, await remote())).code).toBe('unavailable');
  });

  it('checks the configuration', () => {
    expect(() => accessConfig(dir, { LMR_JWKS_URL: 'https://idp.example/jwks' })).toThrow(/LMR_TOKEN_ISSUER/);
    expect(() => accessConfig(dir, { LMR_JWKS_URL: 'http://idp.example/jwks', LMR_TOKEN_ISSUER: 'x' })).toThrow(/https/);
    expect(() => accessConfig(dir, { LMR_JWKS_URL: 'not a url', LMR_TOKEN_ISSUER: 'x' })).toThrow(/not a URL/);
    expect(accessConfig(dir, { LMR_JWKS_URL: 'https://idp.example/jwks', LMR_TOKEN_ISSUER: 'x' }).jwksUrl?.href).toBe('https://idp.example/jwks');
    expect(accessConfig(dir, {})).toMatchObject({ issuer: 'urn:lmr:local-issuer', audience: 'lmr', issuerKeyFile: join(dir, 'keys', 'issuer-key.json') });
    expect(accessConfig(dir, { LMR_ISSUER_KEY_FILE: '/run/secrets/k.json' }).issuerKeyFile).toBe('/run/secrets/k.json');
  });
});
