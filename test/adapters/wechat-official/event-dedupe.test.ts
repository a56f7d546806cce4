import { APP_ID, recordingBot, startTestbed, type Testbed } from './harness';

// Two different events of one shopper in the same second are two pushes; WeChat's retry of one is still one.
describe('WeChat event dedupe', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  it('Official Account: two menu CLICKs in one second both arrive; an exact retry of one is dropped', async () => {
    bed = await startTestbed({ replyMode: 'api' });
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    const second = Math.floor(Date.now() / 1000);
    const click = (key: string) => ({ FromUserName: shopper, CreateTime: second, MsgType: 'event', Event: 'CLICK', EventKey: key });
    const orders = await bed.fake.push(APP_ID, click('MENU_ORDERS'), { safe: true });
    const coupons = await bed.fake.push(APP_ID, click('MENU_COUPONS'), { safe: true });
    const retry = await bed.fake.deliver(APP_ID, orders.body, shopper, { safe: true });
    for (const result of [orders, coupons, retry]) expect(result.attempts.map((a) => a.body)).toEqual(['success']);
    await bed.adapter.settled();
    expect(bot.got.map((m) => [m.event?.type, m.event?.payload?.eventKey])).toEqual([
      ['click', 'MENU_ORDERS'],
      ['click', 'MENU_COUPONS'],
    ]);
    expect(new Set(bot.got.map((m) => m.id)).size).toBe(2);
    expect(bed.logs.filter((l) => l.msg === 'wechat retry dropped: this push is already being handled')).toHaveLength(1);
  });

  it('Mini Program: two customer-service entries from different cards in one second both arrive', async () => {
    bed = await startTestbed({ kind: 'mini', format: 'json', replyMode: 'api' });
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    const second = Math.floor(Date.now() / 1000);
    const enter = (from: string) => ({
      FromUserName: shopper,
      CreateTime: second,
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: from,
    });
    const first = await bed.fake.push(APP_ID, enter('product:p-1'), { format: 'json', safe: true });
    await bed.fake.push(APP_ID, enter('product:p-2'), { format: 'json', safe: true });
    await bed.fake.deliver(APP_ID, first.body, shopper, { format: 'json', safe: true });
    await bed.adapter.settled();
    expect(bot.got.map((m) => m.event?.payload?.sessionFrom)).toEqual(['product:p-1', 'product:p-2']);
  });

  it('keeps the openid out of the dedupe key and the event id', async () => {
    bed = await startTestbed({ replyMode: 'api' });
    const bot = recordingBot();
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    await bed.fake.push(
      APP_ID,
      { FromUserName: shopper, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_live0301' },
      { safe: true },
    );
    await bed.adapter.settled();
    expect(bot.got).toHaveLength(1);
    expect(bot.got[0]!.id).not.toContain(shopper);
    expect((await bed.redis.keys(`${bed.keyPrefix}:*:seen:*`)).join(' ')).not.toContain(shopper);
  });
});
