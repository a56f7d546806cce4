/** The outcome labeller on small chats written here: each outcome and each signal that decides it. */
import { labelOutcome } from '../../src/quality/label-outcome';
import type { QualityEvent } from '../../src/quality/outcome';
import { readShopperCues } from '../../src/quality/shopper-cues';

const shopper = (text: string): QualityEvent => ({ kind: 'shopper', text });
const bot = (fields: Omit<Extract<QualityEvent, { kind: 'bot' }>, 'kind'>): QualityEvent => ({ kind: 'bot', score: 0.9, ...fields });

describe('escalated', () => {
  it('is decided by a handoff or a ticket, whatever else happened', () => {
    const chat = [shopper('转人工'), bot({ flow: 'human_handoff', flowDone: true }), { kind: 'handoff', reason: 'asked' } as const];
    expect(labelOutcome([...chat, shopper('算了不等了')])).toEqual({ outcome: 'escalated', signals: ['handoff:asked'] });
    const ticket = [shopper('我要留言'), bot({ flow: 'leave_message', asks: true }), shopper('改地址'), { kind: 'ticket' } as const];
    expect(labelOutcome(ticket)).toEqual({ outcome: 'escalated', signals: ['ticket'] });
  });
});

describe('resolved', () => {
  it('needs a flow that is not small talk to reach its end, and keeps thanks, orders and ratings as signals', () => {
    const chat = [shopper('快递到哪了'), bot({ flow: 'logistics', flowDone: true, reply: '运输中' }), shopper('好的谢谢')];
    expect(labelOutcome(chat)).toEqual({ outcome: 'resolved', signals: ['flow_done:logistics', 'thanks', 'ack'] });
    const bought = [
      shopper('能分期吗'),
      bot({ flow: 'order_guidance', flowDone: true }),
      { kind: 'order' } as const,
      { kind: 'rating', score: 5 } as const,
    ];
    expect(labelOutcome(bought)).toEqual({ outcome: 'resolved', signals: ['flow_done:order_guidance', 'order', 'rating:5'] });
  });

  it('takes the intent when a finished answer had no flow, and a question after a finished answer that got one too', () => {
    expect(labelOutcome([shopper('别发了'), bot({ intent: 'unsubscribe', flowDone: true })]).signals).toEqual(['flow_done:unsubscribe']);
    const chat = [shopper('油皮能用吗'), bot({ flow: 'product_inquiry', flowDone: true, reply: 'a' }), shopper('那干皮呢')];
    expect(labelOutcome([...chat, bot({ flow: 'product_inquiry', flowDone: true, reply: 'b' }), shopper('懂了')]).outcome).toBe('resolved');
  });

  it('counts small talk the shopper thanked for, but not small talk alone', () => {
    const hello = [shopper('在吗'), bot({ flow: 'welcome', flowDone: true })];
    expect(labelOutcome(hello)).toEqual({ outcome: 'abandoned', signals: ['small_talk_only'] });
    expect(labelOutcome([...hello, shopper('谢谢～')])).toEqual({ outcome: 'resolved', signals: ['small_talk', 'thanks'] });
  });

  it('does not count the rating question left unanswered as a request left half-way', () => {
    const chat = [shopper('退货地址'), bot({ flow: 'returns', flowDone: true, asks: true, askFlow: 'satisfaction' })];
    expect(labelOutcome(chat)).toEqual({ outcome: 'resolved', signals: ['flow_done:returns'] });
  });
});

