import { Hono } from 'hono';
import { referenceStats, showAtc, showProduct, validateCode } from '../../reference/lookups.js';
import type { AppDeps, AppEnv } from '../app.js';
import { withConnection } from '../db.js';

/** Read-only reference look-ups: public catalogue data, no person-level data. */
export function referenceRoutes(deps: AppDeps): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  const db = deps.reference;
  r.get('/products/:varenr', async (c) => c.json(await withConnection(db, (conn) => showProduct(conn, c.req.param('varenr'), c.req.query('on')))));
  r.get('/atc/:code', async (c) => c.json(await withConnection(db, (conn) => showAtc(conn, c.req.param('code')))));
  r.get('/codelists/:oid/codes/:code', async (c) =>
    c.json(await withConnection(db, (conn) => validateCode(conn, c.req.param('oid'), c.req.param('code'), c.req.query('on')))),
  );
  r.get('/stats', async (c) => c.json(await withConnection(db, (conn) => referenceStats(conn, c.req.query('on')))));
  return r;
}
