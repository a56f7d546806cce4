import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { KefuConfig } from '../config/schema';
import { KefuError } from '../core/errors';
import { clientAddressKey } from '../core/security/client-address';

/** At most `max` requests per `windowMs` from one client address. */
export interface RequestLimit {
  max: number;
  windowMs: number;
}

/** The HTTP surfaces kefu limits per client address. */
export type LimitedSurface = 'admin' | 'events' | 'unsubscribe';

/** Limits of the operator and link surfaces, per client address (`request.ip`, see KEFU_TRUST_PROXY). */
export interface HttpLimits extends Record<LimitedSurface, RequestLimit> {
  /**
   * Refused admin tokens (a 401 from /admin/*, POST /events, /metrics or a token-carrying /readyz). Once an address
   * used them up, those requests get 429 whatever token they carry, until the window ends: far stricter than `admin`.
   */
  authFailures: RequestLimit;
}

/** Options of {@link installHttpLimits}. */
export interface HttpLimitOptions {
  limits: HttpLimits;
  /** Counts live in Redis, shared by every kefu process; without it each process counts in memory. */
  redis?: Redis;
  /** Key prefix in Redis (`<prefix>:rate:`). @defaultValue kefu */
  prefix?: string;
}

/** The environment variable that raises each limit, named in 429 answers. */
const SETTING: Record<LimitedSurface | 'authFailures', string> = {
  admin: 'KEFU_ADMIN_RATE_LIMIT',
  events: 'KEFU_EVENTS_RATE_LIMIT',
  unsubscribe: 'KEFU_UNSUBSCRIBE_RATE_LIMIT',
  authFailures: 'KEFU_ADMIN_AUTH_FAILURES',
};

/**
 * The limits configured by KEFU_ADMIN_RATE_LIMIT, KEFU_EVENTS_RATE_LIMIT, KEFU_UNSUBSCRIBE_RATE_LIMIT (per
 * minute) and KEFU_ADMIN_AUTH_FAILURES (per 15 minutes).
 *
 * @example
 * httpLimitsOf(loadConfig()).admin; // { max: 120, windowMs: 60000 }
 */
export function httpLimitsOf(config: KefuConfig): HttpLimits {
  const minute = 60_000;
  return {
    admin: { max: config.adminRateLimit, windowMs: minute },
    events: { max: config.eventsRateLimit, windowMs: minute },
    unsubscribe: { max: config.unsubscribeRateLimit, windowMs: minute },
    authFailures: { max: config.adminAuthFailures, windowMs: 15 * minute },
  };
}

/** Which limited surface a request is for, by its matched route (or its decoded path when none matched). */
function surfaceOf(request: FastifyRequest): LimitedSurface | undefined {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
  if (path === '/unsubscribe') return 'unsubscribe';
  if (path === '/events' && request.method === 'POST') return 'events';
  return undefined;
}

/**
 * A token-carrying request to GET /metrics or /readyz: no rate of its own (scrapers and probes poll), but its refused
 * tokens count with the admin ones, so these routes give no way around KEFU_ADMIN_AUTH_FAILURES.
 */
function tokenRead(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? decodedPath(request.url);
  return (path === '/metrics' || path === '/readyz') && request.headers.authorization !== undefined;
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** 429 with Retry-After and a Chinese + English message, through the central error handler. */
function tooMany(reply: FastifyReply, retryAfterSec: number, setting: string): never {
  const seconds = Math.max(1, retryAfterSec);
  void reply.header('retry-after', String(seconds));
  throw new KefuError(
    'RATE_LIMITED',
    `请求太频繁，请 ${seconds} 秒后再试。Too many requests from this address: retry in ${seconds} s.`,
    `wait for Retry-After; if this traffic is expected, raise ${setting} (behind a proxy, set KEFU_TRUST_PROXY so each client counts apart).`,
  );
}

/**
 * Limit requests per client address with `@fastify/rate-limit`: /admin/* (admin API and Bull Board), POST /events
 * and /unsubscribe, each with its own count, plus a much stricter count of refused admin tokens (401s on
 * /admin/*, POST /events and token-carrying GET /metrics and /readyz). Over a limit: 429 `RATE_LIMITED` with `Retry-After`. A Redis error lets the request
 * through (the limits are a guard, not a dependency). Call before mounting routes.
 *
 * @example
 * await installHttpLimits(app, { limits: httpLimitsOf(config), redis, prefix: config.redisPrefix });
 */
export async function installHttpLimits(app: FastifyInstance, options: HttpLimitOptions): Promise<void> {
  const { limits } = options;
  await app.register(rateLimit, {
    global: false,
    ...(options.redis ? { redis: options.redis } : {}),
    nameSpace: `${options.prefix ?? 'kefu'}:rate:`,
    skipOnError: true,
  });
  const limiter = (name: LimitedSurface | 'authFailures') =>
    app.createRateLimit({
      max: limits[name].max,
      timeWindow: limits[name].windowMs,
      // IPv4-mapped addresses as IPv4, IPv6 by /64 (one household or phone), the same key as web chat's limits
      keyGenerator: (request: FastifyRequest) => `${name}:${clientAddressKey(request.ip)}`,
    });
  const count = { admin: limiter('admin'), events: limiter('events'), unsubscribe: limiter('unsubscribe') };
  const failures = limiter('authFailures');
  app.addHook('onRequest', async (request, reply) => {
    const surface = surfaceOf(request);
    const token = !surface && tokenRead(request);
    if (!surface && !token) return;
    if (surface !== 'unsubscribe') {
      const seen = await failures(request, { increment: false });
      if (!seen.isAllowed && seen.remaining <= 0 && seen.ttl > 0) tooMany(reply, seen.ttlInSeconds, SETTING.authFailures);
    }
    if (!surface) return;
    const hit = await count[surface](request);
    if (!hit.isAllowed && hit.isExceeded) tooMany(reply, hit.ttlInSeconds, SETTING[surface]);
  });
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode !== 401) return;
    const surface = surfaceOf(request);
    if (surface === 'admin' || surface === 'events' || tokenRead(request)) await failures(request);
  });
}
