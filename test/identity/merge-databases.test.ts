/**
 * One shopper across doors on every supported database: an anonymous web visitor with history, an opt-out,
 * outreach caps and consents is merged into the known shop customer when they arrive with a signed identity;
 * WeChat identities linked by an operator merge the same way; two merges racing leave one user and every row.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { connectRedis, type RedisConnection } from '../../src/core/redis/connect-redis';
import { conversationKey, type ConversationRef, type InboundMessage } from '../../src/core/message';
import { ShopIdentities } from '../../src/identity/shop-identities';
import { OutreachKeys } from '../../src/outreach/keys';
import { OutreachLog } from '../../src/outreach/outreach-log';
import { PolicyLedger } from '../../src/outreach/policy/ledger';
import { ConversationLog, createDataSource, TypeormUserDirectory, UserEntity } from '../../src/store';
import { mariadbDatabase, postgresDatabase, sqliteDatabase, type TestDatabase } from '../store/databases';

const DAY = 86_400_000;

function inbound(ref: ConversationRef, text: string, n: number): InboundMessage {
  return { id: `m-${n}`, ref, kind: 'text', text, receivedAt: Date.parse('2025-11-20T10:00:00Z') + n };
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
  ['MariaDB', mariadbDatabase],
])('identity merge on %s', (_name, prepare: () => Promise<TestDatabase>) => {
  let db: TestDatabase;
  let ds: DataSource;
  let redis: RedisConnection;
  let store: TypeormUserDirectory;
  let log: ConversationLog;
  let outreachLog: OutreachLog;
  let keys: OutreachKeys;
  let ledger: PolicyLedger;
  let identities: ShopIdentities;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    redis = await connectRedis({ redisUrl: 'redis://127.0.0.1:6379', dataDir: '/tmp' });
    store = new TypeormUserDirectory(ds);
    log = new ConversationLog(ds);
    outreachLog = new OutreachLog(ds);
    keys = new OutreachKeys(`kefu-test-identity-${randomUUID().slice(0, 8)}`);
    ledger = new PolicyLedger({ redis: redis.redis, keys, users: store });
    identities = new ShopIdentities({ store, ledger });
  });

  afterAll(async () => {
    const left = await redis?.redis.keys(`${keys.prefix}:*`);
    if (left?.length) await redis.redis.del(...left);
    await redis?.close();
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('merges an anonymous visitor with history, an opt-out, caps and consents into the known customer', async () => {
    const now = Date.now();
    // The known customer: seen before on WeChat, tagged, with attributes and one proactive message this week.
    const known = await identities.customerUser('C10086');
    await store.link(known.id, 'wechaty', 'wxid-known');
    await store.update(known.id, { tags: ['会员'], attributes: { city: '杭州', level: 'gold' }, isNew: false });
    await ledger.caps.reserve(known.id, 'promo.k1@1', now - 2 * DAY);
    // The anonymous visitor: chatted, opted out, got one proactive message, consented to one order notice.
    const ref: ConversationRef = { channel: 'web', conversationId: 'c_visitor_1', userId: 'u_browser_1' };
    const visitor = await store.resolve('web', 'u_browser_1', '小王');
    await store.update(visitor.id, { tags: ['直播间'], attributes: { city: '成都', size: 'M' }, optedOut: true });
    await log.recordTurn({ ref, userId: visitor.id, inbound: inbound(ref, '这件卫衣有XL吗', 1), replies: [], mode: 'bot' });
    await outreachLog.record({
      key: 'cart.v1@1',
      jobId: 'cart.v1',
      triggerId: 'cart',
      userId: visitor.id,
      kind: 'marketing',
      status: 'sent',
      at: now,
    });
    await ledger.caps.reserve(visitor.id, 'cart.v1@1', now - DAY / 2);
    await ledger.recordConsent(visitor.id, 'order_shipped');

    const merged = await identities.identify({ ...ref, customerId: 'C10086' });

    expect(merged.id).toBe(known.id);
    expect(merged).toMatchObject({
      optedOut: true,
      isNew: false,
      tags: ['会员', '直播间'],
      attributes: { city: '杭州', level: 'gold', size: 'M' },
    });
    expect(merged.displayName).toBe('小王');
    expect(merged.identities).toEqual([
      { channel: 'shop', externalId: 'C10086' },
      { channel: 'wechaty', externalId: 'wxid-known' },
    ]);
    expect(Date.parse(merged.createdAt)).toBeLessThanOrEqual(Date.parse(known.createdAt));
    expect(await store.get(visitor.id)).toBeUndefined();
    // History moved: the conversation and its messages are the customer's now.
    expect((await log.getConversation(conversationKey(ref)))?.userId).toBe(known.id);
    expect((await log.conversationsOfUser(known.id)).map((c) => c.key)).toContain(conversationKey(ref));
    const rows = await ds.query(`SELECT ${ds.driver.escape('user_id')} AS u FROM ${ds.driver.escape('kefu_messages')}`);
    expect(rows.map((r: { u: string }) => r.u)).toEqual([known.id]);
    const sent = await ds.query(`SELECT ${ds.driver.escape('user_id')} AS u FROM ${ds.driver.escape('kefu_outreach_log')}`);
    expect(sent.map((r: { u: string }) => r.u)).toEqual([known.id]);
    // Caps and consents moved in Redis: two sends this week now count for the customer, the consent is theirs.
    expect(await redis.redis.zcard(keys.caps(known.id))).toBe(2);
    expect(await redis.redis.exists(keys.caps(visitor.id))).toBe(0);
    expect((await ledger.consents.check(known.id, 'order_shipped')).allowed).toBe(true);
    expect(await redis.redis.exists(keys.consent(visitor.id, 'order_shipped'))).toBe(0);
    // The browser id was detached: without a valid identity that browser is a new anonymous visitor, never the customer.
    const after = await identities.identify(ref);
    expect(after.id).not.toBe(known.id);
    expect(after).toMatchObject({ isNew: true, optedOut: false, tags: [] });
    // Idempotent: the same verified turn again changes nothing.
    await store.update(after.id, { tags: [] }); // the new visitor stays separate
    const again = await identities.identify({ ...ref, userId: 'u_browser_other', customerId: 'C10086' });
    expect(again.id).toBe(known.id);
    expect((await identities.byCustomer('C10086'))?.id).toBe(known.id);
  });

  it('an operator link merges a WeChat shopper into the customer; linking again is a no-op', async () => {
    const wechat = await store.resolve('wechat-official', 'openid-link-1');
    const ref: ConversationRef = { channel: 'wechat-official', conversationId: 'openid-link-1', userId: 'openid-link-1', accountId: 'wx1' };
    await log.recordTurn({ ref, userId: wechat.id, inbound: inbound(ref, '我的快递到哪了', 2), replies: [], mode: 'bot' });
    const linked = await identities.linkCustomer('C20001', 'wechat-official', 'openid-link-1');
    expect(linked.identities).toEqual([
      { channel: 'wechat-official', externalId: 'openid-link-1' },
      { channel: 'shop', externalId: 'C20001' },
    ]);
    expect(await store.get(wechat.id)).toBeUndefined();
    expect((await log.getConversation(conversationKey(ref)))?.userId).toBe(linked.id);
    expect((await identities.linkCustomer('C20001', 'wechat-official', 'openid-link-1')).id).toBe(linked.id);
    expect((await identities.identify(ref)).id).toBe(linked.id); // the same customer on WeChat is one user
  });

  it('two merges racing (also from other connections) leave one user with every row', async () => {
    const others: DataSource[] = [];
    if (db.multiConnection) others.push(await createDataSource(db.url, { schema: db.schema }));
    try {
      const stores = [store, ...others.map((o) => new TypeormUserDirectory(o))];
      const racers = stores.map((s) => new ShopIdentities({ store: s, ledger }));
      const ref: ConversationRef = { channel: 'web', conversationId: 'c_race_1', userId: 'u_browser_race' };
      const visitor = await store.resolve('web', 'u_browser_race');
      for (let n = 0; n < 5; n++)
        await log.recordTurn({ ref, userId: visitor.id, inbound: inbound(ref, `第${n}句`, 10 + n), replies: [], mode: 'bot' });
      const before = await ds.getRepository(UserEntity).count();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => racers[i % racers.length]!.identify({ ...ref, customerId: 'C30003' })),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      const customer = results[0]!;
      // The customer's user was created once and the visitor is gone: one user fewer than before plus one.
      expect(await ds.getRepository(UserEntity).count()).toBe(before);
      expect(await store.get(visitor.id)).toBeUndefined();
      expect((await log.conversationsOfUser(customer.id)).map((c) => c.key)).toEqual([conversationKey(ref)]);
      const rows = await ds.query(
        `SELECT COUNT(*) AS n FROM ${ds.driver.escape('kefu_messages')} WHERE ${ds.driver.escape('user_id')} = '${customer.id}'`,
      );
      expect(Number(rows[0].n)).toBe(5);
    } finally {
      for (const o of others) await o.destroy();
    }
  });

  it('two customers claiming the same visitor at once: exactly one gets the visitor, whole', async () => {
    const others: DataSource[] = [];
    if (db.multiConnection) others.push(await createDataSource(db.url, { schema: db.schema }));
    try {
      const stores = [store, ...others.map((o) => new TypeormUserDirectory(o))];
      for (let round = 0; round < 3; round++) {
        const ref: ConversationRef = { channel: 'web', conversationId: `c_claim_${round}`, userId: `u_browser_claim_${round}` };
        const visitor = await store.resolve('web', ref.userId);
        await store.update(visitor.id, { tags: ['visitor-tag'] });
        await log.recordTurn({ ref, userId: visitor.id, inbound: inbound(ref, '在吗', 30 + round), replies: [], mode: 'bot' });
        const [x, y] = [`CX${round}`, `CY${round}`];
        await Promise.all([identities.customerUser(x), identities.customerUser(y)]);
        const [a, b] = await Promise.all([
          new ShopIdentities({ store: stores[0]!, ledger }).identify({ ...ref, customerId: x }),
          new ShopIdentities({ store: stores[stores.length - 1]!, ledger }).identify({ ...ref, customerId: y }),
        ]);
        const tagged = [a, b].filter((u) => u.tags.includes('visitor-tag'));
        expect(tagged).toHaveLength(1);
        expect((await log.getConversation(conversationKey(ref)))?.userId).toBe(tagged[0]!.id);
        expect(await store.get(visitor.id)).toBeUndefined();
      }
    } finally {
      for (const o of others) await o.destroy();
    }
  });
});
