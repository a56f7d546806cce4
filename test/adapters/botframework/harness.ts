import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { BotFrameworkAdapter, type BotFrameworkOptions } from '../../../adapters/botframework';
import { createLogger, type InboundMessage } from '../../../src/index';
import { FakeBotFramework, type FakeBotFrameworkOptions } from '../../helpers/fake-botframework';

export const APP_ID = '00000000-aaaa-bbbb-cccc-000000000001';
export const APP_PASSWORD = 'fake-client-secret';

/** A BotFrameworkAdapter on a real fastify (loopback, free port) with the fake Microsoft side, real Redis. */
export interface BfHarness {
  fake: FakeBotFramework;
  adapter: BotFrameworkAdapter;
  app: FastifyInstance;
  redis: Redis;
  prefix: string;
  /** The adapter's messaging endpoint. */
  endpoint: string;
  /** Messages the started handler got (when started by the harness). */
  got: InboundMessage[];
  close(): Promise<void>;
}

/**
 * Starts the fake and the adapter; `auth: false` runs without an App ID (only the local Emulator is served, unless
 * `adapter.allowUnauthenticated`); `host` is where the adapter's server listens (default loopback).
 */
export async function startBf(
  options: { auth?: boolean; start?: boolean; host?: string; adapter?: Partial<BotFrameworkOptions>; fake?: FakeBotFrameworkOptions } = {},
): Promise<BfHarness> {
  const auth = options.auth ?? true;
  const fake = await FakeBotFramework.start(auth ? { appId: APP_ID, appPassword: APP_PASSWORD, ...options.fake } : { ...options.fake });
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `kefu-bf-${randomUUID().slice(0, 8)}`;
  const adapter = new BotFrameworkAdapter({
    ...(auth && { appId: APP_ID, appPassword: APP_PASSWORD }),
    openIdMetadataUrl: fake.openIdUrl,
    loginBaseUrl: fake.baseUrl,
    redis,
    keyPrefix: prefix,
    logger: createLogger({ level: 'silent' }),
    typingAfterMs: false,
    ...options.adapter,
  });
  const app = Fastify();
  await adapter.registerRoutes(app);
  await app.listen({ port: 0, host: options.host ?? '127.0.0.1' });
  const address = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const got: InboundMessage[] = [];
  if (options.start ?? true) await adapter.start(async (m) => void got.push(m));
  return {
    fake,
    adapter,
    app,
    redis,
    prefix,
    endpoint: `${address}/api/messages`,
    got,
    close: async () => {
      await adapter.stop();
      await app.close();
      await fake.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  };
}
