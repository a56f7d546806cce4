import { fixTypos } from '../../../src/nlu/normalize';
import { TYPO_TABLE } from '../../../src/nlu/normalize/typo-table';

describe('fixTypos', () => {
  it('fixes the common e-commerce misspellings', () => {
    expect(fixTypos('有优慧卷吗')).toEqual({ text: '有优惠券吗', fixed: ['优慧卷→优惠券'] });
    expect(fixTypos('能开发漂吗').text).toBe('能开发票吗');
    expect(fixTypos('我的快第到哪了').text).toBe('我的快递到哪了');
    expect(fixTypos('块递呢').text).toBe('快递呢');
    expect(fixTypos('退欵什么时候到').text).toBe('退款什么时候到');
    expect(fixTypos('有木有XL').text).toBe('有没有XL'); // the longer entry wins over 木有
  });

  it('changes nothing else', () => {
    for (const text of ['优惠券怎么用', '订单DD20260101123', '电话13812345678', 'SKU-A12 有货吗', '木头有吗']) {
      expect(fixTypos(text)).toEqual({ text, fixed: [] });
    }
  });

  it('has only Chinese-character entries, so no fix can reach inside a code, phone or order id', () => {
    for (const [wrong, right] of TYPO_TABLE) expect(`${wrong}${right}`).toMatch(/^\p{Script=Han}+$/u);
  });
});
