import { Hono } from 'hono';
import { variableCatalogue } from '../../extracts/index.js';
import type { AppEnv } from '../app.js';

/** The research extracts API. Today: the variable catalogue (metadata, no person-level data; anonymous). */
export function extractsRoutes(): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/variables', (c) => c.json(variableCatalogue()));
  return r;
}
