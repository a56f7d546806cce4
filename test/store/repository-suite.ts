/**
 * One repository suite, run against every supported database (see *.test.ts next to it).
 */
import type { DataSource } from 'typeorm';
import { conversationKey, type ConversationRef, type InboundMessage, type OutboundMessage } from '../../src/core/message';
import { recognitionFromScores } from '../../src/core/recognizer';
import { ConversationLog } from '../../src/store/conversation-log';
import { createDataSource } from '../../src/store/data-source';
import { UserEntity } from '../../src/store/entities';
import { STORE_MIGRATIONS } from '../../src/store/migrations';
import { TypeormUserDirectory } from '../../src/store/typeorm-user-directory';
import { TypeormServiceRecords } from '../../src/store/service-record-store';
import { TypeormDemoShopStore } from '../../src/store/typeorm-demo-shop-store';
import { demoShopperOrders } from '../../src/commerce/demo-shopper-orders';
import { TypeormOrderLedger } from '../../src/store/typeorm-order-ledger';
import type { TestDatabase } from './databases';

const ZH_EMOJI = '这件卫衣有XL吗？😊👍🏻 𠮷野家 🇨🇳';

function inbound(ref: ConversationRef, text: string, n: number): InboundMessage {
  return { id: `m-${n}`, ref, kind: 'text', text, receivedAt: 1_700_000_000_000 + n };
}

