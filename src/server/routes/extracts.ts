import { Hono } from 'hono';
import type { JWK } from 'jose';
import { variableCatalogue } from '../../extracts/index.js';
import type { AppEnv } from '../app.js';

/**
 * The research extracts API: the variable catalogue, and the register's public signing keys that
 * verify a delivery's manifest (`lmr extract verify --keys`). Metadata only, no person-level data:
 * anonymous. Extracts themselves are delivered as files, never over this API.
 */
export function extractsRoutes(signingKeys?: () => Promise<{ keys: JWK[] }>): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/variables', (c) => c.json(variableCatalogue()));
  if (signingKeys) r.get('/signing-keys', async (c) => c.json(await signingKeys(), 200, { 'cache-control': 'public, max-age=300' }));
  return r;
}
