import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Queue } from 'bullmq';
import { Counter, Registry } from 'prom-client';
import { configSchema, type KefuConfig } from '../../src/config/schema';
import { createLogger } from '../../src/core/log/create-logger';
import type { UserDirectory, UserProfile } from '../../src/core/user';
import type { KefuEvent } from '../../src/events/event';
import { eventsRoutes } from '../../src/events/events-routes';
import { mountBullBoard } from '../../src/outreach/bull-board';
import { unsubscribeLinks, type UnsubscribeLinks } from '../../src/outreach/unsubscribe-link';
import type { AdminService } from '../../src/server/admin-service';
import { buildServer } from '../../src/server/build-server';
import { registerUnsubscribeRoute } from '../../src/server/unsubscribe-route';
import { registerMetricsRoute } from '../../src/server/metrics-route';
import { metricsHandler } from '../../src/outreach/metrics';

export const ADMIN_TOKEN = 'surface-admin-token-0123456789';

/** Shoppers in memory (the unsubscribe route reads and updates them). */
class MemoryUsers implements UserDirectory {
  readonly map = new Map<string, UserProfile>();
  async resolve(channel: string, externalId: string): Promise<UserProfile> {
    const user: UserProfile = {
      id: `${channel}-${externalId}`,
      identities: [{ channel, externalId }],
      isNew: true,
      attributes: {},
      tags: [],
      optedOut: false,
      createdAt: new Date(0).toISOString(),
      lastSeenAt: new Date(0).toISOString(),
    };
    this.map.set(user.id, user);
    return user;
  }
  async get(id: string): Promise<UserProfile | undefined> {
    return this.map.get(id);
  }
  async update(id: string, patch: Partial<UserProfile>): Promise<UserProfile> {
    const user = { ...this.map.get(id)!, ...patch };
    this.map.set(id, user);
    return user;
  }
}

/** Every token-guarded and link surface of a kefu web process, mounted as src/main.ts does, on loopback. */
export interface Surfaces {
  app: FastifyInstance;
  base: string;
  config: KefuConfig;
  links: UnsubscribeLinks;
  users: MemoryUsers;
  events: KefuEvent[];
  close(): Promise<void>;
}

/**
 * buildServer (admin API, /readyz, HTTP limits) + POST /events + /unsubscribe + GET /metrics (a real prom-client
 * registry with `kefu_surface_test_total`) + Bull Board (when `queues` are given),
 * listening on 127.0.0.1. `redis` backs the events dedupe and, when `sharedLimits`, the rate-limit counts.
 */
export async function startSurfaces(options: {
  redis: Redis;
  prefix: string;
  config?: Record<string, unknown>;
  queues?: Queue[];
  sharedLimits?: boolean;
}): Promise<Surfaces> {
  const config = configSchema.parse({ adminToken: ADMIN_TOKEN, logLevel: 'silent', redisPrefix: options.prefix, ...options.config });
  const admin = { channels: async () => [] } as unknown as AdminService;
  const app = await buildServer({
    config,
    logger: createLogger({ level: 'silent' }),
    adapters: [],
    readiness: async () => ({ ok: true }),
    admin,
    ...(options.sharedLimits ? { redis: options.redis } : {}),
  });
  const events: KefuEvent[] = [];
  const handler = { handleEvent: async (e: KefuEvent) => void events.push(e) };
  await app.register(eventsRoutes({ redis: options.redis, prefix: options.prefix, handler, token: config.adminToken }));
  const links = unsubscribeLinks('http://shop.test', 'link-secret-0123456789abcdef');
  const users = new MemoryUsers();
  await registerUnsubscribeRoute(app, links, users);
  const registry = new Registry();
  new Counter({ name: 'kefu_surface_test_total', help: 'A counter for the surface tests', registers: [registry] }).inc(3);
  registerMetricsRoute(app, metricsHandler(registry), { metricsToken: config.metricsToken, adminToken: config.adminToken });
  if (options.queues) await mountBullBoard(app, options.queues, { adminToken: ADMIN_TOKEN });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}`, config, links, users, events, close: () => app.close() };
}
