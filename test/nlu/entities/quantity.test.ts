import { valuesOf } from './helpers';

describe('quantity', () => {
  test.each([
    ['买两件', '2'],
    ['要3个', '3'],
    ['来一箱', '1'],
    ['二十盒有优惠吗', '20'],
    ['拍二十三个', '23'],
    ['十瓶', '10'],
    ['2双袜子', '2'],
    ['一百个起批吗', '100'],
  ])('%s → %s', (text, value) => {
    expect(valuesOf('quantity', text)).toEqual([value]);
  });

  test.each([['一个月了还没到'], ['等了两个小时'], ['第一个'], ['三个工作日'], ['iPhone15个人版'], ['这个怎么样']])(
    'no quantity in %s',
    (text) => {
      expect(valuesOf('quantity', text)).toEqual([]);
    },
  );
});
