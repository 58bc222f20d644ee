import { Hono } from 'hono';
import { referenceHealth } from '../../reference/lookups.js';
import type { AppDeps, AppEnv } from '../app.js';
import { withConnection } from '../db.js';

/**
 * Anonymous health check. It tells whether each store is usable and how much reference data it holds,
 * and nothing else: no paths, keys, configuration or versions of dependencies.
 */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/health', async (c) => {
    let reference: Awaited<ReturnType<typeof referenceHealth>> | null = null;
    let referenceStatus: 'ok' | 'error' = 'ok';
    try {
      reference = await withConnection(deps.reference, (conn) => referenceHealth(conn));
    } catch {
      referenceStatus = 'error';
    }
    const others = await deps.storeStates();
    const stores = { reference: { status: referenceStatus }, ...others };
    const ok = Object.values(stores).every((s) => s.status === 'ok');
    return c.json(
      {
        status: ok ? 'ok' : 'degraded',
        uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
        stores,
        referenceData: reference,
      },
      ok ? 200 : 503,
    );
  });
  return r;
}
