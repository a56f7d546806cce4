import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import { WechatOfficialAdapter, type SubscriptionTemplateConfig, type WechatOfficialOptions } from '../../../adapters/wechat-official';
import { configSchema } from '../../../src/config/schema';
import { createLogger, type ConversationRef, type InboundHandler, type InboundMessage, type Logger } from '../../../src/index';
import { buildServer } from '../../../src/server/build-server';
import { FakeWechatServer, type FakeApp } from '../../helpers/fake-wechat-official';

/** A valid 43-character EncodingAESKey (the documented sample's). */
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const APP_ID = 'wx5823bf96d3bd56c7';
export const TOKEN = 'kefuTestToken2024';
export const SECRET = 'test-app-secret-f00dfeed';

/** A JSON log line the adapter wrote. */
export type LogLine = { level: number; msg: string } & Record<string, unknown>;

/** What a test gets: the fake WeChat, Redis, one (or more) adapters behind real fastify apps, and the adapter logs. */
export interface Testbed {
  fake: FakeWechatServer;
  redis: Redis;
  /** The adapter's Redis key prefix (unique per testbed). */
  keyPrefix: string;
  adapter: WechatOfficialAdapter;
  /** Every adapter log line (JSON) so far. */
  logs: LogLine[];
  /** Raw log text, to check nothing secret was written. */
  rawLogs(): string;
  /** A fresh shopper openid. */
  newOpenid(): string;
  /** Starts another "process" (adapter + fastify app) on the same Redis and fake; returns its adapter and webhook base. */
  addProcess(): Promise<{ adapter: WechatOfficialAdapter; webhookBase: string }>;
  close(): Promise<void>;
}

/** Options of {@link startTestbed}. */
export interface TestbedOptions {
  kind?: 'official' | 'mini';
  format?: 'xml' | 'json';
  replyMode?: 'api' | 'passive';
  passiveBudgetMs?: number;
  pushTimeoutMs?: number;
  templates?: Record<string, SubscriptionTemplateConfig>;
  turnConcurrency?: number;
  /** Official Account: the Mini Programs linked to it on the fake platform (unset: any). */
  linkedMiniPrograms?: string[];
  /** Plaintext mode (明文模式): no EncodingAESKey on the app, so pushes travel unencrypted. @defaultValue false (safe mode) */
  plaintext?: boolean;
  /** Also capture the server's own log lines (request logs) in `logs` / `rawLogs`. @defaultValue false */
  serverLogs?: boolean;
}

async function listen(adapter: WechatOfficialAdapter, logger: Logger): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildServer({
    config: configSchema.parse({ logLevel: 'silent' }),
    logger,
    adapters: [adapter],
    readiness: async () => ({ ok: true }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${adapter.path}` };
}

/** Starts the fake WeChat, Redis (unique prefix) and the adapter behind a real fastify app on port 0. */
export async function startTestbed(o: TestbedOptions = {}): Promise<Testbed> {
  const fakeApp: FakeApp = {
    appId: APP_ID,
    secret: SECRET,
    token: TOKEN,
    encodingAesKey: o.plaintext ? undefined : AES_KEY,
    accountName: 'gh_kefu_shop',
    kind: o.kind ?? 'official',
    linkedMiniPrograms: o.linkedMiniPrograms,
  };
  const fake = await FakeWechatServer.start({ apps: [fakeApp], pushTimeoutMs: o.pushTimeoutMs ?? 400 });
  const redis = new Redis('redis://127.0.0.1:6379');
  const keyPrefix = `kefu-test-${randomUUID()}`;
  let raw = '';
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const options: WechatOfficialOptions = {
    kind: o.kind ?? 'official',
    apps: [
      {
        appId: APP_ID,
        token: TOKEN,
        encodingAesKey: o.plaintext ? undefined : AES_KEY,
        secret: SECRET,
        format: o.format,
        subscriptionTemplates: o.templates,
      },
    ],
    redis,
    keyPrefix,
    logger: createLogger({ level: 'debug', destination }),
    apiBaseUrl: fake.baseUrl,
    replyMode: o.replyMode,
    passiveBudgetMs: o.passiveBudgetMs,
    turnConcurrency: o.turnConcurrency,
    images: { allowHosts: ['127.0.0.1'] }, // the test image host (ImageHost) listens on loopback
  };
  const processes: { adapter: WechatOfficialAdapter; app: FastifyInstance }[] = [];
  const addProcess = async () => {
    const adapter = new WechatOfficialAdapter(options);
    const { app, base } = await listen(adapter, o.serverLogs ? options.logger : createLogger({ level: 'silent' }));
    processes.push({ adapter, app });
    return { adapter, webhookBase: base };
  };
  const first = await addProcess();
  fake.webhookBase = first.webhookBase;
  let shoppers = 0;
  return {
    fake,
    redis,
    keyPrefix,
    adapter: first.adapter,
    logs,
    rawLogs: () => raw,
    newOpenid: () => `oKefu_${(shoppers += 1)}_${randomUUID().slice(0, 8)}`,
    addProcess,
    close: async () => {
      for (const p of processes) {
        await p.adapter.stop();
        await p.adapter.settled();
        await p.app.close();
      }
      await fake.close();
      const keys = await redis.keys(`${keyPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}

/** A handler that records what it gets and answers through `reply` (a tiny scripted bot). */
export function recordingBot(reply: (m: InboundMessage) => Promise<void> = async () => undefined): {
  handler: InboundHandler;
  got: InboundMessage[];
} {
  const got: InboundMessage[] = [];
  return {
    got,
    handler: async (m) => {
      got.push(m);
      await reply(m);
    },
  };
}

/** Polls until `check()` holds (no fixed sleeps). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after `ms` (a slow turn of the scripted bot, not a wait in the test). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The scripted shop bot of the conversation tests: 你好 → a greeting; 慢一点 → a slow (700 ms) answer;
 * 人工 → handoff; 看看 → quick replies; anything else → echo.
 */
export function shopBot(adapter: WechatOfficialAdapter): { handler: InboundHandler; got: InboundMessage[] } {
  return recordingBot(async (m) => {
    if (m.kind === 'event') return;
    const say = (message: Parameters<WechatOfficialAdapter['send']>[1]) => adapter.send(m.ref, message);
    if (m.text === '你好') await say({ type: 'text', text: '亲，您好呀～有什么可以帮您？' });
    else if (m.text === '慢一点') {
      await delay(700);
      await say({ type: 'text', text: '让您久等啦，这件卫衣有 XL 哦～' });
    } else if (m.text === '人工') await say({ type: 'handoff', text: '已为您转接人工客服，请稍候～' });
    else if (m.text === '看看')
      await say({
        type: 'quick_replies',
        text: '想看看哪一类呢？',
        replies: [{ title: '服饰', payload: 'cat:clothes' }, { title: '美妆' }],
      });
    else await say({ type: 'text', text: `收到：${m.text ?? ''}` });
  });
}

/** A new shopper with an open send window (as after a paid order: 48 h, room for every send of a test). */
export function shopperWithOpenWindow(bed: Testbed): ConversationRef {
  const openid = bed.newOpenid();
  bed.fake.openWindow(APP_ID, openid, 'payment');
  return { channel: bed.adapter.name, accountId: APP_ID, conversationId: openid, userId: openid };
}
