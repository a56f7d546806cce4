import { valuesOf } from './helpers';

describe('price', () => {
  test.each([
    ['¥99', '99'],
    ['￥ 59.9 包邮吗', '59.9'],
    ['99元能买吗', '99'],
    ['九十九块', '99'],
    ['100块钱', '100'],
    ['三块五一个', '3.5'],
    ['两百元以内的', '200'],
    ['618元那款', '618'],
    ['便宜20块吧', '20'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('price', text)).toEqual([value]);
  });

  test.each([['元旦发货吗'], ['一块买'], ['618有活动吗'], ['两件'], ['一块儿发']])('no price in %s', (text) => {
    expect(valuesOf('price', text)).toEqual([]);
  });
});
