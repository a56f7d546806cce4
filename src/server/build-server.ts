import fastify, { LogController, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { Redis } from 'ioredis';
import type { ChannelAdapter } from '../core/channel-adapter';
import type { Logger } from '../core/log/create-logger';
import type { KefuConfig } from '../config/schema';
import type { AdminService } from './admin-service';
import { registerAdminRoutes } from './admin-routes';
import { installErrorHandler } from './error-handler';
import { registerHealthRoutes, type ReadinessCheck } from './health-routes';
import { httpLimitsOf, installHttpLimits } from './http-limits';
import { serializeRequest } from './request-log';

/** Largest HTTP body accepted (bigger → 413). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Largest WebSocket frame the socket layer accepts (adapters apply smaller limits themselves). */
export const WS_MAX_PAYLOAD_BYTES = 1024 * 1024;

/** Paths whose requests are not logged (probes poll them constantly). */
const QUIET_PATHS = new Set(['/healthz', '/readyz']);

/** What {@link buildServer} needs. */
export interface ServerDeps {
  config: KefuConfig;
  logger: Logger;
  /** Adapters whose routes are mounted (registerRoutes is called in order). */
  adapters: ChannelAdapter[];
  /** Readiness checks for /readyz. */
  readiness: ReadinessCheck;
  /** Backs /admin/api/*; without it admin routes answer 503 (if a token is configured). */
  admin?: AdminService;
  /** Where the HTTP rate limits count, shared by every process; without it each process counts in memory. */
  redis?: Redis;
}

/**
 * Build the fastify app: health, admin API, central error handling, per-address request limits
 * (see http-limits.ts), WebSocket support and every adapter's routes. Does not listen: call `app.listen({ port, host })`, or test with `app.inject()`.
 *
 * @example
 * const app = await buildServer({ config, logger, adapters: [web], readiness: async () => ({ redis: true }) });
 * const res = await app.inject({ method: 'GET', url: '/healthz' }); // 200 {status:'ok'}
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = fastify({
    // request log lines show the path and the query's names only: webhook signatures and nonces stay out of logs
    loggerInstance: deps.logger.child({}, { serializers: { req: serializeRequest } }),
    bodyLimit: BODY_LIMIT_BYTES,
    logController: new LogController({ disableRequestLogging: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0] ?? '') }),
    return503OnClosing: true,
    // request.ip (rate limits, logs) from X-Forwarded-For only for the proxies KEFU_TRUST_PROXY names
    trustProxy: trustProxyOption(deps.config.trustProxy),
  }) as unknown as FastifyInstance;
  installErrorHandler(app);
  // before any route: /admin/*, POST /events and /unsubscribe (mounted later too) are limited per client address
  await installHttpLimits(app, { limits: httpLimitsOf(deps.config), redis: deps.redis, prefix: deps.config.redisPrefix });
  await app.register(websocket, { options: { maxPayload: WS_MAX_PAYLOAD_BYTES } });
  registerHealthRoutes(app, deps.readiness, { adminToken: deps.config.adminToken });
  await registerAdminRoutes(app, deps.config.adminToken, deps.admin);
  for (const adapter of deps.adapters) {
    await adapter.registerRoutes?.(app);
  }
  return app;
}

/** KEFU_TRUST_PROXY as fastify's option; a hop count trusts that many proxies in front (fastify's own rule). */
function trustProxyOption(setting: KefuConfig['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}
