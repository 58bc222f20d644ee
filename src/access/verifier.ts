import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { LmrError, issue } from '../shared/outcome.js';
import { parseClientId, type Principal } from './client.js';
import type { AccessConfig } from './config.js';
import { LocalIssuer } from './issuer.js';

/**
 * Checks bearer tokens: signature (against the local issuer's key, or an external JWKS), issuer,
 * audience, lifetime (30 s clock tolerance), the required claims and the client id. Failures are
 * `login` errors (401) whose messages say what is wrong in fixed words, never quoting the token or a claim.
 */
export interface Verifier {
  readonly mode: 'local' | 'remote';
  /** The principal a valid token stands for; else throws a `login` error (or `unavailable` if an external JWKS cannot be fetched). */
  verify(token: string): Promise<Principal>;
  /** The local issuer's public keys, to serve at `/.well-known/jwks.json`; undefined with an external issuer. */
  readonly jwks: JSONWebKeySet | undefined;
}

/** Asymmetric algorithms only: never `none` or a shared secret. */
export const ACCEPTED_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'RS256', 'PS256'];
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Tokens longer than this are refused before they are parsed. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * A verifier for the configuration: with `jwksUrl`, tokens of that issuer (keys fetched and cached by
 * jose); otherwise tokens of the local issuer, whose key file is created if missing.
 */
export async function createVerifier(config: AccessConfig): Promise<Verifier> {
  if (config.jwksUrl) {
    const keys = createRemoteJWKSet(config.jwksUrl, { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
    return verifierFor(keys, config, 'remote', undefined);
  }
  const local = await LocalIssuer.open(config.issuerKeyFile);
  const jwks = local.jwks();
  return verifierFor(createLocalJWKSet(jwks), config, 'local', jwks);
}

function verifierFor(keys: JWTVerifyGetKey, config: AccessConfig, mode: Verifier['mode'], jwks: JSONWebKeySet | undefined): Verifier {
  return {
    mode,
    jwks,
    async verify(token: string): Promise<Principal> {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw loginError('the bearer token is malformed');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: config.issuer,
          audience: config.audience,
          algorithms: ACCEPTED_ALGORITHMS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iat', 'client_id'],
        }));
      } catch (err) {
        throw mapJoseError(err, mode);
      }
      return principalOf(payload);
    },
  };
}

function principalOf(payload: JWTPayload): Principal {
  if (typeof payload.client_id !== 'string') throw loginError('the bearer token has no client_id');
  let client;
  try {
    client = parseClientId(payload.client_id);
  } catch {
    throw loginError("the bearer token's client_id is not a register client id (pharmacy:NNNN, staff:NAME or system:NAME)");
  }
  if (payload.pharmacy !== undefined && payload.pharmacy !== client.pharmacy) {
    throw loginError("the bearer token's pharmacy claim does not match its client");
  }
  const principal: Principal = { client: client.client, kind: client.kind, scopes: scopesOf(payload) };
  if (client.pharmacy !== undefined) principal.pharmacy = client.pharmacy;
  if (typeof payload.jti === 'string' && payload.jti.length <= 128) principal.tokenId = payload.jti;
  return principal;
}

/** `scope` as a space-separated string (RFC 9068), or `scp` as an array (some issuers). */
function scopesOf(payload: JWTPayload): string[] {
  const raw = payload.scope ?? payload.scp;
  const list = typeof raw === 'string' ? raw.split(' ') : Array.isArray(raw) ? raw.filter((s): s is string => typeof s === 'string') : [];
  return [...new Set(list.filter((s) => s.length > 0))];
}

const CLAIM_WORDS: Record<string, string> = {
  iss: 'is from an issuer this register does not accept',
  aud: 'is not meant for this register (audience)',
  nbf: 'is not valid yet',
  iat: 'has an invalid issue time',
};

function mapJoseError(err: unknown, mode: Verifier['mode']): LmrError {
  if (err instanceof errors.JWTExpired) return loginError('the bearer token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    // jose names only the claims this module checks, never a value from the token.
    if (err.reason === 'missing') return loginError(`the bearer token lacks the ${err.claim} claim`);
    return loginError(`the bearer token ${CLAIM_WORDS[err.claim] ?? 'has an invalid claim'}`);
  }
  const known = err instanceof errors.JOSEError ? TOKEN_ERRORS[err.code] : undefined;
  if (known) return loginError(known);
  // Timeouts, network errors, an invalid key set: the issuer's keys are out of reach, not the caller's fault.
  if (mode === 'remote') return new LmrError(issue('unavailable', "the token issuer's keys cannot be fetched"));
  return loginError('the bearer token is not valid');
}

/** jose's error codes for a bad token, in fixed words. */
const TOKEN_ERRORS: Record<string, string | undefined> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: "the bearer token's signature is not valid",
  ERR_JWKS_NO_MATCHING_KEY: 'the bearer token is signed with a key this register does not trust',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the bearer token is signed with a key this register does not trust',
  ERR_JOSE_ALG_NOT_ALLOWED: "the bearer token's algorithm is not accepted",
  ERR_JWS_INVALID: 'the bearer token is malformed',
  ERR_JWT_INVALID: 'the bearer token is malformed',
  ERR_JOSE_NOT_SUPPORTED: 'the bearer token is malformed',
};

function loginError(message: string): LmrError {
  return new LmrError(issue('login', message));
}