/** Registers the repository tests for the database `prepare` creates. */
export function describeRepositorySuite(prepare: () => Promise<TestDatabase>): void {
  let db: TestDatabase;
  let ds: DataSource;
  let users: TypeormUserDirectory;
  let log: ConversationLog;

  beforeAll(async () => {
    db = await prepare();
    ds = await createDataSource(db.url, { schema: db.schema });
    users = new TypeormUserDirectory(ds);
    log = new ConversationLog(ds);
  });

  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db?.drop();
  });

  it('applies the migrations, and the schema matches the entities', async () => {
    const applied = await ds.query(`SELECT ${ds.driver.escape('name')} FROM ${ds.driver.escape('kefu_migrations')}`);
    expect(applied.map((r: { name: string }) => r.name)).toEqual(STORE_MIGRATIONS.map((m) => m.name));
    const drift = await ds.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((q) => q.query)).toEqual([]);
    // Opening again is a no-op: nothing pending.
    const again = await createDataSource(db.url, { schema: db.schema });
    try {
      expect(await again.showMigrations()).toBe(false);
    } finally {
      await again.destroy();
    }
  });

  it('resolves a new user once and finds them again', async () => {
    const first = await users.resolve('web', 'browser-1', '小王');
    expect(first).toMatchObject({ isNew: true, displayName: '小王', optedOut: false, tags: [], attributes: {} });
    expect(first.identities).toEqual([{ channel: 'web', externalId: 'browser-1' }]);
    const again = await users.resolve('web', 'browser-1');
    expect(again.id).toBe(first.id);
    expect(again.displayName).toBe('小王');
    expect(Date.parse(again.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(first.lastSeenAt));
    expect((await users.resolve('web', 'browser-2')).id).not.toBe(first.id);
    expect(await users.get(first.id)).toEqual(again);
    expect(await users.get('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });

  it('merges attributes on update and replaces tags', async () => {
    const u = await users.resolve('web', 'browser-attrs');
    await users.update(u.id, { attributes: { city: '杭州', vip: true } });
    const updated = await users.update(u.id, {
      attributes: { preferredCategory: '美妆', orders: 3 },
      tags: ['回头客', '💎', '回头客'],
      isNew: false,
    });
    expect(updated.attributes).toEqual({ city: '杭州', vip: true, preferredCategory: '美妆', orders: 3 });
    expect(updated.tags).toEqual(['回头客', '💎']);
    expect(updated.isNew).toBe(false);
    const optedOut = await users.update(u.id, { optedOut: true });
    expect(optedOut).toMatchObject({ optedOut: true, isNew: false, tags: ['回头客', '💎'] });
    expect(await users.get(u.id)).toEqual(optedOut);
    await expect(users.update('no-such-user', { isNew: false })).rejects.toThrow(/No user with id/);
  });

  it('keeps one user across channels (link) and merges two users', async () => {
    const web = await users.resolve('web', 'browser-x');
    await users.link(web.id, 'wecom-kf', 'openid-x');
    expect((await users.resolve('wecom-kf', 'openid-x')).id).toBe(web.id);

    const wechat = await users.resolve('wechaty', 'wxid-y', '阿珍');
    await users.update(wechat.id, { attributes: { city: '成都' }, tags: ['直播间'], optedOut: true });
    const ref: ConversationRef = { channel: 'wechaty', conversationId: 'room-y', userId: 'wxid-y' };
    await log.recordTurn({ ref, userId: wechat.id, inbound: inbound(ref, '在吗', 1), replies: [], mode: 'bot' });

    const merged = await users.link(web.id, 'wechaty', 'wxid-y');
    expect(merged.id).toBe(web.id);
    expect(merged.identities).toEqual([
      { channel: 'web', externalId: 'browser-x' },
      { channel: 'wecom-kf', externalId: 'openid-x' },
      { channel: 'wechaty', externalId: 'wxid-y' },
    ]);
    expect(merged).toMatchObject({ displayName: '阿珍', attributes: { city: '成都' }, tags: ['直播间'], optedOut: true });
    expect(await users.get(wechat.id)).toBeUndefined();
    expect((await log.getConversation(conversationKey(ref)))?.userId).toBe(web.id);
    expect((await users.resolve('wechaty', 'wxid-y')).id).toBe(web.id);
  });

  it('streams the ids of users with a tag (wildcards in tags are literal), page by page', async () => {
    const [a, b, c] = await Promise.all(['seg-a', 'seg-b', 'seg-c'].map((id) => users.resolve('web', id)));
    await users.update(a!.id, { tags: ['vip_50%', '双11会员'] });
    await users.update(b!.id, { tags: ['vip_50%'] });
    await users.update(c!.id, { tags: ['vipx50x'] });
    const ids: string[] = [];
    for await (const id of users.idsWithTag('vip_50%', 1)) ids.push(id);
    expect(ids.sort()).toEqual([a!.id, b!.id].sort());
    const chinese: string[] = [];
    for await (const id of users.idsWithTag('双11会员')) chinese.push(id);
    expect(chinese).toEqual([a!.id]);
  });

  it('round-trips Chinese and emoji in users and messages', async () => {
    const u = await users.resolve('web', '浏览器-🦊', `小美🌸${ZH_EMOJI}`);
    await users.update(u.id, { attributes: { note: ZH_EMOJI }, tags: ['高价值客户', '🎁'] });
    const back = await users.get(u.id);
    expect(back?.displayName).toBe(`小美🌸${ZH_EMOJI}`);
    expect(back?.attributes.note).toBe(ZH_EMOJI);
    expect(back?.tags).toEqual(['高价值客户', '🎁']);
    expect(back?.identities[0].externalId).toBe('浏览器-🦊');

    const ref: ConversationRef = { channel: 'web', conversationId: '会话-🧧', userId: '浏览器-🦊' };
    const replies: OutboundMessage[] = [
      { type: 'text', text: `亲，有的哦～${ZH_EMOJI}` },
      { type: 'quick_replies', text: '想看哪个颜色呢？🎨', replies: [{ title: '雾霾蓝' }, { title: '奶白色 🤍' }] },
    ];
    await log.recordTurn({
      ref,
      userId: u.id,
      inbound: inbound(ref, ZH_EMOJI, 2),
      replies,
      mode: 'bot',
      activeFlow: 'product_question',
      slots: { 颜色: '奶白色 🤍' },
    });
    const history = await log.history(conversationKey(ref), 10);
    expect(history.map((m) => m.text)).toEqual([ZH_EMOJI, `亲，有的哦～${ZH_EMOJI}`, '想看哪个颜色呢？🎨\n1. 雾霾蓝\n2. 奶白色 🤍']);
    expect(history[2].payload).toEqual(replies[1]);
    expect((await log.getConversation(conversationKey(ref)))?.slots).toEqual({ 颜色: '奶白色 🤍' });
  });

  it('stores message texts with personal data masked and order ids kept', async () => {
    const ref: ConversationRef = { channel: 'web', conversationId: 'c-masked', userId: 'b-masked' };
    const user = await users.resolve('web', 'b-masked');
    const said = '订单2025112012345678没收到，电话１３８１２３４５６７８，身份证11010519491231002X，退到卡6222021234567890128';
    const replies: OutboundMessage[] = [
      { type: 'text', text: '已记下您的电话 13812345678 和邮箱 abc@qq.com' },
      { type: 'order_card', order: { id: '2025112012345678', status: '已发货', total: 99, items: [{ title: '卫衣', quantity: 1 }] } },
    ];
    await log.recordTurn({ ref, userId: user.id, inbound: inbound(ref, said, 30), replies, mode: 'bot' });
    const history = await log.history(conversationKey(ref), 10);
    expect(history.map((m) => m.text)).toEqual([
      '订单2025112012345678没收到，电话138****5678，身份证1101**********002X，退到卡6222 **** **** 0128',
      '已记下您的电话 138****5678 和邮箱 a***@qq.com',
      '【订单 2025112012345678】已发货 ¥99',
    ]);
    expect(history[1].payload).toEqual({ type: 'text', text: '已记下您的电话 138****5678 和邮箱 a***@qq.com' });
    expect(history[2].payload).toEqual(replies[1]);
    expect(JSON.stringify(history)).not.toMatch(/13812345678|１３８|19491231|0212345678/);
  });

  it('records turns and returns history in order, also within the same millisecond', async () => {
    const ref: ConversationRef = { channel: 'web', accountId: 'shop-1', conversationId: 'c-history', userId: 'b-h' };
    const key = conversationKey(ref);
    const user = await users.resolve('web', 'b-h');
    const at = new Date('2025-11-11T00:00:00.123Z');
    for (let turn = 1; turn <= 3; turn++) {
      const recognition = recognitionFromScores(`问题${turn}`, { product_question: 0.5 + turn / 10, greeting: 0.1 });
      await log.recordTurn({
        ref,
        userId: user.id,
        inbound: inbound(ref, `问题${turn}`, turn),
        replies: [
          { type: 'text', text: `回答${turn}a` },
          { type: 'text', text: `回答${turn}b` },
        ],
        recognition,
        activeFlow: 'product_question',
        activeStep: `step-${turn}`,
        mode: 'bot',
        at: turn < 3 ? at : new Date(at.getTime() + 1000),
      });
    }
    const all = await log.history(key, 100);
    expect(all.map((m) => `${m.direction}:${m.text}`)).toEqual([
      'in:问题1',
      'out:回答1a',
      'out:回答1b',
      'in:问题2',
      'out:回答2a',
      'out:回答2b',
      'in:问题3',
      'out:回答3a',
      'out:回答3b',
    ]);
    expect(all[6]).toMatchObject({ intent: 'product_question', flowId: 'product_question', kind: 'text' });
    expect(all[6].score).toBeCloseTo(0.8);
    expect(all[0].createdAt).toBe(at.toISOString());
    expect((await log.history(key, 2)).map((m) => m.text)).toEqual(['回答3a', '回答3b']);
    const conv = await log.getConversation(key);
    expect(conv).toMatchObject({
      key,
      channel: 'web',
      turns: 3,
      activeStep: 'step-3',
      mode: 'bot',
      escalated: false,
      status: 'open',
      userId: user.id,
    });
    expect(conv?.ref).toEqual(ref);
    expect(conv?.startedAt).toBe(at.toISOString());
  });

  it('lists conversations by mode and switches mode', async () => {
    const refs = ['c-mode-1', 'c-mode-2'].map((id): ConversationRef => ({ channel: 'web', conversationId: id, userId: id }));
    for (const [i, ref] of refs.entries()) {
      await log.recordTurn({
        ref,
        inbound: inbound(ref, '转人工', 10 + i),
        replies: [{ type: 'handoff', text: '正在为您转接人工客服，请稍等～' }],
        mode: i === 0 ? 'handoff' : 'bot',
      });
    }
    const handoff = await log.listConversations({ mode: 'handoff' });
    const handoffKeys = handoff.map((c) => c.key);
    expect(handoffKeys).toContain(conversationKey(refs[0]));
    expect(handoffKeys).not.toContain(conversationKey(refs[1]));
    expect(handoff.every((c) => c.mode === 'handoff' && c.escalated)).toBe(true);

    await log.setMode(conversationKey(refs[1]), 'handoff');
    await log.setMode(conversationKey(refs[0]), 'bot');
    const after = (await log.listConversations({ mode: 'handoff', limit: 100 })).map((c) => c.key);
    expect(after).toContain(conversationKey(refs[1]));
    expect(after).not.toContain(conversationKey(refs[0]));
    expect((await log.getConversation(conversationKey(refs[0])))?.escalated).toBe(true);
    expect((await log.listConversations({ limit: 1 })).length).toBe(1);
    await expect(log.setMode('web:-:nope', 'bot')).rejects.toThrow(/No conversation/);
  });

  it('creates exactly one user when the same identity is resolved concurrently', async () => {
    const others: DataSource[] = [];
    if (db.multiConnection) others.push(await createDataSource(db.url, { schema: db.schema }));
    try {
      const directories = [users, ...others.map((o) => new TypeormUserDirectory(o))];
      const before = await ds.getRepository(UserEntity).count();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => directories[i % directories.length].resolve('wecom-kf', 'race-openid')),
      );
      expect(new Set(results.map((r) => r.id)).size).toBe(1);
      expect(await ds.getRepository(UserEntity).count()).toBe(before + 1);
      expect(results[0].identities).toEqual([{ channel: 'wecom-kf', externalId: 'race-openid' }]);
    } finally {
      for (const o of others) await o.destroy();
    }
  });

  it('numbers invoice requests and complaints per kind and shop-local day, lists and closes them', async () => {
    const records = new TypeormServiceRecords(ds, 'Asia/Shanghai');
    const evening = Date.parse('2025-11-20T15:30:00Z'); // 23:30 in Shanghai
    const midnight = Date.parse('2025-11-20T16:05:00Z'); // 00:05 the next day there
    const a = await records.add('complaint', 'u-records', { text: '快递三天没动了😡' }, evening);
    const b = await records.add('complaint', 'u-records', { text: '客服不回消息' }, evening + 1000);
    const inv = await records.add('invoice', 'u-records', { orderId: '20251119100001', title: '杭州某某科技有限公司' }, evening + 2000);
    const next = await records.add('complaint', 'u-other', { text: '还没处理' }, midnight);
    expect([a.ref, b.ref, inv.ref, next.ref]).toEqual(['TS20251120-0001', 'TS20251120-0002', 'FP20251120-0001', 'TS20251121-0001']);
    expect(a).toMatchObject({ kind: 'complaint', status: 'open', userId: 'u-records', data: { text: '快递三天没动了😡' } });
    expect(a.createdAt).toBe(new Date(evening).toISOString());

    expect((await records.list({ userId: 'u-records' })).map((r) => r.ref)).toEqual([
      'FP20251120-0001',
      'TS20251120-0002',
      'TS20251120-0001',
    ]);
    expect((await records.list({ kind: 'complaint', limit: 2 })).map((r) => r.ref)).toEqual(['TS20251121-0001', 'TS20251120-0002']);
    expect(await records.setStatus('TS20251120-0002', 'done', midnight)).toMatchObject({ ref: 'TS20251120-0002', status: 'done' });
    expect((await records.list({ kind: 'complaint', status: 'open' })).map((r) => r.ref)).toEqual(['TS20251121-0001', 'TS20251120-0001']);
    expect(await records.setStatus('TS20990101-0001', 'done', midnight)).toBeUndefined();
    expect(await records.setStatus('not-a-ref', 'done', midnight)).toBeUndefined();
  });

  it('gives concurrent records distinct numbers, also across connections', async () => {
    const others: DataSource[] = [];
    if (db.multiConnection) others.push(await createDataSource(db.url, { schema: db.schema }));
    try {
      const stores = [ds, ...others].map((d) => new TypeormServiceRecords(d, 'Asia/Shanghai'));
      const at = Date.parse('2025-12-12T04:00:00Z');
      const made = await Promise.all(
        Array.from({ length: 8 }, (_, i) => stores[i % stores.length]!.add('invoice', `u-race-${i}`, { orderId: `o${i}` }, at)),
      );
      expect(made.map((r) => r.ref).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `FP20251212-000${i + 1}`));
    } finally {
      for (const o of others) await o.destroy();
    }
  });

  it('demo shop: coupon numbers stay distinct when connections race, issuing stays idempotent, a seed never undoes a change', async () => {
    const others: DataSource[] = [];
    if (db.multiConnection) others.push(await createDataSource(db.url, { schema: db.schema }));
    try {
      const stores = [ds, ...others].map((d) => new TypeormDemoShopStore(d));
      const coupon = (userId: string) => (seq: number) => ({
        code: `DEMO${String(seq).padStart(6, '0')}`,
        templateId: 'T1',
        userId,
        title: '新人券',
        amount: 20,
        minSpend: 99,
        expiresAt: '2030-01-01T00:00:00.000Z',
      });
      const made = await Promise.all(
        Array.from({ length: 8 }, (_, i) => stores[i % stores.length]!.addCoupon(`u-coupon-${i}`, 'T1', coupon(`u-coupon-${i}`))),
      );
      expect(new Set(made.map((m) => m.coupon.code)).size).toBe(8);
      const again = await stores[stores.length - 1]!.addCoupon('u-coupon-0', 'T1', coupon('u-coupon-0'));
      expect(again).toEqual({ coupon: made[0]!.coupon, created: false });

      const orders = demoShopperOrders('u-demo-db', Date.parse('2026-03-10T02:00:00Z'));
      await stores[0]!.addOrders(orders);
      await stores[0]!.saveOrders([{ ...orders[1]!, status: 'cancelled' }]);
      await stores[stores.length - 1]!.addOrders(orders); // a late seed from another process
      expect((await stores[0]!.order(orders[1]!.id))?.status).toBe('cancelled');
      expect((await stores[0]!.ordersOf('u-demo-db')).map((o) => o.id).sort()).toEqual(orders.map((o) => o.id).sort());
    } finally {
      for (const o of others) await o.destroy();
    }
  });

  it('order ledger: counts paid, not cancelled orders once each, clears isNew, moves an order to its new owner', async () => {
    const ledger = new TypeormOrderLedger(ds);
    const a = await users.resolve('web', 'ledger-a');
    const b = await users.resolve('web', 'ledger-b');
    const t = (h: number) => new Date(Date.UTC(2025, 10, 1, h)).toISOString();
    expect(await ledger.record(a.id, [{ orderId: 'L-1', orderedAt: t(1) }])).toEqual({ count: 0 }); // an unpaid order is no order yet
    expect((await users.get(a.id))!).toMatchObject({ isNew: true });
    const paid = await ledger.record(a.id, [
      { orderId: 'L-1', paidAt: t(2) },
      { orderId: 'L-1', paidAt: t(3), deliveredAt: t(30) },
    ]);
    expect(paid).toEqual({ count: 1, firstOrderAt: t(1), lastOrderAt: t(1), deliveredAt: t(30) });
    const checked = new Date(Date.UTC(2025, 10, 2));
    const two = await ledger.record(
      a.id,
      [
        { orderId: 'L-2', orderedAt: t(40), paidAt: t(41) },
        { orderId: 'L-3', paidAt: t(42), cancelledAt: t(43) },
      ],
      checked,
    );
    expect(two).toEqual({ count: 2, firstOrderAt: t(1), lastOrderAt: t(40), deliveredAt: t(30), checkedAt: checked.toISOString() });
    expect(await users.get(a.id)).toMatchObject({ isNew: false, orders: two });
    // the shop says L-2 is b's (e.g. an identity linked later): it moves, both summaries are counted again
    expect(await ledger.record(b.id, [{ orderId: 'L-2', paidAt: t(41) }])).toMatchObject({ count: 1, lastOrderAt: t(40) });
    expect((await users.get(a.id))!.orders).toMatchObject({ count: 1, lastOrderAt: t(1) });
    expect(await ledger.record('no-such-user', [{ orderId: 'L-9', paidAt: t(1) }])).toBeUndefined();
  });
}
