import { parseAnyNumber, parseChineseNumber } from '../../../src/nlu/entities';
import { valuesOf } from './helpers';

describe('Chinese numerals as shoppers write them', () => {
  test.each([
    ['两万三', 23000],
    ['三千五', 3500],
    ['百二', 120],
    ['一百二', 120],
    ['千五', 1500],
    ['万五', 15000],
    ['两万三千', 23000],
    ['一万零五', 10005],
    ['一百零五', 105],
    ['十几', 15],
    ['二十几', 25],
    ['俩', 2],
    ['仨', 3],
    ['两', 2],
  ])('%s = %d', (s, n) => {
    expect(parseChineseNumber(s)).toBe(n);
  });

  test.each([
    ['1w', 10000],
    ['2.5w', 25000],
    ['3k', 3000],
    ['1.2万', 12000],
    ['3千', 3000],
    ['1万5', 15000],
    ['23', 23],
  ])('%s = %d', (s, n) => {
    expect(parseAnyNumber(s)).toBe(n);
  });

  test.each([['几'], ['几十'], ['一几'], ['w'], ['']])('%s is not a number', (s) => {
    expect(parseAnyNumber(s)).toBeUndefined();
  });

  test.each([
    ['十几件', '15'],
    ['要俩', '2'],
    ['来仨', '3'],
    ['两件', '2'],
    ['买俩吧', '2'],
    ['1w件起批吗', '10000'],
    ['三千五个', '3500'],
    ['仨个', '3'],
  ])('quantity %s → %s', (text, value) => {
    expect(valuesOf('quantity', text)).toEqual([value]);
  });

  test.each([['我们俩'], ['咱俩一起买'], ['几件'], ['哥俩好'], ['他们仨']])('no quantity in %s', (text) => {
    expect(valuesOf('quantity', text)).toEqual([]);
  });

  test.each([
    ['预算两万三', '23000'],
    ['三千五左右的手机', '3500'],
    ['预算1w', '10000'],
    ['2.5w以内', '25000'],
    ['3k左右', '3000'],
    ['价位3千', '3000'],
    ['两万三块', '23000'],
    ['一百二十块', '120'],
    ['1.2万元', '12000'],
    ['3千块', '3000'],
  ])('price %s → %s', (text, value) => {
    expect(valuesOf('price', text)).toEqual([value]);
  });

  test.each([['4K电视'], ['65W快充'], ['2k屏'], ['预算多少'], ['1w粉丝'], ['8k的显示器']])('no price in %s', (text) => {
    expect(valuesOf('price', text)).toEqual([]);
  });
});
