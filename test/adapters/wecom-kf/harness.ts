import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { WecomKfAdapter, type WecomKfOptions } from '../../../adapters/wecom-kf';
import { configSchema } from '../../../src/config/schema';
import { createLogger, type ConversationRef, type InboundMessage } from '../../../src/index';
import { buildServer } from '../../../src/server/build-server';
import { FakeClock, FakeWecomKf, type FakeWecomKfOptions } from '../../helpers/fake-wecom-kf';

/** The kf account of the tests. */
export const KF = 'wk-fake-shop';

/** One adapter behind its own fastify app (a "process"). */
export interface KfNode {
  adapter: WecomKfAdapter;
  app: FastifyInstance;
  url: string;
  /** Every message the handler got. */
  got: InboundMessage[];
  /** Log lines (parsed JSON). */
  logs: Record<string, unknown>[];
}

/** A fake WeCom, a clock, a Redis prefix and one or more adapter nodes. */
export interface KfHarness {
  fake: FakeWecomKf;
  clock: FakeClock;
  redis: Redis;
  prefix: string;
  node: KfNode;
  /** Start another node sharing Redis and the prefix (a second process). */
  addNode(options?: Partial<WecomKfOptions>, handler?: (m: InboundMessage, node: KfNode) => Promise<void>): Promise<KfNode>;
  /** Wait until every node's pull loops are idle. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link startKf}. */
export interface StartKfOptions {
  adapter?: Partial<WecomKfOptions>;
  fake?: FakeWecomKfOptions;
  /** The bot: called for every inbound message (after it is recorded). */
  handler?: (m: InboundMessage, node: KfNode) => Promise<void>;
  /** Call adapter.start. @defaultValue true */
  start?: boolean;
}

/** Start the fake, Redis and a first node; the webhook of the fake points at every node (round-robin). */
export async function startKf(options: StartKfOptions = {}): Promise<KfHarness> {
  const clock = new FakeClock();
  const fake = await FakeWecomKf.start({ now: clock.now, ...options.fake });
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: false });
  const prefix = `kefu-test-${randomUUID()}`;
  const nodes: KfNode[] = [];

  const addNode = async (overrides: Partial<WecomKfOptions> = {}, handler = options.handler, start = true): Promise<KfNode> => {
    const logs: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void logs.push(JSON.parse(line)) } });
    const adapter = new WecomKfAdapter({
      corpId: fake.corpId,
      secret: fake.secret,
      token: fake.token,
      encodingAesKey: fake.encodingAesKey,
      redis,
      keyPrefix: prefix,
      logger,
      apiBaseUrl: fake.apiBaseUrl,
      now: clock.now,
      images: { allowHosts: ['127.0.0.1'] }, // the test image host (ImageHost) listens on loopback
      ...options.adapter,
      ...overrides,
    });
    const app = await buildServer({
      config: configSchema.parse({ logLevel: 'silent' }),
      logger,
      adapters: [adapter],
      readiness: async () => ({ ok: true }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${adapter.path}`;
    const node: KfNode = { adapter, app, url, got: [], logs };
    if (start) await adapter.start(async (m) => void (node.got.push(m), await handler?.(m, node)));
    nodes.push(node);
    fake.webhookUrls = nodes.map((n) => n.url);
    return node;
  };

  const node = await addNode({}, options.handler, options.start ?? true);
  return {
    fake,
    clock,
    redis,
    prefix,
    node,
    addNode: (o, h) => addNode(o, h),
    settle: async () => {
      await Promise.all(nodes.map((n) => n.adapter.whenIdle()));
    },
    close: async () => {
      for (const n of nodes) {
        await n.adapter.stop();
        await n.app.close();
      }
      await fake.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** Log lines whose message contains `text`. */
export function logsWith(node: KfNode, text: string): Record<string, unknown>[] {
  return node.logs.filter((l) => String(l.msg ?? '').includes(text));
}

/** The customer writes (opening the 48 h / 5-message window) and the ref of the conversation comes back. */
export async function customerWrites(h: KfHarness, userId: string, text: string): Promise<ConversationRef> {
  await h.fake.customerSays(KF, userId, text);
  await h.settle();
  return h.node.got.filter((m) => m.ref.userId === userId).at(-1)!.ref;
}
