import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { WebChatAdapter } from '../../adapters/web';
import { loadConfig } from '../../src/config/load-config';
import type { ConversationRef } from '../../src/index';
import { startKefu, type RunningKefu } from '../../src/main';
import { OutreachLog } from '../../src/outreach';
import { pollUntil } from '../helpers/wait-until';
import { startKefuProcess, type KefuProcess } from '../helpers/kefu-process';

jest.setTimeout(120_000);

type Frame = { type: string; userId?: string; conversationId?: string; message?: { type: string; text?: string } };

/** A shopper's browser tab: a real WebSocket to one kefu process's /chat/ws. */
class Shopper {
  readonly frames: Frame[] = [];
  ref!: ConversationRef;
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (d) => this.frames.push(JSON.parse(d.toString()) as Frame));
  }

  /** Open the chat on `url` and say 你好 (so the conversation is in the log outreach reads). */
  static async connect(url: string): Promise<Shopper> {
    const shopper = new Shopper(new WebSocket(`${url.replace('http', 'ws')}/chat/ws`));
    await new Promise((resolve, reject) => {
      shopper.socket.once('open', resolve);
      shopper.socket.once('error', reject);
    });
    shopper.socket.send(JSON.stringify({ type: 'hello' }));
    const welcome = await shopper.waitFor((f) => f.type === 'welcome');
    shopper.ref = { channel: 'web', conversationId: welcome.conversationId!, userId: welcome.userId! };
    shopper.socket.send(JSON.stringify({ type: 'message', id: 'm-hello-1', text: '你好' }));
    await shopper.waitFor((f) => f.type === 'typing' && (f as { on?: boolean }).on === false);
    return shopper;
  }

  replies(pattern: RegExp): Frame[] {
    return this.frames.filter((f) => f.type === 'reply' && pattern.test(f.message?.text ?? ''));
  }

  async waitFor(pred: (f: Frame) => boolean, ms = 15_000): Promise<Frame> {
    const until = Date.now() + ms;
    for (;;) {
      const hit = this.frames.find(pred);
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`timed out; frames: ${JSON.stringify(this.frames).slice(0, 1500)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async leave(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((r) => this.socket.once('close', r));
    this.socket.close();
    await closed;
  }
}

describe('split roles: the worker sends web chat outreach to a shopper connected to a web process', () => {
  const schema = `kefu_e2e_${randomUUID().slice(0, 8)}`;
  const prefix = `kefu-e2e-${randomUUID().slice(0, 8)}`;
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-split-web-'));
  const admin = new DataSource({ type: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/test' });
  const adminToken = 'split-roles-admin-token-0123';
  const env = {
    KEFU_ADMIN_TOKEN: adminToken,
    DATABASE_URL: databaseUrl,
    REDIS_URL: 'redis://127.0.0.1:6379',
    KEFU_REDIS_PREFIX: prefix,
    KEFU_DATA_DIR: dir,
    KEFU_QUIET_HOURS: 'off',
  };
  let web: RunningKefu;
  let worker: KefuProcess;
  const shoppers: Shopper[] = [];
  const children: KefuProcess[] = [];

  const webChat = (): WebChatAdapter => web.adapters.find((a): a is WebChatAdapter => a instanceof WebChatAdapter)!;
  const kefuUserOf = async (s: Shopper) => (await web.core.users.resolve('web', s.ref.userId)).id;
  /** The shop's order system reports an order that closes unless paid within 15 min 1.5 s: the reminder is due in 1.5 s. */
  const orderCreated = async (userId: string, orderId: string) => {
    const res = await fetch(`${web.url}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify([
        {
          id: `e-${randomUUID()}`,
          type: 'order_created',
          userId,
          at: Date.now(),
          payload: { orderId, autoCloseAt: Date.now() + 15 * 60_000 + 1500 },
        },
      ]),
    });
    expect(res.status).toBe(202);
  };
  /** The outreach log row of the unpaid-order reminder of `orderId` once the worker decided it. */
  const reminderOutcome = (userId: string, orderId: string) =>
    pollUntil(
      async () => (await new OutreachLog(web.core.dataSource).listForUser(userId)).find((r) => r.jobId === `unpaid_order.${orderId}`),
      (row) => row !== undefined && row.status !== 'scheduled',
      20_000,
      `the unpaid_order reminder of ${orderId}`,
    );

  beforeAll(async () => {
    await admin.initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const config = loadConfig(
      {},
      {
        nlu: 'rules',
        role: 'web',
        port: 0,
        host: '127.0.0.1',
        databaseUrl,
        dataDir: dir,
        redisUrl: env.REDIS_URL,
        redisPrefix: prefix,
        adminToken,
        logLevel: 'silent',
        quietHours: 'off',
        webPresenceGraceMs: 300, // a page change counts as present this long; the leaving shopper below is gone after it
      },
    );
    web = await startKefu(config, { watchFlows: false });
    worker = await startKefuProcess({ ...env, KEFU_ROLE: 'worker' });
    children.push(worker);
  });
  afterAll(async () => {
    for (const s of shoppers) await s.leave();
    await Promise.all(children.map((c) => c.stop()));
    const redis = web?.core.redis.redis;
    const keys = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (keys.length > 0) await redis!.del(...keys);
    await web?.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a shopper connected to the web process gets the unpaid-order reminder the worker sends, exactly once', async () => {
    const shopper = await Shopper.connect(web.url);
    shoppers.push(shopper);
    const userId = await kefuUserOf(shopper);
    await orderCreated(userId, 'o-split-1');

    const row = await reminderOutcome(userId, 'o-split-1');
    expect(row).toMatchObject({ status: 'sent', channel: 'web' });
    await shopper.waitFor((f) => f.type === 'reply' && /订单 o-split-1 还有 15 分钟/.test(f.message?.text ?? ''), 5000);
    await new Promise((r) => setTimeout(r, 1000)); // room for a second copy to show up, if one were sent
    expect(shopper.replies(/订单 o-split-1/)).toHaveLength(1);
  });

  it('a shopper who closed the chat is not sent the reminder: suppressed as not_connected', async () => {
    const shopper = await Shopper.connect(web.url);
    shoppers.push(shopper);
    const userId = await kefuUserOf(shopper);
    await shopper.leave();
    await pollUntil(
      async () => webChat().connections(shopper.ref.conversationId),
      (n) => n === 0,
      5000,
      'the web process to see the socket close',
    );
    await orderCreated(userId, 'o-split-2');

    expect(await reminderOutcome(userId, 'o-split-2')).toMatchObject({ status: 'suppressed', reason: 'not_connected' });
    expect(shopper.replies(/订单 o-split-2/)).toHaveLength(0);
  });

  it('a web process killed with its shoppers connected stops counting once its presence expires', async () => {
    const doomed = await startKefuProcess({ ...env, KEFU_ROLE: 'web' });
    children.push(doomed);
    const shopper = await Shopper.connect(doomed.url);
    shoppers.push(shopper);
    const userId = await kefuUserOf(shopper);
    await pollUntil(
      () => web.core.conversations.conversationsOfUser(userId),
      (rows) => rows.length > 0,
      5000,
      'the doomed process to write the conversation to the log (a SIGKILL loses its write-behind buffer)',
    );
    await pollUntil(
      async () => webChat().isPresent(shopper.ref),
      (present) => present,
      5000,
      'the other processes to see the shopper on the doomed process',
    );
    await orderCreated(userId, 'o-split-3a'); // while it lives, the worker reaches the shopper there
    expect(await reminderOutcome(userId, 'o-split-3a')).toMatchObject({ status: 'sent', channel: 'web' });
    await shopper.waitFor((f) => f.type === 'reply' && /订单 o-split-3a/.test(f.message?.text ?? ''), 5000);

    const redis = web.core.redis.redis;
    const socketSets = await redis.keys(`${prefix}:web:{presence}:sockets:*`);
    const owning = [];
    for (const set of socketSets) if (await redis.sismember(set, shopper.ref.conversationId)) owning.push(set);
    expect(owning).toHaveLength(1); // the doomed process's set of conversations
    const doomedSet = owning[0]!;

    const killedAt = Date.now();
    await new Promise((resolve) => {
      doomed.child.once('exit', resolve);
      doomed.child.kill('SIGKILL'); // no goodbye: only the heartbeat TTL can clear its presence
    });
    children.splice(children.indexOf(doomed), 1);
    expect(webChat().isPresent(shopper.ref)).toBe(true);
    await pollUntil(
      async () => webChat().isPresent(shopper.ref),
      (present) => !present,
      30_000,
      'the killed process’s presence to expire',
    );
    expect(Date.now() - killedAt).toBeGreaterThan(1000);
    await pollUntil(
      () => redis.exists(doomedSet),
      (n) => n === 0,
      2000,
      'its set of conversations to expire in Redis',
    );

    await orderCreated(userId, 'o-split-3b');
    expect(await reminderOutcome(userId, 'o-split-3b')).toMatchObject({ status: 'suppressed', reason: 'not_connected' });
  });
});
