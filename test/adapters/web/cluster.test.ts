import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { WebChatAdapter, WebNotDeliveredError, type ServerFrame, type WebClusterOptions } from '../../../adapters/web';
import { createLogger, type ConversationRef } from '../../../src/index';
import { waitUntil } from '../../helpers/wait-until';
import { startChat, TestClient, type ChatHarness } from './harness';

type Reply = Extract<ServerFrame, { type: 'reply' }>;
const textsOf = (client: TestClient): string[] =>
  (client.frames.filter((f) => f.type === 'reply') as Reply[]).map((r) => (r.message.type === 'text' ? r.message.text : r.message.type));
const isText = (text: string) => (f: ServerFrame) => f.type === 'reply' && f.message.type === 'text' && f.message.text === text;

/**
 * Several kefu "processes" in one test: web processes (a Fastify server + WebChatAdapter each, real sockets)
 * and send-only worker adapters (`startRelay()`, as `kefu start --role worker` does), sharing the real Redis
 * through one key prefix. Heartbeats are fast here (every 100 ms, TTL 2 s) unless a test says otherwise.
 */
describe('web chat across processes: presence in Redis and the reply relay', () => {
  const redis = new Redis('redis://127.0.0.1:6379');
  const prefix = `kefu-webcl-${randomUUID().slice(0, 8)}`;
  const key = (rest: string) => `${prefix}:web:{presence}:${rest}`;
  const opened: { close(): Promise<void> }[] = [];
  const clients: TestClient[] = [];
  const cluster = (processId: string, more: Partial<WebClusterOptions> = {}): WebClusterOptions => ({
    redis,
    keyPrefix: prefix,
    beatMs: 100,
    ttlMs: 2000,
    ackMs: 3000,
    processId,
    ...more,
  });

  const webProcess = async (processId: string, more?: Partial<WebClusterOptions>): Promise<ChatHarness> => {
    const chat = await startChat({ cluster: cluster(processId, more) });
    opened.push(chat);
    return chat;
  };
  const workerProcess = async (processId: string, more?: Partial<WebClusterOptions>): Promise<WebChatAdapter> => {
    const adapter = new WebChatAdapter({
      rateLimit: { messages: 50, perMs: 10_000 },
      maxChars: 2000,
      logger: createLogger({ level: 'silent' }),
      cluster: cluster(processId, more),
    });
    await adapter.startRelay();
    opened.push({ close: () => adapter.stop() });
    return adapter;
  };
  const shopper = async (chat: ChatHarness, ids: { userId?: string; conversationId?: string } = {}) => {
    const { client, welcome } = await TestClient.hello(chat.wsUrl, ids);
    clients.push(client);
    const ref: ConversationRef = { channel: 'web', conversationId: welcome.conversationId, userId: welcome.userId };
    return { client, ref };
  };
  const presentOn = (adapter: WebChatAdapter, ref: ConversationRef, present: boolean, ms = 3000) =>
    waitUntil(
      () => adapter.isPresent(ref) === present,
      () => `isPresent(${ref.conversationId}) never became ${present}`,
      ms,
    );

  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    for (const p of opened.splice(0).reverse()) await p.close();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('a worker sees the shopper connected to the web process, and its keyed reminder is shown exactly once', async () => {
    const web = await webProcess('web-1');
    const worker = await workerProcess('worker-1');
    const other = await workerProcess('worker-2');
    const { client, ref } = await shopper(web);
    await presentOn(worker, ref, true);
    await presentOn(other, ref, true);
    expect(worker.connections(ref.conversationId)).toBe(0); // no socket of its own: presence comes from Redis

    const reminder = { type: 'text' as const, text: '亲，您的订单 o-1001 还有 15 分钟就要自动关闭啦' };
    const first = await worker.send(ref, reminder, { idempotencyKey: 'unpaid_order.o-1001@1' });
    const again = await worker.send(ref, reminder, { idempotencyKey: 'unpaid_order.o-1001@1' }); // a retry on the same worker
    const elsewhere = await other.send(ref, reminder, { idempotencyKey: 'unpaid_order.o-1001@1' }); // the job run again by another worker
    await worker.send(ref, { type: 'text', text: '还有什么可以帮您的吗？' });
    await client.next(isText('还有什么可以帮您的吗？'));

    expect(textsOf(client)).toEqual([reminder.text, '还有什么可以帮您的吗？']);
    expect(first.messageId).toMatch(/^k_/);
    expect(again.messageId).toBe(first.messageId);
    expect(elsewhere.messageId).toBe(first.messageId);
  });

  it('the shopper left: the worker sees it, and a keyed send throws WebNotDeliveredError and is never shown later', async () => {
    const web = await webProcess('web-1');
    const worker = await workerProcess('worker-1');
    const { client, ref } = await shopper(web);
    await presentOn(worker, ref, true);
    client.close();
    await presentOn(worker, ref, false);

    const error = await worker
      .send(ref, { type: 'text', text: '优惠券快过期啦' }, { idempotencyKey: 'coupon_expiring.x@1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebNotDeliveredError);
    expect((error as Error).message).toMatch(/not connected/);
    const back = await shopper(web, ref);
    await back.client.ask('在吗');
    expect(textsOf(back.client)).toEqual(['收到：在吗']);
  });

  it('a reply reaches the same conversation open in tabs on two web processes, once in each', async () => {
    const webA = await webProcess('web-a');
    const webB = await webProcess('web-b');
    const tabA = await shopper(webA);
    const tabB = await shopper(webB, tabA.ref);
    await waitUntil(
      () => webA.adapter.connectedElsewhere(tabA.ref.conversationId) && webB.adapter.connectedElsewhere(tabA.ref.conversationId),
      () => 'the web processes never saw each other’s tab',
    );
    await webA.adapter.send(tabA.ref, { type: 'text', text: '您的包裹已到驿站' }, { idempotencyKey: 'parcel.p1@1' });
    await webB.adapter.send(tabB.ref, { type: 'text', text: '您的包裹已到驿站' }, { idempotencyKey: 'parcel.p1@1' });
    await webB.adapter.send(tabB.ref, { type: 'text', text: '标记' });
    for (const tab of [tabA, tabB]) await tab.client.next(isText('标记'));
    expect(textsOf(tabA.client)).toEqual(['您的包裹已到驿站', '标记']);
    expect(textsOf(tabB.client)).toEqual(['您的包裹已到驿站', '标记']);
  });

  it('a process that died without leaving stops counting after its TTL; a send meanwhile fails at once', async () => {
    const worker = await workerProcess('worker-1');
    // what a SIGKILLed web process leaves behind: its heartbeat and socket set, never refreshed again
    const ref: ConversationRef = { channel: 'web', conversationId: 'c_crashed-conv-1', userId: 'u_crashed-user-1' };
    await redis
      .multi()
      .sadd(key('procs'), 'web-crashed')
      .set(key('alive:web-crashed'), String(Date.now()), 'PX', 3000)
      .sadd(key('sockets:web-crashed'), ref.conversationId)
      .pexpire(key('sockets:web-crashed'), 3000)
      .exec();
    await presentOn(worker, ref, true);

    const started = Date.now();
    const error = await worker.send(ref, { type: 'text', text: '提醒' }, { idempotencyKey: 'crashed.k@1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebNotDeliveredError);
    expect(Date.now() - started).toBeLessThan(2000); // nobody listens on its relay channel: no wait for the 3 s ack timeout
    expect(worker.isPresent(ref)).toBe(true);

    await presentOn(worker, ref, false, 6000);
    const gone = Date.now() + 2000; // expired with its heartbeat (Redis expires keys on its own clock: allow a moment)
    while ((await redis.exists(key('sockets:web-crashed'))) === 1 && Date.now() < gone) await new Promise((r) => setTimeout(r, 50));
    expect(await redis.exists(key('sockets:web-crashed'))).toBe(0);
    const until = Date.now() + 2000; // the next reload prunes the registry
    while ((await redis.sismember(key('procs'), 'web-crashed')) === 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(await redis.sismember(key('procs'), 'web-crashed')).toBe(0);
  });

  it('stop() removes the process from Redis, closes its subscriber, and the others forget it at once', async () => {
    const slow = { beatMs: 1000, ttlMs: 10_000 }; // so that only the goodbye, not the TTL, can explain it
    const web = await webProcess('web-1', slow);
    const worker = await workerProcess('worker-1', slow);
    const { ref } = await shopper(web);
    await presentOn(worker, ref, true);
    expect(await redis.smembers(key('sockets:web-1'))).toEqual([ref.conversationId]);
    const relayChannel = `${prefix}:web:relay:web-1`;
    expect(await redis.pubsub('NUMSUB', relayChannel)).toEqual([relayChannel, 1]);

    await web.close();
    opened.splice(opened.indexOf(web), 1);
    await presentOn(worker, ref, false, 2000);
    expect(await redis.exists(key('alive:web-1'), key('sockets:web-1'))).toBe(0);
    expect(await redis.sismember(key('procs'), 'web-1')).toBe(0);
    expect(await redis.pubsub('NUMSUB', relayChannel)).toEqual([relayChannel, 0]);
  });

  it('a shopper moving to another page stays present through the gap; a reminder due in the gap waits for the page', async () => {
    const chat = await startChat({ cluster: cluster('web-grace'), presenceGraceMs: 1500 });
    opened.push(chat);
    const worker = await workerProcess('worker-grace');
    const first = await shopper(chat);
    await presentOn(worker, first.ref, true);

    first.client.close(); // the shopper clicks to the next page…
    await waitUntil(
      () => chat.adapter.connections(first.ref.conversationId) === 0,
      () => 'the socket to close',
    );
    expect(chat.adapter.isPresent(first.ref)).toBe(true); // …still counted as here, on this process and the worker
    expect(worker.isPresent(first.ref)).toBe(true);
    const reminder = { type: 'text' as const, text: '亲，订单还没付款哦～' };
    await expect(worker.send(first.ref, reminder, { idempotencyKey: 'job-grace@1' })).rejects.toBeInstanceOf(WebNotDeliveredError);

    const back = await shopper(chat, { userId: first.ref.userId, conversationId: first.ref.conversationId }); // the new page
    await worker.send(first.ref, reminder, { idempotencyKey: 'job-grace@1' }); // the outreach retry
    await back.client.next(isText('亲，订单还没付款哦～'));

    back.client.close(); // and this time the shopper really leaves
    await presentOn(chat.adapter, first.ref, false, 4000);
    await presentOn(worker, first.ref, false, 4000);
  });
});
