import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KefuError } from '../core/errors';
import { authorizationMatches } from '../core/security/constant-time';

/** The tokens that open GET /metrics. */
export interface MetricsTokens {
  /** KEFU_METRICS_TOKEN: for the Prometheus scraper, so it needs no admin token. */
  metricsToken?: string;
  /** KEFU_ADMIN_TOKEN: accepted too. */
  adminToken?: string;
}

/** Serves the metrics text (e.g. `metricsHandler(registry)` of src/outreach/metrics.ts). */
export type MetricsHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * GET /metrics (Prometheus text) behind `Authorization: Bearer <KEFU_METRICS_TOKEN or KEFU_ADMIN_TOKEN>`. Queue
 * depths, send counts and service KPIs are the shop's business, so with neither token configured the route answers
 * 404 METRICS_DISABLED saying how to turn it on; a missing or wrong token answers 401.
 *
 * @example
 * registerMetricsRoute(app, metricsHandler(registry), { metricsToken: config.metricsToken, adminToken: config.adminToken });
 * // prometheus.yml: authorization: { type: Bearer, credentials: <KEFU_METRICS_TOKEN> }
 */
export function registerMetricsRoute(app: FastifyInstance, serve: MetricsHandler, tokens: MetricsTokens): void {
  const accepted = [tokens.metricsToken, tokens.adminToken].filter((t): t is string => typeof t === 'string' && t.length > 0);
  app.get('/metrics', async (request, reply) => {
    if (accepted.length === 0) {
      throw new KefuError(
        'METRICS_DISABLED',
        'GET /metrics is disabled because no metrics or admin token is configured.',
        'set KEFU_METRICS_TOKEN (at least 16 characters), restart kefu and let Prometheus send Authorization: Bearer <KEFU_METRICS_TOKEN>.',
      );
    }
    // every accepted token is compared, so the time taken does not tell which one (if any) matched
    const matches = accepted.map((token) => authorizationMatches(request.headers.authorization, token));
    if (!matches.includes(true)) {
      return reply.status(401).header('www-authenticate', 'Bearer').send({
        error: 'UNAUTHORIZED',
        message: 'Missing or wrong metrics token. Fix: send Authorization: Bearer <KEFU_METRICS_TOKEN> (or <KEFU_ADMIN_TOKEN>).',
      });
    }
    return serve(request, reply);
  });
}
