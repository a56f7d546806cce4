import { extractEntities } from '../../../src/nlu/entities';
import { findBodyMeasure } from '../../../src/nlu/entities';
import { found, NOW } from './helpers';

/** The height and weight entities of a message as [type, value, text]. */
function measures(text: string): [string, string, string][] {
  return found(text).filter(([type]) => type === 'height' || type === 'weight');
}

// A height and weight written together are two entities: height in cm, weight in kg (as each alone).
describe('height and weight written together', () => {
  test.each([
    ['身高170体重130', '170', '身高170', '65', '体重130'],
    ['170/130穿什么码', '170', '170', '65', '130'],
    ['一米七 130斤', '170', '一米七', '65', '130斤'],
    ['170cm 65kg 选哪个', '170', '170cm', '65', '65kg'],
    ['身高一米六五 体重九十斤', '165', '身高一米六五', '45', '体重九十斤'],
    ['165 100斤', '165', '165', '50', '100斤'],
    ['165/110斤穿什么码', '165', '165', '55', '110斤'],
    ['158，90斤', '158', '158', '45', '90斤'],
    ['身高一米七 体重60kg', '170', '身高一米七', '60', '体重60kg'],
    ['身高165 体重55公斤', '165', '身高165', '55', '体重55公斤'],
    ['我一米七，130', '170', '一米七', '65', '130'],
    ['172/65', '172', '172', '65', '65'],
    ['１７０／１３０', '170', '１７０', '65', '１３０'],
    ['身高１６５体重１１０斤', '165', '身高１６５', '55', '体重１１０斤'],
    ['１６５　１００斤穿M吗', '165', '１６５', '50', '１００斤'],
    ['宝宝身高120体重46斤', '120', '身高120', '23', '体重46斤'],
    ['身高159体重99', '159', '身高159', '49.5', '体重99'],
  ])('%s → %s cm (%s), %s kg (%s)', (text, cm, heightText, kg, weightText) => {
    expect(measures(text)).toEqual([
      ['height', cm, heightText],
      ['weight', kg, weightText],
    ]);
  });

  test('spans point into the original text', () => {
    const text = '亲 １７０／１３０ 穿啥';
    const es = extractEntities(text, { now: NOW });
    expect(es.map((e) => [e.type, text.slice(e.start, e.end)])).toEqual([
      ['height', '１７０'],
      ['weight', '１３０'],
    ]);
  });

  test.each([
    ['120元', [['price', '120', '120元']]],
    ['170/130元', [['price', '130', '130元']]],
    ['199 99元', [['price', '99', '99元']]],
    ['170/88A有吗', [['size', '170/88A', '170/88A']]],
    ['165/84b', [['size', '165/84B', '165/84b']]],
    ['2026/11/11', [['date', '2026-11-11', '2026/11/11']]],
    ['订单号2026111512345678', [['order_id', '2026111512345678', '2026111512345678']]],
    ['款号170/130', []],
    ['A170/130', []],
    ['170 65', []],
    ['170/10', []],
    ['1.8米床 100斤', [['weight', '50', '100斤']]],
    ['42码', [['size', '42', '42码']]],
    // a pair is kept or dropped whole: when one half is a price, the other is no lone height or weight
    ['价格159/99', [['price', '159', '159']]],
    ['¥159/99', [['price', '159', '¥159']]],
    ['159/99元', [['price', '99', '99元']]],
    [
      '价格159/99 身高165',
      [
        ['price', '159', '159'],
        ['height', '165', '身高165'],
      ],
    ],
  ])('%s stays %j', (text, entities) => {
    expect(found(text)).toEqual(entities);
  });

  test('the size guide reads a pair either way round', () => {
    expect(findBodyMeasure('height', '170/130')).toEqual({ value: 170, start: 0, end: 3 });
    expect(findBodyMeasure('weight', '170/130')).toEqual({ value: 65, start: 4, end: 7 });
    expect(findBodyMeasure('weight', '165 100斤')).toEqual({ value: 50, start: 4, end: 8 });
  });
});
