import { resolve } from 'node:path';
import { LmrError, issue } from '../shared/outcome.js';

/** Where tokens come from and what they must say. Built from the environment by `accessConfig`. */
export interface AccessConfig {
  /** expected `iss`; also the `iss` of tokens of the local issuer */
  issuer: string;
  /** expected `aud`; also the `aud` of tokens of the local issuer */
  audience: string;
  /** the local issuer's private key (a JWK file) */
  issuerKeyFile: string;
  /** an external issuer's JWKS; when set, only its tokens are accepted and the local issuer is not used */
  jwksUrl?: URL;
}

export const LOCAL_ISSUER = 'urn:lmr:local-issuer';
export const DEFAULT_AUDIENCE = 'lmr';

/**
 * Reads the access configuration:
 * - `LMR_JWKS_URL`: an external issuer's JWKS (https, or http on a loopback address); needs `LMR_TOKEN_ISSUER`
 * - `LMR_TOKEN_ISSUER`: the expected `iss` (default `urn:lmr:local-issuer`)
 * - `LMR_TOKEN_AUDIENCE`: the expected `aud` (default `lmr`)
 * - `LMR_ISSUER_KEY_FILE`: the local issuer's key (default `keys/issuer-key.json` in the data directory)
 */
export function accessConfig(dataRoot: string, env: NodeJS.ProcessEnv = process.env): AccessConfig {
  const issuerKeyFile = env.LMR_ISSUER_KEY_FILE ? resolve(env.LMR_ISSUER_KEY_FILE) : resolve(dataRoot, 'keys', 'issuer-key.json');
  const audience = env.LMR_TOKEN_AUDIENCE || DEFAULT_AUDIENCE;
  if (!env.LMR_JWKS_URL) return { issuer: env.LMR_TOKEN_ISSUER || LOCAL_ISSUER, audience, issuerKeyFile };
  let url: URL;
  try {
    url = new URL(env.LMR_JWKS_URL);
  } catch {
    throw configError('LMR_JWKS_URL is not a URL');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw configError('LMR_JWKS_URL must be an https URL (plain http only on a loopback address)');
  }
  if (!env.LMR_TOKEN_ISSUER) throw configError('LMR_JWKS_URL is set, so LMR_TOKEN_ISSUER must name the issuer whose tokens are accepted');
  return { issuer: env.LMR_TOKEN_ISSUER, audience, issuerKeyFile, jwksUrl: url };
}

function configError(message: string): LmrError {
  return new LmrError(issue('invalid', message));
}
