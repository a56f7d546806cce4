/**
 * Attribution of paid orders to chat touches and outreach, end to end on every database and real Redis: turns are
 * written through the conversation log's recorder (which keeps their touches), order events go through ingestion
 * (dedupe by event id) into the OutreachScheduler, which asks the outreach log first and the chat attribution then.
 */
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import pino from 'pino';
import { recordingTouches } from '../../src/app/touch-recorder';
import { conversationKey, type ConversationRef, type OutboundMessage } from '../../src/core/message';
import { ingestEvents, type IngestDeps } from '../../src/events/ingest';
import { ChatAttribution } from '../../src/outreach/attribution';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { OutreachKeys } from '../../src/outreach/keys';
import { OutreachQueues } from '../../src/outreach/queues';
import { OutreachScheduler } from '../../src/outreach/scheduler';
import { TypeormAttributionStore } from '../../src/store/attribution-store';
import { ConversationLog } from '../../src/store/conversation-log';
import { createDataSource } from '../../src/store/data-source';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';
import { deletePrefix, REDIS, testPrefix } from './helpers';

const H = 3_600_000;
const T0 = Date.parse('2025-11-20T02:00:00Z');

const DATABASES: [string, () => Promise<TestDatabase>][] = [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL (127.0.0.1:5432)', postgresDatabase],
  ['MariaDB (127.0.0.1:3306)', mariadbDatabase],
];

const hoodie: OutboundMessage = { type: 'product_card', product: { id: 'P1001', title: '加绒连帽卫衣', price: 159 } };
const lipstick: OutboundMessage = { type: 'product_card', product: { id: 'P2002', title: '丝绒雾面口红', price: 89 } };
const coupon = (code: string): OutboundMessage => ({
  type: 'coupon_card',
  coupon: { code, title: '新人专享券', amount: 20, minSpend: 99, expiresAt: '2025-12-31T15:59:59Z' },
});

