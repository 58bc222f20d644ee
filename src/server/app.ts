import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { routePath } from 'hono/route';
import type { Logger } from '../shared/logger.js';
import { httpStatus, issue, LmrError, normalizeError, type Outcome } from '../shared/outcome.js';
import type { DuckDBInstance } from '@duckdb/node-api';
import { createMetrics, type Metrics } from './metrics.js';
import { healthRoutes } from './routes/health.js';
import { referenceRoutes } from './routes/reference.js';
import { openApiDocument } from './openapi.js';
import { jwksRoutes } from './auth.js';
import type { Verifier } from '../access/index.js';
import type { IntakeService } from '../intake/service.js';
import { intakeRoutes } from './routes/intake.js';
import { openStatisticsRoutes } from './routes/statistics.js';
import { statisticsPageRoutes } from './routes/pages.js';
import { extractsRoutes } from './routes/extracts.js';
import type { StatisticsBank } from '../statistics/bank.js';
import type { JWK } from 'jose';

/** What the HTTP adapter needs from the running register. Start-up builds it; shutdown closes it. */
export interface AppDeps {
  reference: DuckDBInstance;
  logger: Logger;
  startedAt: Date;
  /** states of the other stores, as /health may tell them */
  storeStates(): Promise<Record<string, { status: 'ok' | 'absent' | 'error' }>>;
  /** checks bearer tokens (see src/server/auth.ts); without it, /.well-known/jwks.json is not served */
  verifier?: Verifier;
  /** the intake pipeline; with a verifier, /api/intake/v1 is served */
  intake?: IntakeService;
  /** the public statistics bank; with it, /api/open/v1 is served */
  statistics?: StatisticsBank;
  /** the register's public keys for extract manifests (a JWKS); with it, /api/extracts/v1/signing-keys is served */
  signingKeys?: () => Promise<{ keys: JWK[] }>;
}

export type AppEnv = { Variables: { requestId: string } };

/** Error bodies: the outcome plus the request id, so a pharmacy can quote it to support. */
export function outcomeBody(outcome: Outcome, reqId: string): { requestId: string; issues: Outcome['issues'] } {
  return { requestId: reqId, issues: outcome.issues };
}

export function createApp(deps: AppDeps, metrics: Metrics = createMetrics()): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', secureHeaders());
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The last matched route is the handler's pattern ('*' alone means no handler matched).
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument -- hono's helper is typed with Context<any>
    const matched = routePath(c, -1);
    const route = matched && matched !== '*' && matched !== '/*' ? matched : 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    metrics.httpDuration.labels(c.req.method, route, String(c.res.status)).observe(seconds);
    // Only the route pattern is logged, never the concrete path or query: they can carry identifiers.
    deps.logger.info({ reqId: c.get('requestId'), method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) }, 'request');
  });
  app.use('*', bodyLimit({ maxSize: 64 * 1024 * 1024, onError: (c) => c.json(outcomeBody({ issues: [issue('too-large', 'request body is larger than 64 MiB')] }, c.get('requestId')), 413) }));

  app.route('/', healthRoutes(deps));
  if (deps.verifier) app.route('/', jwksRoutes(deps.verifier));
  app.route('/api/reference/v1', referenceRoutes(deps));
  if (deps.intake && deps.verifier) app.route('/api/intake/v1', intakeRoutes(deps.intake, deps.verifier));
  if (deps.statistics) {
    app.route('/api/open/v1', openStatisticsRoutes(deps.statistics));
    app.route('/', statisticsPageRoutes());
  }
  app.route('/api/extracts/v1', extractsRoutes(deps.signingKeys));
  app.get('/api/openapi.json', (c) => c.json(openApiDocument));
  app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));

  app.notFound((c) => c.json(outcomeBody({ issues: [issue('not-found', `no route for ${c.req.method} on this path`)] }, c.get('requestId')), 404));
  app.onError((err, c) => {
    const outcome = normalizeError(err);
    if (!(err instanceof LmrError)) deps.logger.error({ reqId: c.get('requestId'), errName: err.name }, 'unhandled error');
    return c.json(outcomeBody(outcome, c.get('requestId')), httpStatus(outcome) as 400);
  });
  return app;
}
