import { valuesOf } from './helpers';

describe('size', () => {
  test.each([
    ['XL码有吗', 'XL'],
    ['要2xl的', 'XXL'],
    ['3XL还有吗', 'XXXL'],
    ['xxl偏大吗', 'XXL'],
    ['我穿M', 'M'],
    ['s码', 'S'],
    ['均码吗', '均码'],
    ['有大码吗', '大码'],
    ['42码的鞋', '42'],
    ['37.5码有没有', '37.5'],
    ['165/110斤穿什么码', '165cm/55kg'],
    ['身高170体重130', '170cm/65kg'],
    ['身高一米七 体重60kg', '170cm/60kg'],
    ['170cm 65kg 选哪个', '170cm/65kg'],
    ['158，90斤', '158cm/45kg'],
    ['身高165 体重55公斤', '165cm/55kg'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('size', text)).toEqual([value]);
  });

  test.each([['iPhone 15 Pro Max'], ['给我发个5m的线'], ['199 99元'], ['Mate60'], ['这个ok吗'], ['2026/11/11']])(
    'no size in %s',
    (text) => {
      expect(valuesOf('size', text)).toEqual([]);
    },
  );
});
