import { toSimplified } from '../../../src/nlu/normalize';

describe('toSimplified (opencc-js, Hong Kong and Taiwan forms → mainland Simplified)', () => {
  it('converts Traditional characters and phrases', () => {
    expect(toSimplified('買兩件')).toBe('买两件');
    expect(toSimplified('我要退貨，什麼時候退款')).toBe('我要退货，什么时候退款');
    expect(toSimplified('優惠券怎麽用')).toBe('优惠券怎么用');
    expect(toSimplified('發貨了么？什麼時候到')).toBe('发货了么？什么时候到'); // 么 is Simplified already: never 幺
    expect(toSimplified('穿著好看嗎')).toBe('穿着好看吗'); // Taiwan variant
    expect(toSimplified('衞衣有貨嗎')).toBe('卫衣有货吗'); // Hong Kong variant
  });

  it('leaves Simplified Chinese, latin letters and digits as they are', () => {
    for (const text of [
      '我的快递到哪了',
      '头发 干燥 后面 公里 只有 皇后',
      'XL有货吗',
      'iPhone 15',
      'DD20260101123',
      '可以开专票么',
      '么么哒',
    ]) {
      expect(toSimplified(text)).toBe(text);
    }
  });
});