describe('abandoned', () => {
  it('is silence while the bot waits for an answer', () => {
    expect(labelOutcome([shopper('我要退货'), bot({ flow: 'returns', asks: true })])).toEqual({
      outcome: 'abandoned',
      signals: ['waiting:returns'],
    });
    const second = [shopper('面霜孕妇能用吗 还有能退吗'), bot({ flow: 'product_inquiry', flowDone: true, asks: true, askFlow: 'returns' })];
    expect(labelOutcome(second)).toEqual({ outcome: 'abandoned', signals: ['waiting:returns'] });
  });

  it('is silence right after the first unhelpful reply (a fallback or an unsure answer)', () => {
    expect(labelOutcome([shopper('[图片]'), bot({ fallback: true, score: 0.3 })])).toEqual({
      outcome: 'abandoned',
      signals: ['silent_after_fallback'],
    });
    const unsure = [shopper('白色卫衣还有M吗'), bot({ flow: 'recommendation', flowDone: true, score: 0.64 })];
    expect(labelOutcome(unsure)).toEqual({ outcome: 'abandoned', signals: ['silent_after_unsure:0.64'] });
    expect(labelOutcome([...unsure, shopper('好')]).outcome).toBe('resolved'); // the shopper took the answer
  });
});

describe('unresolved', () => {
  it('is negative feedback in the shopper’s last words after an answer, even when the flow finished', () => {
    const chat = [shopper('券用不了'), bot({ flow: 'coupon', flowDone: true })];
    expect(labelOutcome([...chat, shopper('没用')])).toEqual({ outcome: 'unresolved', signals: ['negative:没用'] });
    expect(labelOutcome([...chat, shopper('謝謝 你幫不了我')])).toEqual({ outcome: 'unresolved', signals: ['negative:帮不了'] });
    expect(labelOutcome([...chat, shopper('？？？')]).signals).toEqual(['negative:？？？']);
  });

  it('reads a negative first message as the request, not as feedback', () => {
    expect(labelOutcome([shopper('无语 快递怎么还没到'), bot({ flow: 'logistics', flowDone: true })]).outcome).toBe('resolved');
  });

  it('is the bot answering the same again after a correction, or repeating itself', () => {
    const chat = [shopper('能发韵达吗'), bot({ flow: 'logistics', flowDone: true, reply: 'x' }), shopper('我不是问这个')];
    expect(labelOutcome([...chat, bot({ flow: 'logistics', flowDone: true, reply: 'y' })])).toEqual({
      outcome: 'unresolved',
      signals: ['repeated:logistics'],
    });
    const same = [
      shopper('a'),
      bot({ flow: 'coupon', flowDone: true, reply: 'r' }),
      shopper('b'),
      bot({ flow: 'coupon', flowDone: true, reply: 'r' }),
    ];
    expect(labelOutcome(same).signals).toEqual(['repeated:coupon']);
    expect(labelOutcome([...same, shopper('好的谢谢')]).outcome).toBe('resolved');
  });

  it('is two unhelpful replies with no confident finished answer after them', () => {
    const chat = [
      shopper('能拼单吗'),
      bot({ fallback: true, score: 0.45 }),
      shopper('拼团'),
      bot({ flow: 'coupon', flowDone: true, score: 0.58 }),
    ];
    expect(labelOutcome([...chat, shopper('好吧')])).toEqual({ outcome: 'unresolved', signals: ['fallbacks:1', 'low_confidence:1'] });
    const recovered = [...chat, shopper('拼单'), bot({ flow: 'group_buy', flowDone: true, score: 0.9 }), shopper('好吧')];
    expect(labelOutcome(recovered).outcome).toBe('resolved');
  });

  it('is a session the bot never answered', () => {
    expect(labelOutcome([shopper('在吗')])).toEqual({ outcome: 'unresolved', signals: ['no_reply'] });
  });
});

describe('shopper cues', () => {
  it('reads negative feedback, corrections, thanks and acknowledgements from messy text', () => {
    expect(readShopperCues('算了 不改了')).toEqual({ cues: ['negative'], words: ['算了'] });
    expect(readShopperCues('你聽不懂嗎')).toEqual({ cues: ['negative'], words: ['听不懂'] });
    expect(readShopperCues('我问的是积分').cues).toEqual(['correction']);
    expect(readShopperCues('ＯＫ 谢啦')).toEqual({ cues: ['thanks', 'ack'], words: ['谢啦', 'ok'] });
    expect(readShopperCues('这件卫衣起球吗').cues).toEqual([]);
  });
});
