/** A chat per variant: the shopper in A reads A's texts, the shopper in B reads B's, and each keeps them. */
import { assignVariant } from '../../src/experiments/assign';
import { EngineChat, makeUser } from '../flows/support/engine-harness';

const VARIANTS = [
  { id: 'A', weight: 50 },
  { id: 'B', weight: 50 },
];
/** The first shopper ids the hash puts in each variant (found, not hard-coded). */
const shopperIn = (variant: string): string => {
  for (let i = 0; ; i++) if (assignVariant('coupon_copy', `buyer-${i}`, VARIANTS) === variant) return `buyer-${i}`;
};

describe('variant texts in a chat', () => {
  it('shopper in A', async () => {
    const chat = await EngineChat.create('../../experiments/fixtures/ab', {}, makeUser({ id: shopperIn('A') }));
    await chat.send('有什么优惠吗');
    expect(chat.texts()).toEqual(['今天下单满199减30，券已放进您的账户～', '满减券7天内有效哦']);
    await chat.send('还有别的活动吗');
    expect(chat.texts()).toEqual(['今天下单满199减30，券已放进您的账户～', '满减券7天内有效哦']);
  });

  it("shopper in B (with B's own quick reply)", async () => {
    const chat = await EngineChat.create('../../experiments/fixtures/ab', {}, makeUser({ id: shopperIn('B') }));
    const out = await chat.send('有什么优惠吗');
    expect(out.replies[0]).toEqual({ type: 'quick_replies', text: '今天全场包邮，下单就送运费险～', replies: [{ title: '去逛逛' }] });
    expect(chat.texts()[1]).toBe('包邮不限件数哦');
  });
});
