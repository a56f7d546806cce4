import { ChannelWindowError, ConfigError, KefuError, type ConversationRef } from '../../../src/index';
import { receivedBy } from '../../helpers/fake-wechat-official';
import { APP_ID, recordingBot, startTestbed, type Testbed } from './harness';

const TEMPLATES = {
  order_shipped: { templateId: 'TPL_SHIPPED_8f2a', page: 'pages/order/detail', textField: 'thing1', data: { phrase2: '已发货' } },
};

describe('WeChat sending: tokens, windows, subscription messages, rendering', () => {
  let bed: Testbed;
  let shopper: string;
  let ref: ConversationRef;
  afterEach(async () => bed.close());

  async function shopperWrites(text: string, o: Parameters<typeof startTestbed>[0] = {}): Promise<void> {
    bed = await startTestbed({ templates: TEMPLATES, ...o });
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    shopper = bed.newOpenid();
    await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: text }, { format: o.format });
    await bed.adapter.settled();
    ref = bot.got[0]!.ref;
  }

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (err: unknown) => err,
    );

  it('recovers from an access_token that expires between two sends: one refresh, the message delivered once', async () => {
    await shopperWrites('在吗');
    await bed.adapter.send(ref, { type: 'text', text: '亲，在的～' });
    expect(bed.fake.tokenFetches.get(APP_ID)).toBe(1);
    bed.fake.expireTokens();
    await bed.adapter.send(ref, { type: 'text', text: '这款卫衣有 XL 哦' });
    expect(bed.fake.tokenFetches.get(APP_ID)).toBe(2);
    const attempts = bed.fake.sends.filter((s) => JSON.stringify(s.body).includes('这款卫衣有 XL 哦'));
    expect(attempts.map((s) => s.errcode)).toEqual([42001, 0]);
    expect(receivedBy(bed.fake, shopper)).toEqual([
      { type: 'text', text: '亲，在的～' },
      { type: 'text', text: '这款卫衣有 XL 哦' },
    ]);
  });

  it('refuses the 6th message in the 48 h window with ChannelWindowError(window_quota, 45047) and logs it', async () => {
    await shopperWrites('有优惠吗');
    for (let i = 1; i <= 5; i++) await bed.adapter.send(ref, { type: 'text', text: `第 ${i} 条：满 99 减 20 哦` });
    const error = await refusal(bed.adapter.send(ref, { type: 'text', text: '第 6 条' }));
    expect(error).toBeInstanceOf(ChannelWindowError);
    expect(error).toMatchObject({ adapter: 'wechat-official', reason: 'window_quota', platformCode: 45047 });
    expect(bed.fake.delivered(shopper)).toHaveLength(5);
    expect(bed.logs.find((l) => l.msg === 'wechat send refused')).toMatchObject({ level: 40, platformCode: 45047, reason: 'window_quota' });
  });

  it('refuses a send after the window closed (48 h later) with ChannelWindowError(window_closed, 45015)', async () => {
    await shopperWrites('在吗');
    bed.fake.advance(48 * 3600_000 + 1000);
    const error = await refusal(bed.adapter.send(ref, { type: 'text', text: '您的优惠券快过期啦' }));
    expect(error).toMatchObject({ reason: 'window_closed', platformCode: 45015 });
  });

  it('sends a subscription message only with consent: 43101 → no_consent, then one consent = one message', async () => {
    await shopperWrites('我的快递到哪了');
    bed.fake.advance(72 * 3600_000);
    const shipped = { type: 'text' as const, text: '您的订单 D20240301001 已由顺丰发出，请留意查收' };
    const before = await refusal(bed.adapter.send(ref, shipped, { subscriptionTemplate: 'order_shipped' }));
    expect(before).toMatchObject({ reason: 'no_consent', platformCode: 43101 });
    await bed.fake.push(APP_ID, {
      FromUserName: shopper,
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      SubscribeMsgPopupEvent: { List: [{ TemplateId: 'TPL_SHIPPED_8f2a', SubscribeStatusString: 'accept', PopupScene: '0' }] },
    });
    await bed.adapter.settled();
    const result = await bed.adapter.send(ref, shipped, { subscriptionTemplate: 'order_shipped' });
    expect(result.messageId).toEqual(expect.any(String));
    const delivered = bed.fake.delivered(shopper);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      path: '/cgi-bin/message/subscribe/bizsend',
      body: {
        touser: shopper,
        template_id: 'TPL_SHIPPED_8f2a',
        page: 'pages/order/detail',
        data: { thing1: { value: '您的订单 D20240301001 已…' }, phrase2: { value: '已发货' } },
      },
    });
    expect(Array.from((delivered[0]!.body.data as { thing1: { value: string } }).thing1.value)).toHaveLength(20);
    const again = await refusal(bed.adapter.send(ref, shipped, { subscriptionTemplate: 'order_shipped' }));
    expect(again).toMatchObject({ reason: 'no_consent' });
  });

  it('uses /cgi-bin/message/subscribe/send for a Mini Program, and names the template to add when one is unknown', async () => {
    await shopperWrites('在吗', { kind: 'mini', format: 'json' });
    const unknown = await refusal(bed.adapter.send(ref, { type: 'text', text: '退款已到账' }, { subscriptionTemplate: 'refund_done' }));
    expect(unknown).toBeInstanceOf(ConfigError);
    expect((unknown as Error).message).toContain("subscriptionTemplates['refund_done']");
    await refusal(bed.adapter.send(ref, { type: 'text', text: '已发货' }, { subscriptionTemplate: 'order_shipped' }));
    expect(bed.fake.sends.at(-1)).toMatchObject({ path: '/cgi-bin/message/subscribe/send', errcode: 43101 });
  });

  it('renders quick replies as a native msgmenu on Official Accounts, as numbered text on Mini Programs', async () => {
    await shopperWrites('看看');
    await bed.adapter.send(ref, {
      type: 'quick_replies',
      text: '想看看哪一类呢？',
      replies: [{ title: '服饰', payload: 'cat:clothes' }, { title: '美妆' }],
    });
    expect(bed.fake.delivered(shopper)[0]!.body).toEqual({
      touser: shopper,
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: '想看看哪一类呢？',
        list: [
          { id: 'cat:clothes', content: '服饰' },
          { id: '美妆', content: '美妆' },
        ],
        tail_content: '',
      },
    });
    await bed.adapter.send(ref, {
      type: 'product_card',
      product: { id: 'p1', title: '加绒卫衣', price: 129, url: 'https://shop.example.com/p1', imageUrl: 'https://shop.example.com/p1.jpg' },
    });
    expect(bed.fake.delivered(shopper)[1]!.body).toMatchObject({
      msgtype: 'news',
      news: { articles: [{ title: '加绒卫衣', url: 'https://shop.example.com/p1' }] },
    });
    await bed.close();
    await shopperWrites('看看', { kind: 'mini', format: 'json' });
    await bed.adapter.send(ref, { type: 'quick_replies', text: '想看看哪一类呢？', replies: [{ title: '服饰' }, { title: '美妆' }] });
    expect(bed.fake.delivered(shopper)[0]!.body).toEqual({
      touser: shopper,
      msgtype: 'text',
      text: { content: '想看看哪一类呢？\n1. 服饰\n2. 美妆' },
    });
  });

  it('turns other errcodes into a KefuError with the code and a fix hint, without the token', async () => {
    await shopperWrites('在吗');
    const foreign = await refusal(bed.adapter.send({ ...ref, userId: 'oNotOurs' }, { type: 'text', text: '您好' }));
    expect(foreign).not.toBeInstanceOf(ChannelWindowError);
    expect(foreign).toMatchObject({ code: 'WECHAT_API_ERROR' });
    expect((foreign as Error).message).toMatch(/errcode 40003.*Fix: the openid does not belong to this app/);
    expect((foreign as Error).message).not.toContain('ACCESS_');
    expect(bed.logs.find((l) => l.msg === 'wechat send refused')).toMatchObject({ code: 'WECHAT_API_ERROR' });
    const noApp = await refusal(bed.adapter.send({ ...ref, accountId: 'wxOther' }, { type: 'text', text: '您好' }));
    expect(noApp).toBeInstanceOf(KefuError);
    expect((noApp as Error).message).toContain('wxOther');
  });
});
