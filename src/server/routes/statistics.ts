import { Hono, type Context } from 'hono';
import type { StatisticsBank } from '../../statistics/bank.js';
import { SOURCE_ID } from '../../statistics/bank.js';
import type { Language } from '../../statistics/api/index.js';
import { LmrError, issue } from '../../shared/outcome.js';
import type { AppEnv } from '../app.js';

const lang = (c: Context): Language => (c.req.query('lang') === 'en' ? 'en' : 'nb');

function tableId(c: Context): number {
  if (c.req.param('source') !== SOURCE_ID) throw new LmrError(issue('not-found', `no source '${String(c.req.param('source')).slice(0, 40)}'; the source is '${SOURCE_ID}'`, { path: 'sourceId' }));
  const raw = c.req.param('tableId');
  if (raw === undefined) return -1;
  if (!/^\d{1,9}$/.test(raw)) throw new LmrError(issue('invalid', 'the table id is an integer', { path: 'tableId' }));
  return Number(raw);
}

/**
 * The open statistics API, compatible with FHI Statistikk's Open API (docs/formats/open-api.md):
 * anonymous and read-only; every figure has passed disclosure control when the cube was built.
 */
export function openStatisticsRoutes(bank: StatisticsBank): Hono<AppEnv> {
  const r = new Hono<AppEnv>();
  r.get('/Common/source', (c) => c.json(bank.sources(lang(c))));
  r.get('/:source/table', async (c) => {
    tableId(c);
    return c.json(await bank.tables(c.req.query('modifiedAfter'), lang(c)));
  });
  r.get('/:source/table/:tableId', async (c) => c.json(await bank.table(tableId(c), lang(c))));
  r.get('/:source/table/:tableId/query', async (c) => c.json(await bank.query(tableId(c))));
  r.get('/:source/table/:tableId/dimension', async (c) => c.json(await bank.dimensions(tableId(c), lang(c))));
  r.get('/:source/table/:tableId/flag', async (c) => c.json(await bank.flags(tableId(c), lang(c))));
  r.get('/:source/table/:tableId/metadata', async (c) => c.json(await bank.metadata(tableId(c), lang(c))));
  r.post('/:source/table/:tableId/data', async (c) => {
    const id = tableId(c);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new LmrError(issue('invalid', 'the request body is not JSON', { path: '$' }));
    }
    const out = await bank.data(id, body, lang(c));
    return c.body(out.body, 200, { 'content-type': out.contentType });
  });
  return r;
}
