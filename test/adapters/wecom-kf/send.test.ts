import { ChannelWindowError, UnsupportedFeatureError, type InboundMessage } from '../../../src/index';
import { KF_ERRORS, WINDOW_MS } from '../../../adapters/wecom-kf';
import { receivedMessages } from '../../helpers/fake-wecom-kf';
import { KF, logsWith, startKf, type KfHarness, type KfNode } from './harness';

/** A scripted shop bot: answers 转人工 with a handoff, anything else with one line. */
async function shopBot(m: InboundMessage, node: KfNode): Promise<void> {
  if (m.kind !== 'text') return;
  if (m.text === '转人工')
    await node.adapter.send(m.ref, { type: 'handoff', text: '好的，马上为您转接人工客服～', reason: 'shopper_asked' });
  else await node.adapter.send(m.ref, { type: 'text', text: `亲，收到：${m.text}` });
}

describe('WecomKfAdapter send', () => {
  let h: KfHarness;
  afterEach(async () => {
    await h.close();
  });

  it('replies with send_msg, moving a new session to the assistant (0 → 1) first', async () => {
    h = await startKf({ handler: shopBot });
    await h.fake.customerSays(KF, 'wm-alice', '在吗');
    await h.settle();
    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual([{ type: 'text', text: '亲，收到：在吗' }]);
    expect(h.fake.world.transitions.map((t) => [t.from, t.to])).toEqual([[0, 1]]);
    expect(h.fake.stateOf(KF, 'wm-alice')).toBe(1);
  });

  it('renders quick replies as a msgmenu and throws UnsupportedFeatureError for coupon and order cards', async () => {
    h = await startKf();
    await h.fake.customerSays(KF, 'wm-alice', '看看');
    await h.settle();
    const ref = h.node.got[0]!.ref;
    await h.node.adapter.send(ref, {
      type: 'quick_replies',
      text: '想看哪类？',
      replies: [{ title: '服饰' }, { title: '美妆', payload: 'cat:beauty' }],
    });
    expect(h.fake.sends.at(-1)!.body).toMatchObject({
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: '想看哪类？',
        list: [
          { type: 'click', click: { id: '服饰', content: '服饰' } },
          { type: 'click', click: { id: 'cat:beauty', content: '美妆' } },
        ],
      },
    });
    const coupon = { code: 'NEW20', title: '新人券', amount: 20, minSpend: 99, expiresAt: '2030-01-31T23:59:59+08:00' };
    await expect(h.node.adapter.send(ref, { type: 'coupon_card', coupon })).rejects.toBeInstanceOf(UnsupportedFeatureError);
    await expect(
      h.node.adapter.send(ref, { type: 'order_card', order: { id: 'o1', status: '已发货', total: 99, items: [] } }),
    ).rejects.toMatchObject({ adapter: 'wecom-kf', feature: 'order_card' });
  });

  it('refuses the 6th message within 48 h with ChannelWindowError(window_quota), logged; a new customer message resets it', async () => {
    h = await startKf();
    await h.fake.customerSays(KF, 'wm-alice', '优惠券怎么用？');
    await h.settle();
    const ref = h.node.got[0]!.ref;
    for (let i = 1; i <= 5; i++) await h.node.adapter.send(ref, { type: 'text', text: `第 ${i} 条` });
    const error = await h.node.adapter.send(ref, { type: 'text', text: '第 6 条' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChannelWindowError);
    expect(error).toMatchObject({ adapter: 'wecom-kf', reason: 'window_quota', platformCode: KF_ERRORS.windowQuota });
    expect(logsWith(h.node, '48 h / 5-message rule')).toHaveLength(1);
    expect(h.fake.sends.map((s) => s.errcode)).toEqual([0, 0, 0, 0, 0, KF_ERRORS.windowQuota]);

    await h.fake.customerSays(KF, 'wm-alice', '还在吗');
    await h.settle();
    await expect(h.node.adapter.send(ref, { type: 'text', text: '在的～' })).resolves.toMatchObject({ messageId: expect.any(String) });
  });

  it('refuses a send 48 h after the customer last wrote with ChannelWindowError(window_closed)', async () => {
    h = await startKf();
    await h.fake.customerSays(KF, 'wm-alice', '我先看看');
    await h.settle();
    h.clock.advance(WINDOW_MS + 60_000);
    await expect(h.node.adapter.send(h.node.got[0]!.ref, { type: 'text', text: '亲，还需要吗？' })).rejects.toMatchObject({
      reason: 'window_closed',
      platformCode: KF_ERRORS.windowClosed,
    });
  });

  it('handoff: sends its text, moves the session to the pool (2), then the bot is silent', async () => {
    h = await startKf({ handler: shopBot });
    await h.fake.customerSays(KF, 'wm-alice', '转人工');
    await h.settle();
    expect(receivedMessages(h.fake.sends, 'wm-alice')).toEqual([{ type: 'text', text: '好的，马上为您转接人工客服～' }]);
    expect(h.fake.stateOf(KF, 'wm-alice')).toBe(2);

    await h.fake.customerSays(KF, 'wm-alice', '人呢？');
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['转人工']); // not handled
    const sendsBefore = h.fake.sends.length;
    await expect(h.node.adapter.send(h.node.got[0]!.ref, { type: 'text', text: '还有什么可以帮您？' })).resolves.toEqual({
      skipped: 'human_side',
    });
    expect(h.fake.sends).toHaveLength(sendsBefore);
  });

  it('handoff to a configured servicer moves the session to 3; after the servicer ends it, a new session is the bot’s again', async () => {
    h = await startKf({ handler: shopBot, adapter: { handoff: { servicerUserId: 'zhangsan' } } });
    await h.fake.customerSays(KF, 'wm-alice', '转人工');
    await h.settle();
    expect(h.fake.world.transitions.map((t) => [t.from, t.to, t.servicerUserId])).toEqual([
      [0, 1, undefined],
      [1, 3, 'zhangsan'],
    ]);
    await h.fake.customerSays(KF, 'wm-alice', '你好，我的订单');
    await h.settle();
    expect(h.node.got).toHaveLength(1);

    await h.fake.servicerEnds(KF, 'wm-alice');
    await h.fake.customerSays(KF, 'wm-alice', '再问一下');
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['转人工', '再问一下']);
    expect(receivedMessages(h.fake.sends, 'wm-alice').at(-1)).toEqual({ type: 'text', text: '亲，收到：再问一下' });
  });

  it('stays silent when a servicer picked the customer up in the WeCom client', async () => {
    h = await startKf({ handler: shopBot });
    await h.fake.customerSays(KF, 'wm-alice', '你好');
    await h.settle();
    await h.fake.servicerAccepts(KF, 'wm-alice', 'lisi');
    await h.fake.customerSays(KF, 'wm-alice', '快递到哪了');
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['你好']);
    expect(receivedMessages(h.fake.sends)).toHaveLength(1);
  });

  it('recovers from an access_token that expired mid-conversation (refresh and retry once)', async () => {
    h = await startKf({ handler: shopBot });
    await h.fake.customerSays(KF, 'wm-alice', '第一句');
    await h.settle();
    const fetches = h.fake.world.tokenFetches;
    h.fake.expireAccessTokens();
    await h.node.adapter.send(h.node.got[0]!.ref, { type: 'text', text: '亲，补充一句～' });
    expect(h.fake.world.tokenFetches).toBe(fetches + 1);
    expect(receivedMessages(h.fake.sends, 'wm-alice').at(-1)).toEqual({ type: 'text', text: '亲，补充一句～' });
  });

  it('a keyed send reaches the customer once when retried (msgid from the idempotency key)', async () => {
    h = await startKf();
    await h.fake.customerSays(KF, 'wm-alice', '有券吗');
    await h.settle();
    const ref = h.node.got[0]!.ref;
    const first = await h.node.adapter.send(ref, { type: 'text', text: '您的优惠券快过期啦' }, { idempotencyKey: 'job-7' });
    const again = await h.node.adapter.send(ref, { type: 'text', text: '您的优惠券快过期啦' }, { idempotencyKey: 'job-7' });
    expect(again.messageId).toBe(first.messageId);
    expect(h.fake.sends.map((s) => s.errcode)).toEqual([0, KF_ERRORS.duplicateMsgId]);
    expect(receivedMessages(h.fake.sends)).toHaveLength(1);
  });
});
