import { DEFAULT_WELCOME, WELCOME_CODE_TTL_MS } from '../../../adapters/wecom-kf';
import { KF, startKf, type KfHarness } from './harness';

describe('WecomKfAdapter inbound', () => {
  let h: KfHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('hands a customer text to the handler as a normalised InboundMessage', async () => {
    h = await startKf();
    await h.fake.customerSays(KF, 'wm-alice', '这件卫衣有 XL 吗？');
    await h.settle();
    expect(h.node.got).toHaveLength(1);
    const m = h.node.got[0]!;
    expect(m).toMatchObject({ kind: 'text', text: '这件卫衣有 XL 吗？' });
    expect(m.ref).toEqual({ channel: 'wecom-kf', accountId: KF, conversationId: 'wm-alice', userId: 'wm-alice' });
    expect(m.id).toBe(h.fake.world.logs.get(KF)![0]!.msgid);
    expect(Math.abs(m.receivedAt - h.clock.now())).toBeLessThan(2000);
  });

  it('a menu click arrives as a postback with the menu id', async () => {
    h = await startKf();
    await h.fake.customerClicksMenu(KF, 'wm-alice', 'cat:beauty', '美妆');
    await h.settle();
    expect(h.node.got[0]).toMatchObject({ kind: 'postback', text: '美妆', postback: 'cat:beauty' });
  });

  it('a message reaches the handler once although the callback is retried and two processes pull', async () => {
    h = await startKf({ handler: () => new Promise((resolve) => setTimeout(resolve, 30)) });
    const second = await h.addNode();
    h.fake.pusher.loseAnswers = 2; // WeChat "never saw" two answers: the same callback arrives 3 times, at both nodes
    const push = await h.fake.customerSays(KF, 'wm-alice', '在吗？');
    expect(push).toEqual({ attempts: 3, delivered: true });
    expect(new Set(h.fake.pusher.log.map((l) => l.url)).size).toBe(2);
    await h.settle();
    const handled = [...h.node.got, ...second.got].map((m) => m.text);
    expect(handled).toEqual(['在吗？']);
  });

  it('drops a msgid it has handled even when the cursor is lost and the page is pulled again', async () => {
    h = await startKf();
    await h.fake.customerSays(KF, 'wm-alice', '第一句');
    await h.settle();
    const keys = await h.redis.keys(`${h.prefix}:wecom-kf:*:cursor:${KF}`);
    expect(keys).toHaveLength(1);
    await h.redis.del(keys[0]!);
    await h.fake.customerSays(KF, 'wm-alice', '第二句');
    await h.settle();
    expect(h.fake.world.syncCalls.at(-1)!.cursor).toBeUndefined(); // pulled from the start again
    expect(h.node.got.map((m) => m.text)).toEqual(['第一句', '第二句']);
  });

  it('pages with has_more across more messages than a page, persists the cursor, and a new instance resumes from it', async () => {
    h = await startKf({ fake: { pageSize: 10 } });
    for (let i = 1; i <= 25; i++) await h.fake.customerSays(KF, `wm-c${i % 3}`, `消息 ${i}`, false);
    await h.fake.notify(KF);
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(Array.from({ length: 25 }, (_, i) => `消息 ${i + 1}`));
    expect(h.fake.world.syncCalls.map((c) => [c.returned, c.hasMore, c.limit])).toEqual([
      [10, 1, 1000],
      [10, 1, 1000],
      [5, 0, 1000],
    ]);
    const lastCursor = h.fake.world.syncCalls.at(-1)!.nextCursor;
    await h.node.adapter.stop();

    const next = await h.addNode();
    for (let i = 26; i <= 28; i++) await h.fake.customerSays(KF, 'wm-c1', `消息 ${i}`, false);
    h.fake.webhookUrls = [next.url];
    await h.fake.notify(KF);
    await h.settle();
    expect(h.fake.world.syncCalls.at(-1)!.cursor).toBe(lastCursor);
    expect(next.got.map((m) => m.text)).toEqual(['消息 26', '消息 27', '消息 28']);
  });

  it('a callback during a pull loop makes it pull once more', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h = await startKf({ handler: (m) => (m.text === '一' ? gate : Promise.resolve()) });
    await h.fake.customerSays(KF, 'wm-alice', '一');
    await h.fake.customerSays(KF, 'wm-alice', '二'); // arrives while the loop waits in the handler of 一
    release();
    await h.settle();
    expect(h.node.got.map((m) => m.text)).toEqual(['一', '二']);
  });
});

describe('WecomKfAdapter welcome', () => {
  let h: KfHarness;
  afterEach(async () => {
    await h.close();
  });

  it('sends the welcome with send_msg_on_event within 20 s, once, and passes session_enter to the handler', async () => {
    h = await startKf();
    const entered = h.clock.now();
    await h.fake.customerEnters(KF, 'wm-alice', 'live_room', 'room-42');
    await h.settle();
    const welcomes = h.fake.sends.filter((s) => s.api === 'send_msg_on_event');
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]).toMatchObject({ errcode: 0, userId: 'wm-alice', body: { msgtype: 'text', text: { content: DEFAULT_WELCOME } } });
    expect(welcomes[0]!.at - entered).toBeLessThan(WELCOME_CODE_TTL_MS);
    expect(h.node.got[0]).toMatchObject({
      kind: 'event',
      event: { type: 'session_enter', payload: { scene: 'live_room', sceneParam: 'room-42' } },
      ref: { accountId: KF, userId: 'wm-alice' },
    });

    // WeChat retries the same callback and a second pull sees the event again: still one welcome.
    await h.fake.notify(KF);
    await h.settle();
    expect(h.fake.sends.filter((s) => s.api === 'send_msg_on_event')).toHaveLength(1);
  });

  it('sends no welcome when welcome is false (the event still reaches the handler)', async () => {
    h = await startKf({ adapter: { welcome: false } });
    await h.fake.customerEnters(KF, 'wm-alice');
    await h.settle();
    expect(h.fake.sends).toHaveLength(0);
    expect(h.node.got.map((m) => m.event?.type)).toEqual(['session_enter']);
  });

  it('a welcome code older than 20 s is refused by the platform and logged, not retried', async () => {
    h = await startKf({ start: false });
    await h.fake.customerEnters(KF, 'wm-alice').catch(() => undefined); // adapter stopped: 503, WeCom gives up
    h.clock.advance(WELCOME_CODE_TTL_MS + 1000);
    await h.node.adapter.start(async (m) => void h.node.got.push(m));
    await h.fake.notify(KF);
    await h.settle();
    const welcomes = h.fake.sends.filter((s) => s.api === 'send_msg_on_event');
    expect(welcomes.map((w) => w.errcode)).toEqual([expect.any(Number)]);
    expect(welcomes[0]!.errcode).not.toBe(0);
    expect(h.node.logs.some((l) => String(l.msg).includes('welcome not sent'))).toBe(true);
  });
});
