import { DemoCommerce } from '../../src/commerce/demo-store';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';

// Whole-bot conversations through the test channel: real Redis state, real SQLite log, shipped flows.
describe('a shopper talks to the shop', () => {
  let kefu: KefuHarness;
  beforeAll(async () => {
    // The demo catalogue without seeded demo orders (`kefu start` gives every shopper some): shoppers here have none.
    kefu = await createHarness({}, { commerce: new DemoCommerce() });
  });
  afterAll(async () => {
    await kefu.close();
  });

  it('welcomes a new shopper with the new-customer coupon and category choices', async () => {
    await kefu
      .chat('new-1')
      .send('你好')
      .expectAnyReply('欢迎')
      .expectCard('coupon_card')
      .expectReply((m) => expect(m.type).toBe('quick_replies'));
  });

  it('answers a size-and-stock question from the catalogue', async () => {
    await kefu
      .chat('stock-1')
      .send('这件卫衣有XL吗')
      .expectAnyReply(/卫衣.*XL/);
  });

  it('asks for an order number when it cannot find the shopper’s parcel', async () => {
    await kefu.chat('parcel-1').send('我的快递到哪了').expectAnyReply('订单号');
  });

  it('hands off mid-flow without resuming the interrupted flow, then stays silent until released', async () => {
    const chat = kefu.chat('handoff-1');
    await chat
      .send('我的快递到哪了')
      .skipReplies()
      .send('转人工')
      .expectReply('人工客服')
      .inspect((rest) => expect(rest.map((m) => m.type)).not.toContain('text'))
      .skipReplies()
      .send('你好？有人吗')
      .expectSilence();
    await kefu.core.recorder.flush(); // the log is written behind the replies
    const waiting = await kefu.core.conversations.listConversations({ mode: 'handoff' });
    expect(waiting.map((c) => c.key)).toContain('test:-:c-handoff-1');
    expect(await kefu.core.bot.release('test:-:c-handoff-1')).toBe(true);
    await chat.send('你好').expectAnyReply(/您好|欢迎/);
  });

  it('opts a shopper out of proactive messages when they say 退订', async () => {
    const userId = (await kefu.core.users.resolve('test', 'unsub-1')).id;
    expect((await kefu.core.users.get(userId))!.optedOut).toBe(false);
    await kefu.chat('unsub-1').send('退订').expectAnyReply('已为您退订');
    const user = (await kefu.core.users.get(userId))!;
    expect(user.optedOut).toBe(true);
    expect(user.tags).toContain('unsubscribed');
  });

  it('drops a platform retry of the same message id', async () => {
    const ref = { channel: 'test', conversationId: 'c-dup', userId: 'dup-1' };
    const message = { id: 'same-id', ref, kind: 'text' as const, text: '你好', receivedAt: Date.now() };
    const first = await kefu.core.bot.handle(message);
    const second = await kefu.core.bot.handle(message);
    expect(first.replies.length).toBeGreaterThan(0);
    expect(second.stopped).toBe('duplicate');
    expect(second.replies).toHaveLength(0);
  });

  it('reads a multi-line message as one line without invisible characters, keeping emoji sequences whole', async () => {
    await kefu.chat('lines-1').send('买了👨\u200D👩\u200D👧同款\r\n\r\n有\u200CXL吗').expectAnyReply(/XL/);
    await kefu.core.recorder.flush();
    const inbound = (await kefu.core.conversations.history('test:-:c-lines-1', 10)).filter((m) => m.direction === 'in');
    expect(inbound.map((m) => m.text)).toEqual(['买了👨\u200D👩\u200D👧同款 有XL吗']);
  });

  it('answers bad input politely and logs every accepted message', async () => {
    await kefu.chat('bad-1').send('\u0000\u0007\u200b').expectReply('没收到您的文字');
    await kefu.chat('bad-2').send('😀😀😀').expectReply('没太明白');
    await kefu
      .chat('bad-3')
      .send('好'.repeat(10_000))
      .inspect((r) => expect(r.length).toBeGreaterThan(0));
    await kefu
      .chat('bad-4')
      .send('hello 你好 こんにちは 안녕')
      .expectAnyReply(/欢迎|您好/);
    await kefu.core.recorder.flush(); // the log is written behind the replies
    for (const id of ['bad-1', 'bad-2', 'bad-3', 'bad-4']) {
      const inbound = (await kefu.core.conversations.history(`test:-:c-${id}`, 10)).filter((m) => m.direction === 'in');
      expect(inbound).toHaveLength(1);
      expect(Array.from(inbound[0]!.text ?? '').length).toBeLessThanOrEqual(kefu.config.maxMessageChars);
    }
  });

  it('hands off after repeated misunderstandings', async () => {
    await kefu.chat('lost-1').send('😀😀😀').expectReply('没太明白').send('🙃🙃').expectAnyReply('人工客服').send('在吗').expectSilence();
  });
});
