import { createHash, generateKeyPairSync, sign as edSign } from 'node:crypto';
import { base64url, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwkThumbprint, publicJwk, signDetached, verifyDetached } from './signature.js';
import { rejectionRule } from './testing.js';

const signer = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const manifest = new TextEncoder().encode(
  JSON.stringify({ extract: 'P123-2025-01', files: [{ name: 'extract.csv.lmrenc', sha256: createHash('sha256').update('x').digest('hex') }] }),
);


async function setup() {
  const kid = await jwkThumbprint(signer.publicKey);
  const jwks = { keys: [await publicJwk(stranger.publicKey), await publicJwk(signer.publicKey)] };
  const jws = await signDetached(signer.privateKey, manifest, kid);
  return { kid, jwks, jws };
}

describe('signDetached / verifyDetached', () => {
  it('round-trips: header..signature with alg EdDSA and the kid', async () => {
    const { kid, jwks, jws } = await setup();
    const [h, p, s] = jws.split('.');
    expect(p).toBe('');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(h!)))).toEqual({ alg: 'EdDSA', kid });
    expect(base64url.decode(s!)).toHaveLength(64);
    expect(await verifyDetached(jws, manifest, jwks)).toEqual({ kid });
  });

  it('is an ordinary Ed25519 signature over header.base64url(payload) (RFC 7515 appendix F)', async () => {
    const { jws } = await setup();
    const [h, , s] = jws.split('.');
    const expected = edSign(null, Buffer.from(`${h!}.${base64url.encode(manifest)}`), signer.privateKey);
    expect(base64url.encode(expected)).toBe(s);
  });

  it('is deterministic', async () => {
    const kid = await jwkThumbprint(signer.publicKey);
    const a = await signDetached(signer.privateKey, manifest, kid);
    const b = await signDetached(signer.privateKey, manifest, kid);
    expect(a).toBe(b);
    expect(await signDetached(stranger.privateKey, manifest, kid)).not.toBe(a);
  });

  it('fails when one payload byte changed', async () => {
    const { jwks, jws } = await setup();
    for (const at of [0, manifest.length >> 1, manifest.length - 1]) {
      const changed = Uint8Array.from(manifest);
      changed[at] = changed[at]! ^ 0x01;
      expect(await rejectionRule(verifyDetached(jws, changed, jwks))).toBe('signature.invalid');
    }
    expect(await rejectionRule(verifyDetached(jws, manifest.subarray(1), jwks))).toBe('signature.invalid');
  });

  it('fails when the signature changed', async () => {
    const { jwks, jws } = await setup();
    const [h, , s] = jws.split('.');
    const sig = base64url.decode(s!);
    sig[10] = sig[10]! ^ 0x01;
    expect(await rejectionRule(verifyDetached(`${h!}..${base64url.encode(sig)}`, manifest, jwks))).toBe('signature.invalid');
  });

  it('fails with an unknown kid, and with a kid that names another key', async () => {
    const { jwks } = await setup();
    const unknown = await signDetached(signer.privateKey, manifest, 'no-such-key');
    expect(await rejectionRule(verifyDetached(unknown, manifest, jwks))).toBe('signature.unknown-key');
    expect(await rejectionRule(verifyDetached(unknown, manifest, { keys: [] }))).toBe('signature.unknown-key');
    // signed by the signer but claiming the stranger's kid
    const lying = await signDetached(signer.privateKey, manifest, await jwkThumbprint(stranger.publicKey));
    expect(await rejectionRule(verifyDetached(lying, manifest, jwks))).toBe('signature.invalid');
  });

  it('fails on anything that is not a detached EdDSA compact JWS', async () => {
    const { jwks, jws } = await setup();
    const [h, , s] = jws.split('.');
    const attached = `${h!}.${base64url.encode(manifest)}.${s!}`;
    const hs256 = base64url.encode(JSON.stringify({ alg: 'HS256', kid: 'k' }));
    const b64false = base64url.encode(JSON.stringify({ alg: 'EdDSA', kid: (await jwkThumbprint(signer.publicKey)), b64: false, crit: ['b64'] }));
    for (const bad of ['', 'abc', `${h!}.${s!}`, attached, `${h!}..`, `..${s!}`, `!!..${s!}`, `${hs256}..${s!}`, `${b64false}..${s!}`]) {
      expect(await rejectionRule(verifyDetached(bad, manifest, jwks))).toBe('signature.invalid');
    }
  });

  it('refuses a private JWK in the key set and a signing key that is not Ed25519', async () => {
    const { kid, jws } = await setup();
    const priv = { ...(signer.privateKey.export({ format: 'jwk' }) as JWK), kid };
    expect(await rejectionRule(verifyDetached(jws, manifest, { keys: [priv] }))).toBe('signature.invalid');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(await rejectionRule(signDetached(rsa.privateKey, manifest, kid))).toBe('signature.key');
    expect(await rejectionRule(signDetached(signer.publicKey, manifest, kid))).toBe('signature.key');
  });
});

describe('publicJwk / jwkThumbprint', () => {
  it('exports the public key only, with kid, alg and use', async () => {
    const kid = await jwkThumbprint(signer.publicKey);
    const jwk = await publicJwk(signer.privateKey);
    expect(jwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) as string, kid, alg: 'EdDSA', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    expect(await publicJwk(signer.publicKey, 'manifest-2025')).toMatchObject({ kid: 'manifest-2025', x: jwk.x });
  });

  it('computes the RFC 7638 thumbprint: SHA-256 of {"crv","kty","x"} in order', async () => {
    const { x } = signer.publicKey.export({ format: 'jwk' });
    const canonical = `{"crv":"Ed25519","kty":"OKP","x":"${x!}"}`;
    const expected = base64url.encode(createHash('sha256').update(canonical).digest());
    expect(await jwkThumbprint(signer.publicKey)).toBe(expected);
    expect(await jwkThumbprint(signer.privateKey)).toBe(expected);
    expect(await jwkThumbprint(stranger.publicKey)).not.toBe(expected);
  });
});
