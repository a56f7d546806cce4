import { splitClauses } from '../../../src/flows/runtime/split-requests';

const parts = (text: string): string[] => splitClauses(text).map((c) => c.text);

describe('splitClauses: where one message holds several requests', () => {
  test('splits at punctuation and at joining words, dropping the joiner', () => {
    expect(parts('查下我的快递到哪了，顺便开个发票')).toEqual(['查下我的快递到哪了', '开个发票']);
    expect(parts('我的快递到哪了？另外发票怎么开')).toEqual(['我的快递到哪了', '发票怎么开']);
    expect(parts('帮我改下地址然后再问一下有没有优惠券')).toEqual(['帮我改下地址', '有没有优惠券']);
  });

  test('keeps one request whole: 还有 is not a joiner, short leftovers are dropped', () => {
    expect(parts('XL还有货吗')).toEqual(['XL还有货吗']);
    expect(parts('这件卫衣有XL吗？')).toEqual(['这件卫衣有XL吗']);
    expect(parts('好的，嗯')).toEqual(['好的']);
  });

  test('clause offsets point into the original text', () => {
    const text = '物流呢？顺便开发票';
    for (const c of splitClauses(text)) expect(text.slice(c.start, c.start + c.text.length)).toBe(c.text);
  });
});
