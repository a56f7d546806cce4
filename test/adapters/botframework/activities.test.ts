import { randomUUID } from 'node:crypto';
import { HANDOFF_EVENT } from '../../../adapters/botframework';
import { startBf, type BfHarness } from './harness';

const conv = (): string => `c-${randomUUID().slice(0, 8)}`;

describe('BotFrameworkAdapter: Activities in and out over real HTTP (fake connector on loopback)', () => {
  let h: BfHarness;
  beforeEach(async () => {
    h = await startBf({ adapter: { transcript: async () => [{ from: 'shopper', text: '转人工', at: Date.UTC(2026, 0, 1) }] } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('conversationUpdate membersAdded: each shopper added (not the bot) becomes a visit event for the welcome flow', async () => {
    const c = conv();
    const update = h.fake.activity('conversationUpdate', c, 'u-1', {
      membersAdded: [{ id: 'kefu-bot', name: '小美优选客服' }, { id: 'u-1' }],
    });
    expect((await h.fake.post(h.endpoint, update, { token: true })).status).toBe(200);
    expect(h.got).toHaveLength(1);
    expect(h.got[0]).toMatchObject({
      kind: 'event',
      event: { type: 'visit' },
      ref: { conversationId: c, userId: 'u-1', accountId: 'webchat' },
    });
    const onlyBot = h.fake.activity('conversationUpdate', c, 'u-1', { membersAdded: [{ id: 'kefu-bot' }] });
    expect((await h.fake.post(h.endpoint, onlyBot, { token: true })).status).toBe(200);
    expect(h.got).toHaveLength(1);
  });

  it('unknown and uninteresting Activity types are answered 200 and ignored', async () => {
    for (const type of ['typing', 'messageReaction', 'installationUpdate', 'someFutureType']) {
      const res = await h.fake.post(h.endpoint, h.fake.activity(type, conv(), 'u-1'), { token: true });
      expect(res.status).toBe(200);
    }
    expect(h.got).toHaveLength(0);
  });

  it('a channel retry of the same Activity id runs one turn', async () => {
    const activity = h.fake.message(conv(), 'u-1', '我的快递到哪了');
    const first = await h.fake.post(h.endpoint, activity, { token: true });
    const again = await h.fake.post(h.endpoint, activity, { token: true });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(h.got).toHaveLength(1);
  });

  it('a failed turn is not remembered: the retry runs it', async () => {
    await h.adapter.stop();
    let calls = 0;
    await h.adapter.start(async (m) => {
      if (++calls === 1) throw new Error('database hiccup');
      h.got.push(m);
    });
    const activity = h.fake.message(conv(), 'u-1', '有优惠券吗');
    expect((await h.fake.post(h.endpoint, activity, { token: true })).status).toBe(500);
    expect((await h.fake.post(h.endpoint, activity, { token: true })).status).toBe(200);
    expect(h.got.map((m) => m.text)).toEqual(['有优惠券吗']);
  });

  const sender = { from: { id: 'u' } };
  const where = { serviceUrl: 'http://127.0.0.1:9/' };
  it.each([
    ['malformed JSON', 400, /not valid JSON/, '{"type":"message",'],
    ['an array', 400, /one Activity object/, '[]'],
    ['no conversation', 400, /conversation\.id/, JSON.stringify({ type: 'message', text: '你好', ...where, ...sender })],
    ['no serviceUrl', 400, /serviceUrl/, JSON.stringify({ type: 'message', text: '你好', conversation: { id: 'c' }, ...sender })],
    ['a message without a sender', 400, /from\.id/, JSON.stringify({ type: 'message', text: '你好', conversation: { id: 'c' }, ...where })],
    ['an oversized body', 413, /at most 262144 bytes/, JSON.stringify({ type: 'message', text: '好'.repeat(300_000) })],
  ] as const)('%s → %i with a reason, no turn', async (_what, status, reason, raw) => {
    // with a valid token: the request gets past authentication and is refused for its body
    const res = await h.fake.post(h.endpoint, undefined, { token: true, raw });
    expect(res.status).toBe(status);
    expect((res.body as { reason: string }).reason).toMatch(reason);
    expect(h.got).toHaveLength(0);
  });

  it('quick replies round-trip: suggestedActions out, the click back in as a postback with its payload', async () => {
    const c = conv();
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', '想买衣服'), { token: true });
    const ref = h.got[0]!.ref;
    await h.adapter.send(ref, {
      type: 'quick_replies',
      text: '想看看哪一类呢？',
      replies: [{ title: '服饰' }, { title: '美妆', payload: 'cat:beauty' }],
    });
    const [out] = h.fake.receivedIn(c);
    const actions = out!.activity.suggestedActions as { to: string[]; actions: Record<string, unknown>[] };
    expect(actions.to).toEqual(['u-1']);
    expect(actions.actions).toEqual([
      { type: 'imBack', title: '服饰', value: '服饰' },
      { type: 'messageBack', title: '美妆', text: '美妆', displayText: '美妆', value: { kefuPostback: 'cat:beauty' } },
    ]);
    // the channel turns a click into a message Activity: imBack sends the value as text, messageBack text + value
    const beauty = actions.actions[1]!;
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', beauty.text as string, { value: beauty.value }), { token: true });
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', actions.actions[0]!.value as string), { token: true });
    expect(h.got.slice(1)).toMatchObject([
      { kind: 'postback', text: '美妆', postback: 'cat:beauty' },
      { kind: 'text', text: '服饰' },
    ]);
  });

  it('cards: product as a Hero card, coupon and order as Adaptive Cards in Chinese, each with a text summary', async () => {
    const c = conv();
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', '看看'), { token: true });
    const ref = h.got[0]!.ref;
    await h.adapter.send(ref, {
      type: 'product_card',
      product: {
        id: 'p-1',
        title: '加绒连帽卫衣',
        price: 129,
        subtitle: 'XL 库存充足',
        url: 'https://shop.example/p/1',
        imageUrl: 'https://shop.example/p/1.png',
      },
    });
    await h.adapter.send(ref, {
      type: 'coupon_card',
      coupon: { code: 'NEW20', title: '新人券', amount: 20, minSpend: 99, expiresAt: '2030-01-31T23:59:59+08:00' },
    });
    await h.adapter.send(ref, {
      type: 'order_card',
      order: { id: 'o-1', status: '已发货', total: 258, items: [{ title: '卫衣', quantity: 2 }], logistics: '顺丰 SF123 运输中' },
    });
    await h.adapter.send(ref, { type: 'image', url: 'https://shop.example/a.png', alt: '实拍图' });
    const [product, coupon, order, image] = h.fake.receivedIn(c).map((r) => r.activity);
    expect(product!.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.hero',
        content: {
          title: '加绒连帽卫衣',
          subtitle: '¥129 · XL 库存充足',
          images: [{ url: 'https://shop.example/p/1.png', alt: '加绒连帽卫衣' }],
          buttons: [{ type: 'openUrl', title: '查看详情', value: 'https://shop.example/p/1' }],
        },
      },
    ]);
    expect(product!.summary).toBe('【加绒连帽卫衣】¥129 XL 库存充足');
    const couponJson = JSON.stringify(coupon!.attachments);
    expect(couponJson).toContain('application/vnd.microsoft.card.adaptive');
    for (const text of ['优惠券', '新人券', '满99减20', 'NEW20', '有效期至', '2030-01-31']) expect(couponJson).toContain(text);
    const orderJson = JSON.stringify(order!.attachments);
    for (const text of ['订单 o-1', '已发货', '¥258', '顺丰 SF123 运输中', '卫衣 × 2']) expect(orderJson).toContain(text);
    expect(image!.attachments).toEqual([{ contentType: 'image/png', contentUrl: 'https://shop.example/a.png', name: '实拍图' }]);
  });

  it('a handoff: the text for the shopper, then a handoff.initiate event carrying the reason and the recent transcript', async () => {
    const c = conv();
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', '转人工'), { token: true });
    await h.adapter.send(
      h.got[0]!.ref,
      { type: 'handoff', text: '正在为您转接人工客服～', reason: 'shopper_asked' },
      { inReplyTo: h.got[0]!.id },
    );
    const [text, event] = h.fake.receivedIn(c);
    expect(text!.activity).toMatchObject({ type: 'message', text: '正在为您转接人工客服～' });
    expect(event!.activity).toMatchObject({
      type: 'event',
      name: HANDOFF_EVENT,
      value: { reason: 'shopper_asked' },
      attachments: [
        {
          contentType: 'application/json',
          name: 'Transcript',
          content: { activities: [{ type: 'message', text: '转人工', from: { id: 'u-1', role: 'user' } }] },
        },
      ],
    });
    expect(event!.replyToId).toBe(h.got[0]!.id);
  });

  it('a slow turn shows a typing indicator before its reply', async () => {
    await h.close();
    h = await startBf({ adapter: { typingAfterMs: 50 } });
    await h.adapter.stop();
    await h.adapter.start(async (m) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await h.adapter.send(m.ref, { type: 'text', text: '让我查一下～' }, { inReplyTo: m.id });
    });
    const c = conv();
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', '我的快递到哪了'), { token: true });
    expect(h.fake.receivedIn(c).map((r) => r.activity.type)).toEqual(['typing', 'message']);
  });

  it('proactive: a send without inReplyTo goes through the stored reference to /v3/conversations/{id}/activities', async () => {
    const c = conv();
    await h.fake.post(h.endpoint, h.fake.message(c, 'u-1', '你好'), { token: true });
    // what an outreach job carries: the ref as JSON, without the live serviceUrl in extra
    const { extra: _extra, ...ref } = JSON.parse(JSON.stringify(h.got[0]!.ref)) as (typeof h.got)[0]['ref'];
    await h.adapter.send(ref, { type: 'text', text: '您的订单还没付款哦～' }, { idempotencyKey: `job-${c}` });
    await h.adapter.send(ref, { type: 'text', text: '您的订单还没付款哦～' }, { idempotencyKey: `job-${c}` });
    const sent = h.fake.receivedIn(c);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.replyToId).toBeUndefined();
    expect(sent[0]!.activity).toMatchObject({ from: { id: 'kefu-bot' }, recipient: { id: 'u-1' }, conversation: { id: c } });
  });
});
