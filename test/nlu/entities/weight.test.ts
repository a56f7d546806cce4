import { extractEntities } from '../../../src/nlu/entities';
import { found, NOW, valuesOf } from './helpers';

// A weight's value is in kilograms (1 公斤 = 1 kg = 2 斤); the text keeps the unit the shopper wrote.
describe('weight', () => {
  test.each([
    ['我75公斤穿什么码', '75', '75公斤'],
    ['75kg', '75', '75kg'],
    ['75KG能穿吗', '75', '75KG'],
    ['75 千克', '75', '75 千克'],
    ['150斤', '75', '150斤'],
    ['买一斤半', '0.75', '一斤半'],
    ['一百二十斤穿多大', '60', '一百二十斤'],
    ['我120来斤', '60', '120来斤'],
    ['一百斤出头', '50', '一百斤出头'],
    ['体重65', '65', '体重65'],
    ['体重130', '65', '体重130'],
    ['体重：55kg', '55', '体重：55kg'],
    ['我一百三十斤', '65', '一百三十斤'],
    ['九十多斤', '45', '九十多斤'],
    ['两斤装', '1', '两斤'],
    ['半斤就够', '0.25', '半斤'],
    ['三斤半的西瓜', '1.75', '三斤半'],
    ['1.5kg的洗衣液', '1.5', '1.5kg'],
    ['五公斤大米', '5', '五公斤'],
    ['500克一袋', '0.5', '500克'],
    ['75.5斤', '37.75', '75.5斤'],
    ['体重一百一', '55', '体重一百一'],
  ])('%s → %s kg (%s)', (text, value, written) => {
    expect(found(text).filter(([type]) => type === 'weight')).toEqual([['weight', value, written]]);
  });

  test.each([
    ['斤斤计较'],
    ['几斤啊'],
    ['多少斤合适'],
    ['体重多少'],
    ['5G手机'],
    ['128G内存'],
    ['65W快充'],
    ['kg是什么'],
    ['1克拉钻戒'],
    ['公斤'],
  ])('no weight in %s', (text) => {
    expect(valuesOf('weight', text)).toEqual([]);
  });

  test('a height and weight written together are a height and a weight', () => {
    expect(found('身高170体重130')).toEqual([
      ['height', '170', '身高170'],
      ['weight', '65', '体重130'],
    ]);
  });

  test('the span is the one in the text', () => {
    const [e] = extractEntities('亲我大概120来斤哦', { now: NOW });
    expect(e).toEqual({ type: 'weight', value: '60', text: '120来斤', start: 4, end: 9 });
  });
});
