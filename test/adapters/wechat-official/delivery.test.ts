import { receivedBy } from '../../helpers/fake-wechat-official';
import { pollUntil } from '../../helpers/wait-until';
import { APP_ID, shopBot, startTestbed, waitFor, type Testbed } from './harness';

const texts = (bed: Testbed, openid: string) => receivedBy(bed.fake, openid).map((m) => (m.type === 'text' ? m.text : m.type));

describe('WeChat delivery: one reply per message despite retries, passive and encrypted replies', () => {
  let bed: Testbed;
  afterEach(async () => bed.close());

  it('api mode: acknowledges at once and replies once through the customer-service API, whatever the retries', async () => {
    bed = await startTestbed({ replyMode: 'api' });
    const bot = shopBot(bed.adapter);
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    // 顾客: 慢一点 (the bot takes 700 ms); WeChat delivers the same push three more times meanwhile.
    const first = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '慢一点' });
    expect(first.attempts.map((a) => [a.status, a.body])).toEqual([[200, 'success']]);
    const retries = await Promise.all([1, 2, 3].map(() => bed.fake.deliver(APP_ID, first.body, shopper, { retries: 0 })));
    expect(retries.map((r) => r.attempts[0]!.body)).toEqual(['success', 'success', 'success']);
    await bed.adapter.settled();
    expect(bot.got).toHaveLength(1);
    expect(texts(bed, shopper)).toEqual(['让您久等啦，这件卫衣有 XL 哦～']);
    expect(bed.logs.filter((l) => l.msg === 'wechat retry dropped: this push is already being handled')).toHaveLength(3);
  });

  it('a retry that reaches another process while the first is still answering does not start a second turn', async () => {
    bed = await startTestbed({ replyMode: 'api' });
    const bot = shopBot(bed.adapter);
    await bed.adapter.start(bot.handler);
    const other = await bed.addProcess();
    const otherBot = shopBot(other.adapter);
    await other.adapter.start(otherBot.handler);
    const shopper = bed.newOpenid();
    const first = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '慢一点' });
    bed.fake.webhookBase = other.webhookBase;
    const retry = await bed.fake.deliver(APP_ID, first.body, shopper, { retries: 0 });
    expect(retry.attempts[0]!.body).toBe('success');
    await Promise.all([bed.adapter.settled(), other.adapter.settled()]);
    expect(bot.got.length + otherBot.got.length).toBe(1);
    expect(texts(bed, shopper)).toEqual(['让您久等啦，这件卫衣有 XL 哦～']);
  });

  it('api mode: pushes acknowledged but not yet answered when a process stops are answered by the next one (kept in Redis)', async () => {
    bed = await startTestbed({ replyMode: 'api', turnConcurrency: 1 });
    const bot = shopBot(bed.adapter);
    await bed.adapter.start(bot.handler);
    const shoppers = [bed.newOpenid(), bed.newOpenid(), bed.newOpenid()];
    for (const shopper of shoppers) {
      const push = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '慢一点' });
      expect(push.attempts.map((a) => a.body)).toEqual(['success']); // WeChat will not send these again
    }
    await waitFor(() => bot.got.length === 1, 'the first turn to start');
    await bed.adapter.stop(); // e.g. a deploy: the turn in flight finishes, the other two wait in Redis
    expect(bot.got).toHaveLength(1);
    const next = await bed.addProcess();
    const nextBot = shopBot(next.adapter);
    await next.adapter.start(nextBot.handler);
    await next.adapter.settled();
    expect(nextBot.got.map((m) => m.ref.userId).sort()).toEqual(shoppers.filter((s) => s !== bot.got[0]!.ref.userId).sort());
    for (const shopper of shoppers) expect(texts(bed, shopper)).toEqual(['让您久等啦，这件卫衣有 XL 哦～']);
  });

  it('passive mode: a slow first attempt times out, WeChat retries, and the shopper still gets exactly one reply', async () => {
    bed = await startTestbed({ replyMode: 'passive', passiveBudgetMs: 3000, pushTimeoutMs: 250 });
    const bot = shopBot(bed.adapter);
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    const result = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '慢一点' });
    expect(result.attempts.map((a) => a.error ?? a.body)).toEqual(['timeout', 'success']);
    await bed.adapter.settled();
    await waitFor(() => bed.fake.delivered(shopper).length > 0, 'the API reply');
    expect(bot.got).toHaveLength(1);
    expect(bed.fake.replies).toHaveLength(0);
    expect(texts(bed, shopper)).toEqual(['让您久等啦，这件卫衣有 XL 哦～']);
  });

  it('passive mode: the first reply of a quick turn is the passive reply (no quota), later sends use the API', async () => {
    bed = await startTestbed({ replyMode: 'passive' });
    const shopper = bed.newOpenid();
    const results: unknown[] = [];
    await bed.adapter.start(async (m) => {
      results.push(await bed.adapter.send(m.ref, { type: 'text', text: '亲，在的～' }));
      results.push(await bed.adapter.send(m.ref, { type: 'text', text: '这款卫衣今天有满 99 减 20 哦' }));
    });
    const result = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '在吗' });
    expect(result.attempts).toHaveLength(1);
    expect(result.reply?.fields).toMatchObject({
      MsgType: 'text',
      Content: '亲，在的～',
      ToUserName: shopper,
      FromUserName: 'gh_kefu_shop',
    });
    await bed.adapter.settled();
    expect(results).toEqual([{ passive: true }, {}]);
    expect(texts(bed, shopper)).toEqual(['亲，在的～', '这款卫衣今天有满 99 减 20 哦']);
    expect(bed.fake.delivered(shopper)).toHaveLength(1);
  });

  it('passive mode: answers "success" when the turn outlasts the budget, and the late reply goes through the API', async () => {
    bed = await startTestbed({ replyMode: 'passive', passiveBudgetMs: 150, pushTimeoutMs: 2000 });
    await bed.adapter.start(shopBot(bed.adapter).handler);
    const shopper = bed.newOpenid();
    const result = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '慢一点' });
    expect(result.attempts.map((a) => a.body)).toEqual(['success']);
    await bed.adapter.settled();
    expect(texts(bed, shopper)).toEqual(['让您久等啦，这件卫衣有 XL 哦～']);
  });

  it('passive mode: the claim is a short lease while the push waits for its answer, then holds for the dedupe TTL', async () => {
    bed = await startTestbed({ replyMode: 'passive', passiveBudgetMs: 1000, pushTimeoutMs: 4000 });
    let release!: () => void;
    const turnEnds = new Promise<void>((resolve) => (release = resolve));
    await bed.adapter.start(() => turnEnds); // a turn still running (had this process died now, nobody would answer)
    const pushing = bed.fake.push(APP_ID, { FromUserName: bed.newOpenid(), MsgType: 'text', Content: '在吗' });
    const claimTtl = async (): Promise<number> => {
      const [key] = await bed.redis.keys(`${bed.keyPrefix}:*:seen:*`);
      return key ? bed.redis.ttl(key) : -2;
    };
    const whileHeld = await pollUntil(claimTtl, (ttl) => ttl > 0, 2000, 'the push to be claimed');
    expect(whileHeld).toBeLessThanOrEqual(6); // budget 1 s + 5 s margin: a retry after that is handled elsewhere
    release();
    expect((await pushing).attempts.map((a) => a.body)).toEqual(['success']);
    expect(await claimTtl()).toBeGreaterThan(800); // answered: retries are dropped for the full 900 s
  });

  it.each([
    ['official, xml', { kind: 'official' as 'official' | 'mini', format: 'xml' as 'xml' | 'json' }],
    ['mini, json', { kind: 'mini' as const, format: 'json' as 'xml' | 'json' }],
  ])('safe mode (%s): the passive reply is encrypted, signed, and decrypts to the answer', async (_what, o) => {
    bed = await startTestbed({ ...o, replyMode: 'passive' });
    await bed.adapter.start(shopBot(bed.adapter).handler);
    const shopper = bed.newOpenid();
    const result = await bed.fake.push(
      APP_ID,
      { FromUserName: shopper, MsgType: 'text', Content: '你好' },
      { safe: true, format: o.format },
    );
    const [attempt] = result.attempts;
    expect(attempt!.body).not.toContain('您好');
    expect(attempt!.body).toContain(o.format === 'json' ? '"Encrypt"' : '<Encrypt>');
    expect(attempt!.verdict?.kind).toBe('reply');
    expect(result.reply).toMatchObject({ encrypted: true, fields: { MsgType: 'text', Content: '亲，您好呀～有什么可以帮您？' } });
    expect(bed.fake.delivered()).toHaveLength(0);
  });

  it('handoff in api mode: the text goes out, and the next push is answered with transfer_customer_service', async () => {
    bed = await startTestbed({ replyMode: 'api' });
    const bot = shopBot(bed.adapter);
    await bed.adapter.start(bot.handler);
    const shopper = bed.newOpenid();
    await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '人工' });
    await bed.adapter.settled();
    expect(texts(bed, shopper)).toEqual(['已为您转接人工客服，请稍候～']);
    const next = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '还在吗？' }, { safe: true });
    expect(next.reply).toMatchObject({ encrypted: true, fields: { MsgType: 'transfer_customer_service', ToUserName: shopper } });
    const after = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '好的' });
    expect(after.attempts.map((a) => a.body)).toEqual(['success']);
  });

  it('handoff in passive mode: transfer_customer_service answers the push at once, the text goes through the API', async () => {
    bed = await startTestbed({ replyMode: 'passive' });
    await bed.adapter.start(shopBot(bed.adapter).handler);
    const shopper = bed.newOpenid();
    const result = await bed.fake.push(APP_ID, { FromUserName: shopper, MsgType: 'text', Content: '人工' });
    expect(result.reply?.fields.MsgType).toBe('transfer_customer_service');
    await bed.adapter.settled();
    expect(texts(bed, shopper)).toEqual(['已为您转接人工客服，请稍候～']);
  });
});
