import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lmr, serve, tempDir } from './helpers.js';

/** The local token issuer end to end: the CLI issues, the server publishes the key, the token verifies. */

let tmp: Awaited<ReturnType<typeof tempDir>>;
let data: string;
beforeAll(async () => {
  tmp = await tempDir('lmr-auth-int-');
  data = join(tmp.path, 'data');
});
afterAll(async () => {
  await tmp.remove();
});

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

describe('lmr auth', () => {
  it('token prints just the token, one line, and creates the issuer key (0600)', async () => {
    const r = lmr(data, ['auth', 'token', '--client', 'pharmacy:1234']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect((await stat(join(data, 'keys', 'issuer-key.json'))).mode & 0o777).toBe(0o600);
    const claims = decodeJwt(r.stdout.trim());
    expect(claims).toMatchObject({ iss: 'urn:lmr:local-issuer', aud: 'lmr', sub: 'pharmacy:1234', client_id: 'pharmacy:1234', pharmacy: '1234', scope: 'intake:write intake:read' });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('token --json gives a token response; --ttl and --scope apply', () => {
    const r = lmr(data, ['--json', 'auth', 'token', '--client', 'system:ssb', '--ttl', '120', '--scope', 'intake:read intake:write']);
    expect(r.status).toBe(0);
    const body = r.json();
    expect(Object.keys(body).sort()).toEqual(['access_token', 'client', 'expires_in', 'scope', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 120, client: 'system:ssb', scope: 'intake:read intake:write' });
    expect(body.access_token).toMatch(JWT);
  });

  it('refuses a bad client id with exit 2 and without echoing it', () => {
    const r = lmr(data, ['auth', 'token', '--client', 'pharmacy:01817012345']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lmr: client: invalid client id: pharmacy: the konsesjonsnummer must be 4 digits/);
    expect(r.stderr).not.toContain('01817012345');
    expect(lmr(data, ['auth', 'token', '--client', 'staff:ola', '--scope', 'root']).status).toBe(2);
    expect(lmr(data, ['auth', 'token', '--client', 'staff:ola', '--ttl', '0']).status).toBe(2);
  });

  it('jwks prints the public key set', () => {
    const r = lmr(data, ['auth', 'jwks']);
    expect(r.status).toBe(0);
    const jwks = r.json<JSONWebKeySet>();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(jwks.keys[0]!.d).toBeUndefined();
  });

  it('the server publishes the key a CLI token verifies against', async () => {
    const token = lmr(data, ['auth', 'token', '--client', 'pharmacy:4321']).stdout.trim();
    const server = await serve(data);
    try {
      const res = await fetch(`${server.url}/.well-known/jwks.json`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(lmr(data, ['auth', 'jwks']).json());
      const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`)), { issuer: 'urn:lmr:local-issuer', audience: 'lmr' });
      expect(payload.client_id).toBe('pharmacy:4321');
      expect((await fetch(`${server.url}/health`)).status).not.toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('the server refuses to start with an incomplete external-issuer configuration', () => {
    const r = lmr(data, ['serve', '--port', '0'], { LMR_JWKS_URL: 'https://idp.example/jwks' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/LMR_TOKEN_ISSUER/);
  });
});
