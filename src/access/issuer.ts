import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open as openFile, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type CryptoKey, type JSONWebKeySet, type JWK } from 'jose';
import { LmrError, issue } from '../shared/outcome.js';
import { checkScopes, DEFAULT_SCOPES, parseClientId } from './client.js';

/**
 * The register's local token issuer, for the embedded default: one Ed25519 signing key, created on first
 * use and kept as a private JWK (mode 0600) in the data directory. Tokens follow the JWT access-token
 * profile (RFC 9068) of an OAuth2 client-credentials grant. With an external issuer (`LMR_JWKS_URL`)
 * this key is not used.
 */

export const ALGORITHM = 'EdDSA';
/** Longest lifetime of a token of the local issuer (30 days). */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;
export const DEFAULT_TTL_SECONDS = 3600;

/** A token as an OAuth2 token endpoint would return it, plus the client it was issued to. */
export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  client: string;
  scope: string;
}

export interface IssueOptions {
  /** `iss` */
  issuer: string;
  /** `aud` */
  audience: string;
  /** seconds; default 3600 */
  ttlSeconds?: number;
  /** default: the client kind's default scopes */
  scopes?: readonly string[];
  /** for tests: the issue time */
  now?: Date;
}

export class LocalIssuer {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicJwk: JWK,
    readonly kid: string,
  ) {}

  /** Loads the issuer key from `keyFile`, creating it when the file does not exist. */
  static async open(keyFile: string): Promise<LocalIssuer> {
    const jwk = (await readKeyFile(keyFile)) ?? (await createKeyFile(keyFile));
    const kid = jwk.kid;
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.x || !kid) {
      throw new LmrError(issue('invalid', 'the issuer key file must hold an Ed25519 private JWK with a kid'));
    }
    let privateKey: CryptoKey;
    try {
      privateKey = (await importJWK(jwk, ALGORITHM)) as CryptoKey;
    } catch {
      throw new LmrError(issue('invalid', 'the issuer key file holds a key that cannot be imported'));
    }
    const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid, alg: ALGORITHM, use: 'sig' };
    return new LocalIssuer(privateKey, publicJwk, kid);
  }

  /** The public key set, as served at `/.well-known/jwks.json`. */
  jwks(): JSONWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** Signs an access token for a client. */
  async issue(clientId: string, options: IssueOptions): Promise<IssuedToken> {
    const client = parseClientId(clientId);
    const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
      throw new LmrError(issue('invalid', `the token lifetime must be 1 to ${MAX_TTL_SECONDS} seconds`, { path: 'ttl' }));
    }
    const scopes = checkScopes(options.scopes ?? DEFAULT_SCOPES[client.kind]);
    const scope = scopes.join(' ');
    const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
    const claims: Record<string, string> = { client_id: client.client, scope };
    if (client.pharmacy !== undefined) claims.pharmacy = client.pharmacy;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: this.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject(client.client)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttl)
      .setJti(randomUUID())
      .sign(this.privateKey);
    return { access_token: token, token_type: 'Bearer', expires_in: ttl, client: client.client, scope };
  }
}

async function readKeyFile(keyFile: string): Promise<JWK | undefined> {
  let text: string;
  try {
    text = await readFile(keyFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LmrError(issue('unavailable', 'the issuer key file cannot be read'));
  }
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new LmrError(issue('structure', 'the issuer key file is not valid JSON'));
  }
}

/**
 * Creates the key file durably and without a race: the key is written to a temporary file (0600) and
 * fsynced, then hard-linked to its name, which fails if another process created the key first; that
 * key is then used. The folder is fsynced so the name survives a crash.
 */
async function createKeyFile(keyFile: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });
  jwk.alg = ALGORITHM;
  jwk.use = 'sig';
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const tmp = `${keyFile}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await openFile(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(JSON.stringify(jwk, null, 2) + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  let created = true;
  try {
    await link(tmp, keyFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') created = false;
    else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
      // File systems without hard links: a plain rename (the race above is then possible, if unlikely).
      await rename(tmp, keyFile);
    } else {
      await unlink(tmp).catch(() => undefined);
      throw new LmrError(issue('unavailable', 'the issuer key file cannot be created'));
    }
  }
  await unlink(tmp).catch(() => undefined);
  const dir = await openFile(dirname(keyFile), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  if (created) return jwk;
  const existing = await readKeyFile(keyFile);
  if (!existing) throw new LmrError(issue('unavailable', 'the issuer key file vanished while it was created'));
  return existing;
}
