import { createPublicKey, type KeyObject } from 'node:crypto';
import { base64url, calculateJwkThumbprint, CompactSign, compactVerify, exportJWK, importJWK, type JWK } from 'jose';
import { LmrError, issue } from './outcome.js';

/**
 * Detached JWS (RFC 7515 appendix F) over a document such as an extract manifest: `header..signature`,
 * alg EdDSA with Ed25519 keys, the key named by `kid` (by convention its RFC 7638 thumbprint). The
 * verifier holds the signer's public keys as a JWKS.
 */

export const ALGORITHM = 'EdDSA';

const invalid = (message: string): LmrError => new LmrError(issue('invalid', message, { rule: 'signature.invalid' }));

function publicOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

/** Signs `payload` with an Ed25519 private key; returns the compact JWS with the payload left out. */
export async function signDetached(privateKey: KeyObject, payload: Uint8Array, kid: string): Promise<string> {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new LmrError(issue('invalid', 'the signing key must be an Ed25519 private key', { rule: 'signature.key' }));
  }
  const jws = await new CompactSign(payload).setProtectedHeader({ alg: ALGORITHM, kid }).sign(privateKey);
  const [header, , signature] = jws.split('.');
  return `${header ?? ''}..${signature ?? ''}`;
}

function decodeHeader(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(base64url.decode(segment)));
  } catch {
    throw invalid('the signature header is not base64url JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('the signature header is not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * Verifies a detached JWS over `payload` against the key with its `kid` in `keys`. Throws `LmrError`
 * (rule `signature.unknown-key` when no key has the kid, `signature.invalid` on any other failure).
 */
export async function verifyDetached(jws: string, payload: Uint8Array, keys: { keys: JWK[] }): Promise<{ kid: string }> {
  const parts = typeof jws === 'string' ? jws.split('.') : [];
  const [headerPart, payloadPart, signaturePart] = parts;
  if (parts.length !== 3 || payloadPart !== '' || !headerPart || !signaturePart) {
    throw invalid('not a detached compact JWS (header..signature)');
  }
  const header = decodeHeader(headerPart);
  if (header.alg !== ALGORITHM) throw invalid(`the signature algorithm must be ${ALGORITHM}`);
  if ('b64' in header || 'crit' in header) throw invalid('unencoded payloads and critical header parameters are not accepted');
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') throw invalid('the signature header has no kid');

  const jwk = (Array.isArray(keys.keys) ? keys.keys : []).find((k) => k.kid === kid);
  if (!jwk) throw new LmrError(issue('invalid', `no published key has kid ${kid}`, { rule: 'signature.unknown-key' }));
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || 'd' in jwk) throw invalid(`the key ${kid} is not an Ed25519 public key`);

  try {
    const key = await importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, ALGORITHM);
    await compactVerify(`${headerPart}.${base64url.encode(payload)}.${signaturePart}`, key, { algorithms: [ALGORITHM] });
  } catch {
    throw invalid('the signature does not verify: the document or the signature was changed, or it was signed with another key');
  }
  return { kid };
}

/** The public JWK of an Ed25519 key (a private key gives its public half), with kid, alg and use. */
export async function publicJwk(publicKey: KeyObject, kid?: string): Promise<JWK> {
  const pub = publicOf(publicKey);
  const jwk = await exportJWK(pub);
  return { ...jwk, kid: kid ?? (await calculateJwkThumbprint(jwk, 'sha256')), alg: ALGORITHM, use: 'sig' };
}

/** The RFC 7638 SHA-256 thumbprint of the public key (base64url): the kid by convention. */
export async function jwkThumbprint(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicOf(publicKey)), 'sha256');
}
