import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { MiddlewareHandler } from 'hono';
import { requireScope, type Principal, type Verifier } from '../access/index.js';
import { issue, LmrError } from '../shared/outcome.js';
import type { AppEnv } from './app.js';

/**
 * Bearer-token authentication (RFC 6750) for the HTTP API. `authenticate` verifies the token, checks a
 * scope and puts the principal on the context; failures are thrown as `LmrError`s, so the app's
 * `onError` renders them as every other error (the outcome plus the request id), with the
 * `WWW-Authenticate` header set here.
 */

export interface AuthVariables {
  principal: Principal;
}
/** The environment of routes behind `authenticate`: `c.get('principal')` is the caller. */
export type AuthEnv = { Variables: AppEnv['Variables'] & AuthVariables };

const REALM = 'lmr';
/** RFC 6750 b64token. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** Header parameter values: RFC 6750 allows printable ASCII without `"` and `\`. */
function quoted(text: string): string {
  return `"${text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '?')}"`;
}

/**
 * Middleware: requires a valid bearer token, and `scope` if given. Missing token or invalid token → 401
 * (`login`), valid token without the scope → 403 (`forbidden`), an external JWKS out of reach → 503.
 */
export function authenticate(verifier: Verifier, scope?: string): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (!token) {
      c.header('WWW-Authenticate', `Bearer realm="${REALM}"`);
      throw new LmrError(issue('login', header ? 'the Authorization header must be "Bearer" and a token' : 'a bearer token is required (Authorization: Bearer …)'));
    }
    let principal: Principal;
    try {
      principal = await verifier.verify(token);
    } catch (err) {
      const first = err instanceof LmrError ? err.outcome.issues[0] : undefined;
      if (first?.code === 'login') c.header('WWW-Authenticate', `Bearer realm="${REALM}", error="invalid_token", error_description=${quoted(first.message)}`);
      throw err;
    }
    if (scope !== undefined) {
      try {
        requireScope(principal, scope);
      } catch (err) {
        c.header('WWW-Authenticate', `Bearer realm="${REALM}", error="insufficient_scope", scope=${quoted(scope)}`);
        throw err;
      }
    }
    c.set('principal', principal);
    await next();
  });
}

/** GET /.well-known/jwks.json (anonymous): the local issuer's public keys; 404 with an external issuer. */
export function jwksRoutes(verifier: Verifier): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/.well-known/jwks.json', (c) => {
    if (!verifier.jwks) throw new LmrError(issue('not-found', 'this register does not issue tokens: its tokens come from an external issuer'));
    return c.json(verifier.jwks, 200, { 'cache-control': 'public, max-age=300' });
  });
  return r;
}
