import { outboundToText } from '../../src/core/message';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';

// Shoppers' messy Chinese through the whole bot (real Redis, SQLite log, shipped flows, the rules recogniser):
// pinyin, Traditional characters, full-width letters and misspellings reach the same flows as plain Chinese,
// and the conversation log keeps what the shopper actually wrote.
describe('messy shopper Chinese', () => {
  let kefu: KefuHarness;
  beforeAll(async () => {
    kefu = await createHarness();
  });
  afterAll(async () => {
    await kefu.close();
  });

  const send = (userId: string, text: string) =>
    kefu.core.bot.handle({
      id: `m-${userId}-${text}`,
      ref: { channel: 'test', conversationId: `c-${userId}`, userId },
      kind: 'text',
      text,
      receivedAt: Date.now(),
    });

  it('reads pinyin: "kuaidi daonale" reaches the logistics flow, and the log keeps the pinyin', async () => {
    await kefu
      .chat('messy-pinyin')
      .send('kuaidi daonale')
      .expectAnyReply(/配送|订单号/);
    await kefu.core.recorder.flush();
    const history = await kefu.core.conversations.history('test:-:c-messy-pinyin', 10);
    expect(history[0]).toMatchObject({ direction: 'in', text: 'kuaidi daonale' });
    expect(JSON.stringify(history)).not.toContain('快递到哪了');
  });

  it('reads initials of a shop word: "yhq" is 优惠券', async () => {
    await kefu.chat('messy-initials').send('yhq').expectAnyReply('券');
  });

  it('reads Traditional characters: "買兩件" reaches order guidance like 买两件', async () => {
    const result = await send('messy-trad', '買兩件');
    const plain = await send('messy-trad-plain', '买两件');
    expect(result.activeFlow).toBe('order_guidance');
    expect(result.replies.map(outboundToText)).toEqual(plain.replies.map(outboundToText));
    expect(result.recognition?.text).toBe('买两件');
  });

  it('fixes a misspelling: "优慧卷" reaches the coupon flow', async () => {
    await kefu.chat('messy-typo').send('有优慧卷吗').expectAnyReply('券').expectCard('coupon_card');
  });

  it('reads full-width letters: "ＸＬ有货吗" fills the size XL, "这件卫衣有ＸＬ吗" answers from the catalogue', async () => {
    const result = await send('messy-width', 'ＸＬ有货吗');
    expect(result.recognition?.entities).toContainEqual(expect.objectContaining({ type: 'size', value: 'XL', text: 'XL' }));
    await kefu
      .chat('messy-width-2')
      .send('这件卫衣有ＸＬ吗')
      .expectAnyReply(/卫衣.*XL/);
  });

  it('leaves English, size codes and order ids as written', async () => {
    const ok = await send('messy-ok', 'ok');
    expect(ok.recognition?.text).toBe('ok');
    const order = await send('messy-order', '订单DD20260101123');
    expect(order.recognition?.text).toBe('订单DD20260101123');
    // a button's payload is the bot's own text: never normalised
    const click = await kefu.core.bot.handle({
      id: 'm-click',
      ref: { channel: 'test', conversationId: 'c-messy-click', userId: 'messy-click' },
      kind: 'postback',
      text: 'yhq',
      postback: 'yhq',
      receivedAt: Date.now(),
    });
    expect(click.recognition?.text).toBe('yhq');
  });
});
