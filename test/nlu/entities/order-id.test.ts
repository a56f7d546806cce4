import { valuesOf, found } from './helpers';

describe('order_id', () => {
  test.each([
    ['订单号 DD202611110123 还没发货', 'DD202611110123'],
    ['订单3945678912345678怎么还没到', '3945678912345678'],
    ['单号：1234567890 帮我查下', '1234567890'],
    ['dd20261111abcd 这个单', 'DD20261111ABCD'],
    ['[订单x]怎么没到', '[订单x]'],
    ['订单号13812345678', '13812345678'],
    ['我的订单是 20261111223344556677', '20261111223344556677'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('order_id', text)).toEqual([value]);
  });

  test.each([['我电话13812345678'], ['就是这个123456789'], ['123456789012345678901 太长了'], ['iPhone 15 多少钱']])(
    'no order id in %s',
    (text) => {
      expect(valuesOf('order_id', text)).toEqual([]);
    },
  );

  test('the span covers the id as written', () => {
    const [[, , written]] = found('查一下DD202611110123');
    expect(written).toBe('DD202611110123');
  });
});
