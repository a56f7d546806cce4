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
    ['170/88A', '170/88A'],
    ['号型165/84b有吗', '165/84B'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('size', text)).toEqual([value]);
  });

  test.each([
    ['iPhone 15 Pro Max'],
    ['给我发个5m的线'],
    ['199 99元'],
    ['Mate60'],
    ['这个ok吗'],
    ['2026/11/11'],
    // A height and weight together are a height and a weight entity (height-weight.test.ts), no size.
    ['165/110斤穿什么码'],
    ['身高170体重130'],
    ['170cm 65kg 选哪个'],
  ])('no size in %s', (text) => {
    expect(valuesOf('size', text)).toEqual([]);
  });
});
