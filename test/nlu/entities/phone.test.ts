import { extractEntities } from '../../../src/nlu/entities';
import { valuesOf } from './helpers';

describe('phone', () => {
  test.each([
    ['我电话13812345678', '13812345678'],
    ['电话 138 1234 5678 谢谢', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 15900001111 打这个', '15900001111'],
    ['换成19912345678吧', '19912345678'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('phone', text)).toEqual([value]);
  });

  test.each([['12812345678'], ['订单3945678912345678'], ['138123456789'], ['价格1381元']])('no phone in %s', (text) => {
    expect(valuesOf('phone', text)).toEqual([]);
  });

  test('a phone is not also an order id', () => {
    const types = extractEntities('手机号13812345678').map((e) => e.type);
    expect(types).toEqual(['phone']);
  });

  test('span positions point at the number', () => {
    const text = '打 138-1234-5678 找我';
    const [e] = extractEntities(text);
    expect(text.slice(e.start, e.end)).toBe('138-1234-5678');
  });
});
