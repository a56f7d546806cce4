import { matchChoice } from '../../../src/flows/runtime/choice-match';
import { fillChoice, fillSlot, parseYesNo } from '../../../src/flows/runtime/slot-fill';
import type { AskStep } from '../../../src/flows/types';

const ask = (expect: AskStep['expect'], options?: string[]): AskStep => ({ kind: 'ask', id: 'a', ask: '?', slot: 's', expect, options, max_attempts: 2, pos: { file: 'x', line: 1, col: 1 } });

describe('parseYesNo', () => {
  test.each(['还没', '还没呢', '没呢', '还没有', '没有呢', '算了', '不需要', '不要', '不用了', '没有', '我还没收到'])('%s means no', (text) => {
    expect(parseYesNo(text)).toBe(false);
  });
  test.each(['是滴', '好滴', '嗯嗯', '对的', '行', '可以的', 'ok', 'OK', '好哒', '好的', '没问题', '没错', '要', '下好了', '已经付好了', '搞定'])('%s means yes', (text) => {
    expect(parseYesNo(text)).toBe(true);
  });
  test.each(['', '随便问问', '这个多少钱', '我的快递已经到了吗', '说好了包邮的呢'])('"%s" is neither', (text) => {
    expect(parseYesNo(text)).toBeUndefined();
  });
});

describe('a yes/no answer with more after it', () => {
  test('uses only the yes/no word, so the rest can be another request', () => {
    expect(fillSlot(ask('yes_no'), '好的，顺便问下发票', [])).toEqual({ ok: true, value: true, used: { start: 0, end: 2 } });
    expect(fillSlot(ask('yes_no'), '好', [])).toEqual({ ok: true, value: true, used: { start: 0, end: 1 } });
  });
});

describe('matchChoice', () => {
  const options = ['服饰', '美妆', '数码', '食品', '家居', '母婴'];
  test('options, numbers and synonyms', () => {
    expect(matchChoice('母婴', options)).toBe('母婴');
    expect(matchChoice('2', options)).toBe('美妆');
    expect(matchChoice('想看看化妆品', options)).toBe('美妆');
    expect(matchChoice('宝宝用的', options, true)).toBe('母婴');
  });
  test('an answer in other words that shares a phrase with one option', () => {
    const reasons = ['大小不合适', '不喜欢', '商品有问题', '其他原因'];
    expect(matchChoice('质量有问题啊 起球', reasons)).toBe('商品有问题');
    expect(matchChoice('尺码不合适', reasons)).toBe('大小不合适');
    expect(matchChoice('质量有问题啊', reasons, true)).toBeUndefined(); // not when pre-filling
    expect(matchChoice('随便看看', reasons)).toBeUndefined();
  });
  test('strict matching ignores option numbers; two named options are ambiguous', () => {
    expect(matchChoice('2', options, true)).toBeUndefined();
    expect(matchChoice('服饰和美妆', options)).toBeUndefined();
    expect(matchChoice('儿童衣服', options, true)).toBeUndefined();
  });
  test('options without known synonyms match only themselves', () => {
    expect(matchChoice('宝宝用的', ['自己用', '送人'], true)).toBeUndefined();
  });
  test('a position in words: 第二个, 选第3个, 最后一个 (not past the end, not when pre-filling)', () => {
    const orders = ['尾号0002 高腰直筒牛仔裤 11月14日签收', '尾号0001 纯棉圆领短袖T恤 11月10日签收', '尾号0003 每日坚果礼盒 11月9日签收'];
    expect(matchChoice('选第二个', orders)).toBe(orders[1]);
    expect(matchChoice('第一单吧', orders)).toBe(orders[0]);
    expect(matchChoice('选第3个', orders)).toBe(orders[2]);
    expect(matchChoice('最后一个', orders)).toBe(orders[2]);
    expect(matchChoice('第四个', orders)).toBeUndefined();
    expect(matchChoice('第二个', orders, true)).toBeUndefined();
  });
});

describe('an order typed by the tail its button shows', () => {
  // Buttons of the returns flow's "which order?" question: the newest signed first, so 0002 comes before 0001.
  const orders = [
    { title: '尾号0002 高腰直筒牛仔裤 11月14日签收', value: '20251113400002' },
    { title: '尾号0001 纯棉圆领短袖T恤 11月10日签收', value: '20251108400001' },
  ];
  const titles = orders.map((o) => o.title);
  test.each([
    ['0001', 1],
    ['尾号0001', 1],
    ['要退尾号0001那单', 1],
    ['001', 1],
    ['0002', 0],
    ['400002', 0],
    ['14号签收的那个', 0],
    ['14', 0],
    ['11月10日签收的', 1],
    ['10', 1],
    ['1', 0],
    ['2', 1],
    ['第二个', 1],
    ['最后一个', 1],
  ])('%s picks the order of button %i', (text, index) => {
    expect(matchChoice(text, titles)).toBe(titles[index]);
  });
  test('the slot keeps the order id, also when the whole id or its tail is typed', () => {
    expect(fillChoice(orders, '0001')).toEqual({ ok: true, value: '20251108400001', used: { start: 0, end: 4 } });
    expect(fillChoice(orders, ' 尾号0001')).toEqual({ ok: true, value: '20251108400001', used: { start: 3, end: 7 } });
    expect(fillChoice(orders, '20251108400001')).toEqual({ ok: true, value: '20251108400001', used: { start: 0, end: 14 } });
    expect(fillChoice(orders, '退20251113400002这单')).toEqual({ ok: true, value: '20251113400002', used: { start: 1, end: 15 } });
    expect(fillChoice(orders, '1')).toEqual({ ok: true, value: '20251113400002', used: { start: 0, end: 1 } });
    expect(fillChoice(orders, '尾号0001那单', true)).toEqual({ ok: true, value: '20251108400001', used: { start: 2, end: 6 } });
  });
  test('digits pointing at several orders or none, and numbers with a leading zero, pick no position', () => {
    expect(matchChoice('0001和0002', titles)).toBeUndefined();
    expect(matchChoice('0003', titles)).toBeUndefined();
    expect(matchChoice('3', titles)).toBeUndefined();
    expect(matchChoice('11月', titles)).toBeUndefined();
    expect(fillChoice(orders, '02')).toEqual({ ok: true, value: '20251113400002', used: { start: 0, end: 2 } }); // a tail, not the second
  });
  test('a number or ordinal written in the buttons is no position', () => {
    expect(matchChoice('1', ['2件装', '1件装'])).toBe('1件装');
    expect(matchChoice('2', ['买2送1', '买3送2'])).toBeUndefined();
    expect(matchChoice('第二件', ['第二件半价', '直接买'])).toBe('第二件半价');
  });
});

describe('fillSlot reports the part of the text it used', () => {
  test('numbers, choices and entities', () => {
    expect(fillSlot(ask('number'), '165 110斤', [])).toEqual({ ok: true, value: 165, used: { start: 0, end: 3 } });
    expect(fillSlot(ask('number'), '    110斤', [])).toEqual({ ok: true, value: 110, used: { start: 4, end: 7 } });
    expect(fillSlot(ask('choice', ['服饰', '母婴']), ' 推荐母婴', [], true)).toEqual({ ok: true, value: '母婴', used: { start: 3, end: 5 } });
    const entity = { type: 'quantity', value: '2', text: '2件', start: 2, end: 4 };
    expect(fillSlot(ask('quantity'), '我要2件', [entity])).toEqual({ ok: true, value: 2, used: { start: 2, end: 4, entity } });
  });
});