describe.each(DATABASES)('chat attribution on %s with Redis', (_name, prepare) => {
  let db: TestDatabase;
  let ds: DataSource;
  let redis: Redis;
  let prefix: string;
  let queues: OutreachQueues;
  let store: TypeormAttributionStore;
  let outreachLog: OutreachLog;
  let attribution: ChatAttribution;
  let ingest: IngestDeps;
  let n = 0;
  /** Each test's own time, a month apart, so a period's summary holds only that test's orders. */
  let t0 = T0;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    redis = new Redis(REDIS);
  });

  afterAll(async () => {
    redis?.disconnect();
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  beforeEach(() => {
    t0 += 30 * 24 * H;
    prefix = testPrefix();
    queues = new OutreachQueues({ connection: REDIS, prefix: `${prefix}:bull` });
    store = new TypeormAttributionStore(ds);
    outreachLog = new OutreachLog(ds);
    attribution = new ChatAttribution({ store, windowMs: 72 * H });
    const scheduler = new OutreachScheduler({ queues, redis, keys: new OutreachKeys(prefix), triggers: [], log: outreachLog, attribution });
    ingest = { redis, prefix, handler: scheduler };
  });

  afterEach(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
  });

  /** A fresh shopper (ids unique per test, so tests on one database do not see each other's rows). */
  function shopper(): { userId: string; ref: ConversationRef } {
    n += 1;
    const tag = `${Date.now().toString(36)}${n}`;
    return { userId: `u-${tag}`, ref: { channel: 'web', conversationId: `c-${tag}`, userId: `browser-${tag}` } };
  }

  /** One turn of the shopper, written like the bot's recorder writes it. */
  async function turn(who: { userId: string; ref: ConversationRef }, at: number, text: string, replies: OutboundMessage[]): Promise<void> {
    const recorder = recordingTouches(new ConversationLog(ds), store, pino({ level: 'silent' }));
    await recorder.recordTurns!([
      {
        ref: who.ref,
        userId: who.userId,
        inbound: { id: `m-${at}-${text}`, ref: who.ref, kind: 'text', text, receivedAt: at },
        replies,
        mode: 'bot',
        at: new Date(at),
      },
    ]);
  }

  function paid(
    userId: string,
    orderId: string,
    at: number,
    payload: Record<string, unknown>,
    id = `evt-${orderId}`,
  ): Record<string, unknown> {
    return { id, type: 'order_paid', userId, at, payload: { orderId, ...payload } };
  }

  async function send(...events: Record<string, unknown>[]): Promise<void> {
    const result = await ingestEvents(ingest, events);
    expect(result.rejected).toEqual([]);
  }

  it('credits an order of a product shown in the chat within the window to that conversation', async () => {
    const a = shopper();
    await turn(a, t0, '有加绒的卫衣吗', [{ type: 'text', text: '给您推荐这款～' }, hoodie]);
    const orderId = `o-${a.userId}`;
    await send(paid(a.userId, orderId, t0 + 5 * H, { total: 159, items: [{ productId: 'P1001', sku: 'P1001-黑色-XL', quantity: 1 }] }));
    expect(await store.attributionOf(orderId)).toEqual({
      orderId,
      userId: a.userId,
      amount: 159,
      credit: 'product',
      channel: 'web',
      conversation: conversationKey(a.ref),
      chat: 'product',
      touchRef: 'P1001',
      touchAt: new Date(t0).toISOString(),
      paidAt: new Date(t0 + 5 * H).toISOString(),
    });
  });

  it('does not credit an order paid after the window, nor one of a product the chat did not show', async () => {
    const a = shopper();
    await turn(a, t0, '卫衣', [hoodie]);
    await send(paid(a.userId, `o-late-${a.userId}`, t0 + 73 * H, { total: 159, items: [{ productId: 'P1001' }] }));
    expect(await store.attributionOf(`o-late-${a.userId}`)).toBeUndefined();
    // within the window but another product: the shopper wrote more than 24 h before, so not even assisted
    await send(paid(a.userId, `o-other-${a.userId}`, t0 + 30 * H, { total: 89, items: [{ productId: 'P2002' }] }));
    expect(await store.attributionOf(`o-other-${a.userId}`)).toBeUndefined();
  });

  it('credits an order that used a coupon issued in the chat to the coupon, before a product the chat also showed', async () => {
    const a = shopper();
    const code = `NEWUSE${String(n).padStart(6, '0')}`;
    await turn(a, t0, '有优惠券吗', [coupon(code)]);
    await turn(a, t0 + H, '口红有吗', [lipstick]);
    const orderId = `o-${a.userId}`;
    await send(paid(a.userId, orderId, t0 + 2 * H, { total: '69.00', couponCode: code, productIds: ['P2002'] }));
    expect(await store.attributionOf(orderId)).toMatchObject({
      credit: 'coupon',
      chat: 'coupon',
      touchRef: code,
      amount: 69,
      channel: 'web',
    });
    // the same coupon code without a chat that issued it to this shopper earns nothing
    const b = shopper();
    await send(paid(b.userId, `o-${b.userId}`, t0 + 2 * H, { total: 69, couponCode: code }));
    expect(await store.attributionOf(`o-${b.userId}`)).toBeUndefined();
  });

  it('counts an order that outreach already credits once, as outreach, noting the chat that showed the product', async () => {
    const a = shopper();
    const key = `cart_abandoned.${a.userId}@${t0}`;
    await outreachLog.record({
      key,
      jobId: 'j',
      triggerId: 'cart_abandoned',
      userId: a.userId,
      kind: 'marketing',
      status: 'sent',
      channel: 'wechat-official',
      at: t0,
    });
    await turn(a, t0 + H, '还有货吗', [hoodie]);
    const orderId = `o-${a.userId}`;
    await send(paid(a.userId, orderId, t0 + 2 * H, { total: 159, items: [{ productId: 'P1001' }] }));
    expect(await store.attributionOf(orderId)).toMatchObject({ credit: 'outreach', outreachKey: key, chat: 'product', channel: 'web' });
    expect((await outreachLog.listForUser(a.userId)).map((r) => [r.key, r.status, r.orderId])).toEqual([[key, 'converted', orderId]]);
    const summary = await attribution.summary(new Date(t0), new Date(t0 + 3 * H));
    expect(summary).toMatchObject({ orders: 1, revenue: 159, outreachWithChat: 1, byChannel: { web: { orders: 1, revenue: 159 } } });
    expect(summary.byCredit).toEqual({
      outreach: { orders: 1, revenue: 159 },
      coupon: { orders: 0, revenue: 0 },
      product: { orders: 0, revenue: 0 },
      assisted: { orders: 0, revenue: 0 },
    });
    expect(summary.shown).toEqual({ product: 1, coupon: 0, byChannel: { web: { product: 1, coupon: 0 } } });
  });

  it('counts an order once when its event comes twice, or again under another id, and converts one outreach message', async () => {
    const a = shopper();
    for (const [i, at] of [t0, t0 + H].entries())
      await outreachLog.record({
        key: `k${i}-${a.userId}`,
        jobId: `j${i}`,
        triggerId: 't',
        userId: a.userId,
        kind: 'marketing',
        status: 'sent',
        channel: 'web',
        at,
      });
    await turn(a, t0 + 2 * H, '卫衣', [hoodie]);
    await turn(a, t0 + 2 * H, '卫衣', [hoodie]); // the same turn run again (a crash re-run): one touch
    const orderId = `o-${a.userId}`;
    const event = paid(a.userId, orderId, t0 + 3 * H, { total: 159, items: [{ productId: 'P1001' }] });
    await send(event, event);
    await send({ ...event, id: `evt-resent-${orderId}`, at: t0 + 4 * H });
    const rows = await store.listPaid(new Date(t0), new Date(t0 + 5 * H));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orderId,
      credit: 'outreach',
      outreachKey: `k1-${a.userId}`,
      paidAt: new Date(t0 + 3 * H).toISOString(),
    });
    const converted = (await outreachLog.listForUser(a.userId)).filter((r) => r.status === 'converted');
    expect(converted.map((r) => r.key)).toEqual([`k1-${a.userId}`]);
    expect((await store.touchesOf(a.userId, t0, t0 + 5 * H)).length).toBe(1);
    expect((await attribution.summary(new Date(t0), new Date(t0 + 5 * H))).shown.product).toBe(1);
  });

  it("does not credit another shopper's order of the product a chat showed", async () => {
    const a = shopper();
    const b = shopper();
    await turn(a, t0, '卫衣', [hoodie]);
    await send(paid(b.userId, `o-${b.userId}`, t0 + H, { total: 159, items: [{ productId: 'P1001' }] }));
    expect(await store.attributionOf(`o-${b.userId}`)).toBeUndefined();
  });

  it('marks an order paid soon after a chat without a matching card as assisted, outside the conversions', async () => {
    const a = shopper();
    await turn(a, t0, '你好', [{ type: 'text', text: '亲，在的～' }]);
    const orderId = `o-${a.userId}`;
    await send(paid(a.userId, orderId, t0 + 3 * H, { total: 50, items: [{ productId: 'P9' }] }));
    expect(await store.attributionOf(orderId)).toMatchObject({
      credit: 'assisted',
      chat: 'assisted',
      conversation: conversationKey(a.ref),
      channel: 'web',
    });
    const summary = await attribution.summary(new Date(t0 + 3 * H), new Date(t0 + 3 * H + 1));
    expect(summary).toMatchObject({ orders: 0, revenue: 0, byChannel: {} });
    expect(summary.byCredit.assisted).toEqual({ orders: 1, revenue: 50 });
  });
});
