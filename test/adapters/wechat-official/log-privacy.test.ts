import { APP_ID, recordingBot, startTestbed, type Testbed } from './harness';

// The adapter logs every push it takes in and every send it makes; the shopper's openid must not be readable there.
describe('WeChat adapter logs and openids', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  it('a push, its turn and the reply are logged with the openid masked', async () => {
    bed = await startTestbed({ replyMode: 'api', serverLogs: true });
    const bot = recordingBot(async (m) => {
      await bed.adapter.send(m.ref, { type: 'text', text: '亲，在的～有什么可以帮您？' });
    });
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '在吗' }, { safe: true });
    await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'event', Event: 'CLICK', EventKey: 'MENU_ORDERS' }, { safe: true });
    await bed.adapter.settled();
    expect(bot.got).toHaveLength(2);
    expect(bed.fake.delivered(shopper)).toHaveLength(2);
    const received = bed.logs.filter((l) => l.openid !== undefined);
    expect(received.length).toBeGreaterThan(0);
    const masked = `${shopper.slice(0, 4)}********${shopper.slice(-2)}`;
    for (const line of received) expect(line.openid).toBe(masked);
    expect(bed.rawLogs()).not.toContain(shopper);
    expect(bed.rawLogs()).not.toContain(shopper.slice(4, -2));
  });
});
