import { cleanText } from '../../../src/index';

describe('cleanText, the one sanitiser (web chat keeps line breaks, the turn pipeline folds them)', () => {
  it.each<[string, 'keep' | 'fold', string]>([
    ['  你好\u0000呀 ', 'fold', '你好呀'],
    ['第一行\r\n\r\n\r\n第二行\r第三行', 'keep', '第一行\n\n第二行\n第三行'],
    ['第一行\r\n\r\n\r\n第二行\r第三行', 'fold', '第一行 第二行 第三行'],
    ['a\tb\u3000c', 'keep', 'a b\u3000c'],
    ['a\tb\u3000c', 'fold', 'a b c'],
    ['转\u200B人\u200C工\u200E\u202E\u2066\u2060\uFEFF\u0085', 'fold', '转人工'],
    ['转\u200D人工 👨\u200D👩\u200D👧 🏳\uFE0F\u200D🌈 👍🏻\u200D', 'fold', '转人工 👨\u200D👩\u200D👧 🏳\uFE0F\u200D🌈 👍🏻'],
    ['\u0000\u0001 \n\t ', 'keep', ''],
  ])('%j (%s) → %j', (raw, newlines, expected) => {
    expect(cleanText(raw, { maxChars: 2000, newlines })).toEqual({ text: expected, truncated: false });
  });

  it('folds by default and cuts at maxChars code points without splitting an emoji or leaving a trailing space', () => {
    expect(cleanText('好\n的', { maxChars: 10 }).text).toBe('好 的');
    expect(cleanText('😀😀 😀', { maxChars: 3 })).toEqual({ text: '😀😀', truncated: true });
    expect(cleanText('😀😀😀', { maxChars: 3 })).toEqual({ text: '😀😀😀', truncated: false });
  });
});
