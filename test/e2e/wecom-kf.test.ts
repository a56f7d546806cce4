import type { WecomKfAdapter } from '../../adapters/wecom-kf';
import { FakeWecomKf, receivedMessages } from '../helpers/fake-wecom-kf';
import { waitUntil } from '../helpers/wait-until';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';

jest.setTimeout(60_000);
const KF = 'wk-fake-shop';

describe('微信客服 through `kefu start` (composition root, real flows, fake WeCom on loopback)', () => {
  let fake: FakeWecomKf;
  let running: TestKefu;

  beforeAll(async () => {
    fake = await FakeWecomKf.start();
    running = await startTestKefu(() => ({
      wecomCorpId: fake.corpId,
      wecomKfSecret: fake.secret,
      wecomKfToken: fake.token,
      wecomKfAesKey: fake.encodingAesKey,
      wecomApiBase: fake.apiBaseUrl,
      wecomKfWelcome: '您好，欢迎光临小美优选～有什么可以帮您？',
    }));
    fake.webhookUrls = [`${running.kefu.url}/wecom/kf`];
  });
  afterAll(async () => {
    await running?.close();
    await fake?.close();
  });

  it('welcomes on entering, answers like the web bot, hands off to a human and then stays silent', async () => {
    const shopper = 'wm-e2e-shopper-1';
    const seen = (): unknown => receivedMessages(fake.sends, shopper);
    await fake.customerEnters(KF, shopper);
    await waitUntil(() => fake.sends.some((s) => s.api === 'send_msg_on_event' && s.errcode === 0), seen, 10_000);

    await fake.customerSays(KF, shopper, '你好');
    await waitUntil(() => receivedMessages(fake.sends, shopper).some((m) => m.type === 'text' && m.text.includes('欢迎')), seen, 10_000);

    await fake.customerSays(KF, shopper, '转人工');
    await waitUntil(() => fake.stateOf(KF, shopper) === 2, seen, 10_000);
    expect(receivedMessages(fake.sends, shopper).at(-1)).toMatchObject({ type: 'text', text: expect.stringContaining('人工客服') });

    const before = fake.sends.length;
    await fake.customerSays(KF, shopper, '你好？还在吗');
    await (running.kefu.adapters.find((a) => a.name === 'wecom-kf') as WecomKfAdapter).whenIdle();
    expect(fake.sends.length).toBe(before);
  });
});
