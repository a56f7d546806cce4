import { extractEntities, parseChineseNumber } from '../../../src/nlu/entities';
import { found, NOW } from './helpers';

describe('extractEntities', () => {
  test('finds several types, sorted by position', () => {
    expect(found('买两件黑色XL，明天能到吗')).toEqual([
      ['quantity', '2', '两件'],
      ['color', '黑色', '黑色'],
      ['size', 'XL', 'XL'],
      ['date', '2026-11-25', '明天'],
    ]);
  });

  test('spans never overlap and match the text', () => {
    const texts = ['618元的那个黑色2XL买3件', '订单DD202611110123改成13812345678收', '165/110斤 均码 九十九块 周五到'];
    for (const text of texts) {
      const es = extractEntities(text, { now: NOW });
      expect(es.length).toBeGreaterThan(1);
      for (let i = 0; i < es.length; i++) {
        expect(text.slice(es[i].start, es[i].end)).toBe(es[i].text);
        if (i > 0) expect(es[i].start).toBeGreaterThanOrEqual(es[i - 1].end);
      }
    }
  });

  test('a price wins over a festival date on the same digits', () => {
    expect(found('618元')).toEqual([['price', '618', '618元']]);
  });

  test('nothing in plain chat', () => {
    expect(found('你好在吗')).toEqual([]);
  });

  test.each([
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十五', 15],
    ['二十三', 23],
    ['一百零五', 105],
    ['两千', 2000],
    ['三万五千', 35000],
  ])('Chinese number %s = %d', (s, n) => {
    expect(parseChineseNumber(s)).toBe(n);
  });
});
