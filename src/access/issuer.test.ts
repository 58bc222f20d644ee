import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LmrError } from '../shared/outcome.js';
import { LocalIssuer } from './issuer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-issuer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const opts = { issuer: 'urn:lmr:local-issuer', audience: 'lmr' };

describe('local issuer key', () => {
  it('creates a private Ed25519 JWK with a kid, mode 0600, and reuses it', async () => {
    const file = join(dir, 'keys', 'issuer-key.json');
    const a = await LocalIssuer.open(file);
    const jwk = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: a.kid });
    expect(jwk.d).toMatch(/^[\w-]{43}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'keys'))).toEqual(['issuer-key.json']);
    const b = await LocalIssuer.open(file);
    expect(b.kid).toBe(a.kid);
  });

  it('publishes only the public key', async () => {
    const issuer = await LocalIssuer.open(join(dir, 'k.json'));
    const jwks = issuer.jwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) as string, kid: issuer.kid, alg: 'EdDSA', use: 'sig' });
  });

  it('processes that create the key at the same time end up with one key', async () => {
    const file = join(dir, 'race', 'issuer-key.json');
    const issuers = await Promise.all(Array.from({ length: 8 }, () => LocalIssuer.open(file)));
    expect(new Set(issuers.map((i) => i.kid)).size).toBe(1);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { kid: string };
    expect(onDisk.kid).toBe(issuers[0]!.kid);
    expect(await readdir(join(dir, 'race'))).toEqual(['issuer-key.json']);
  });

  it('refuses a key file that is not JSON or not an Ed25519 private key', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, 'not json');
    await expect(LocalIssuer.open(file)).rejects.toThrow(/not valid JSON/);
    await writeFile(file, JSON.stringify({ kty: 'oct', k: 'AAAA', kid: 'x' }));
    await expect(LocalIssuer.open(file)).rejects.toThrow(/Ed25519 private JWK/);
  });
});

describe('issuing tokens', () => {
  it('signs the RFC 9068 claims, with the pharmacy claim and default scopes for a pharmacy', async () => {
    const issuer = await LocalIssuer.open(join(dir, 'k.json'));
    const now = new Date('2026-03-01T12:00:00Z');
    const t = await issuer.issue('pharmacy:0042', { ...opts, now });
    expect(t).toMatchObject({ token_type: 'Bearer', expires_in: 3600, client: 'pharmacy:0042', scope: 'intake:write intake:read' });
    expect(decodeProtectedHeader(t.access_token)).toEqual({ alg: 'EdDSA', kid: issuer.kid, typ: 'at+jwt' });
    const claims = decodeJwt(t.access_token);
    expect(claims).toMatchObject({
      iss: 'urn:lmr:local-issuer',
      aud: 'lmr',
      sub: 'pharmacy:0042',
      client_id: 'pharmacy:0042',
      pharmacy: '0042',
      scope: 'intake:write intake:read',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 3600,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    const other = await issuer.issue('pharmacy:0042', { ...opts, now });
    expect(decodeJwt(other.access_token).jti).not.toBe(claims.jti);
  });

  it('uses per-kind default scopes, and takes explicit scopes and ttl', async () => {
    const issuer = await LocalIssuer.open(join(dir, 'k.json'));
    expect((await issuer.issue('staff:ola', opts)).scope).toBe('intake:read intake:write staff');
    expect((await issuer.issue('system:ssb', opts)).scope).toBe('intake:read');
    const t = await issuer.issue('system:ssb', { ...opts, scopes: ['intake:read', 'intake:write'], ttlSeconds: 60 });
    expect(t).toMatchObject({ scope: 'intake:read intake:write', expires_in: 60 });
    expect(decodeJwt(t.access_token).pharmacy).toBeUndefined();
  });

  it('refuses a bad client id, ttl or scope', async () => {
    const issuer = await LocalIssuer.open(join(dir, 'k.json'));
    await expect(issuer.issue('pharmacy:12', opts)).rejects.toBeInstanceOf(LmrError);
    await expect(issuer.issue('pharmacy:1234', { ...opts, ttlSeconds: 0 })).rejects.toThrow(/lifetime/);
    await expect(issuer.issue('pharmacy:1234', { ...opts, ttlSeconds: 31 * 24 * 3600 })).rejects.toThrow(/lifetime/);
    await expect(issuer.issue('pharmacy:1234', { ...opts, scopes: ['admin'] })).rejects.toThrow(/scopes/);
  });
});
