import { APP_ID, recordingBot, startTestbed, type Testbed } from './harness';

const TEMPLATES = { order_shipped: { templateId: 'TPL_SHIPPED_8f2a', textField: 'thing1' } };

describe('WeChat pushes normalised to InboundMessage', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  async function pushed(messages: Record<string, unknown>[], o: Parameters<typeof startTestbed>[0] = {}) {
    bed = await startTestbed({ templates: TEMPLATES, ...o });
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    let createTime = 1_700_000_000;
    for (const message of messages) {
      const result = await bed.fake.push(
        APP_ID,
        { FromUserName: shopper, CreateTime: (createTime += 1), ...message },
        { format: o.format, safe: true },
      );
      expect(result.attempts.map((a) => a.body)).toEqual(['success']);
    }
    await bed.adapter.settled();
    return { got: bot.got, shopper };
  }

  it('reads text, image, recognised voice and a msgmenu click (postback) of an Official Account', async () => {
    const { got, shopper } = await pushed([
      { MsgType: 'text', Content: '这件卫衣有 XL 吗', MsgId: '6054768590064713728' },
      { MsgType: 'image', PicUrl: 'https://mmbiz.example.com/pic.jpg', MediaId: 'm1', MsgId: '6054768590064713729' },
      { MsgType: 'voice', MediaId: 'm2', Format: 'amr', Recognition: '我要退货', MsgId: '6054768590064713730' },
      { MsgType: 'text', Content: '服饰', bizmsgmenuid: 'cat:clothes', MsgId: '6054768590064713731' },
    ]);
    const ref = { channel: 'wechat-official', accountId: APP_ID, conversationId: shopper, userId: shopper };
    expect(got).toEqual([
      { id: '6054768590064713728', ref, kind: 'text', text: '这件卫衣有 XL 吗', receivedAt: 1_700_000_001_000 },
      { id: '6054768590064713729', ref, kind: 'image', imageUrl: 'https://mmbiz.example.com/pic.jpg', receivedAt: 1_700_000_002_000 },
      { id: '6054768590064713730', ref, kind: 'text', text: '我要退货', receivedAt: 1_700_000_003_000 },
      { id: '6054768590064713731', ref, kind: 'postback', postback: 'cat:clothes', text: '服饰', receivedAt: 1_700_000_004_000 },
    ]);
  });

  it('reads follow, menu click, view and scan events with lower-case types', async () => {
    const { got } = await pushed([
      { MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_live0301' },
      { MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_ORDERS' },
      { MsgType: 'event', Event: 'VIEW', EventKey: 'https://shop.example.com' },
      { MsgType: 'event', Event: 'SCAN', EventKey: 'live0301' },
      { MsgType: 'event', Event: 'unsubscribe' },
    ]);
    expect(got.map((m) => [m.kind, m.event?.type, m.event?.payload?.eventKey])).toEqual([
      ['event', 'subscribe', 'qrscene_live0301'],
      ['event', 'click', 'MENU_ORDERS'],
      ['event', 'view', 'https://shop.example.com'],
      ['event', 'scan', 'live0301'],
      ['event', 'unsubscribe', undefined],
    ]);
  });

  it('turns subscribe_msg_popup_event into one subscription_consent per answer (XML, Official Account)', async () => {
    const { got } = await pushed([
      {
        MsgType: 'event',
        Event: 'subscribe_msg_popup_event',
        SubscribeMsgPopupEvent: {
          List: [
            { TemplateId: 'TPL_SHIPPED_8f2a', SubscribeStatusString: 'accept', PopupScene: '2' },
            { TemplateId: 'TPL_UNMAPPED_77', SubscribeStatusString: 'reject', PopupScene: '2' },
          ],
        },
      },
    ]);
    expect(got.map((m) => [m.kind, m.event])).toEqual([
      [
        'event',
        { type: 'subscription_consent', payload: { template: 'order_shipped', accepted: true, platformTemplateId: 'TPL_SHIPPED_8f2a' } },
      ],
      [
        'event',
        { type: 'subscription_consent', payload: { template: 'TPL_UNMAPPED_77', accepted: false, platformTemplateId: 'TPL_UNMAPPED_77' } },
      ],
    ]);
    expect(new Set(got.map((m) => m.id)).size).toBe(2);
  });

  it('reads Mini Program JSON pushes: text, user_enter_tempsession and the consent List array', async () => {
    const { got, shopper } = await pushed(
      [
        { MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: 'product:p-1' },
        { MsgType: 'text', Content: '有优惠券吗', MsgId: 23456789 },
        {
          MsgType: 'event',
          Event: 'subscribe_msg_popup_event',
          List: [{ TemplateId: 'TPL_SHIPPED_8f2a', SubscribeStatusString: 'accept', PopupScene: '0' }],
        },
      ],
      { kind: 'mini', format: 'json' },
    );
    expect(got.map((m) => m.ref.channel)).toEqual(['wechat-mini', 'wechat-mini', 'wechat-mini']);
    expect(got[0]).toMatchObject({ kind: 'event', event: { type: 'user_enter_tempsession', payload: { sessionFrom: 'product:p-1' } } });
    expect(got[1]).toMatchObject({ id: '23456789', kind: 'text', text: '有优惠券吗', ref: { conversationId: shopper } });
    expect(got[2]!.event).toEqual({
      type: 'subscription_consent',
      payload: { template: 'order_shipped', accepted: true, platformTemplateId: 'TPL_SHIPPED_8f2a' },
    });
  });

  it('drops a repeated event (same FromUserName + CreateTime + Event) but keeps a different event of the same second', async () => {
    const { got } = await pushed([
      { MsgType: 'event', Event: 'CLICK', EventKey: 'A', CreateTime: 1_700_000_100 },
      { MsgType: 'event', Event: 'CLICK', EventKey: 'A', CreateTime: 1_700_000_100 },
      { MsgType: 'event', Event: 'VIEW', EventKey: 'B', CreateTime: 1_700_000_100 },
    ]);
    expect(got.map((m) => m.event?.type)).toEqual(['click', 'view']);
  });
});
