import { buildPinyinLexicon, pinyinToChinese, segmentPinyin } from '../../../src/nlu/normalize';

// Real pinyin-pro: the lexicon's pinyin is computed from the words, nothing is spelled out by hand here.
describe('pinyin → Chinese', () => {
  const lexicon = buildPinyinLexicon(['我的快递到哪了', '人工客服', '穿什么码']);
  const read = (text: string) => pinyinToChinese(text, lexicon);

  it('reads whole-pinyin messages, with or without spaces, tone marks or tone digits', () => {
    expect(read('kuaidi daonale')).toEqual({ text: '快递到哪了', change: 'pinyin' });
    expect(read('kuaididaonale').text).toBe('快递到哪了');
    expect(read('kuài dì dào nǎ le').text).toBe('快递到哪了');
    expect(read('kuai4di4 dao4na3le').text).toBe('快递到哪了');
    expect(read('Kuaidi Daonale?').text).toBe('快递到哪了?');
    expect(read('wo yao tuihuo').text).toBe('我要退货');
    expect(read('fapiao').text).toBe('发票');
    expect(read('hai you huo ma').text).toBe('还有货吗');
    expect(read('wo de kuaidi dao na le').text).toBe('我的快递到哪了'); // an intent example, whole
    expect(read('chuan shenme ma').text).toBe('穿什么码'); // a flow keyword
  });

  it('reads a pinyin run inside a mostly-pinyin message', () => {
    expect(read('kuaidi到哪了').text).toBe('快递到哪了');
    expect(read('我要tuihuo').text).toBe('我要退货');
  });

  it('reads initials of a whole message as one shop word', () => {
    expect(read('yhq')).toEqual({ text: '优惠券', change: 'initials' });
    expect(read('kd').text).toBe('快递');
    expect(read('zrg').text).toBe('转人工');
    expect(read('rgkf').text).toBe('人工客服');
  });

  it('leaves English, size codes, codes and mixed Chinese as written', () => {
    for (const text of [
      'ok',
      'OK',
      'hi',
      'hello',
      'thanks',
      'women',
      'iphone 15',
      'iPhone有货吗',
      'XL',
      'xl',
      'XL有货吗',
      '我要XL码',
      'DD20260101123',
      '13812345678',
      'SF1409823761234',
      '3q',
      'hh',
      'zm',
      'rg',
      'you',
      'ma',
      'a',
    ]) {
      expect(read(text)).toEqual({ text });
    }
    expect(read('我想问下kuaidi').text).toBe('我想问下kuaidi'); // mostly Chinese: as written
    expect(read('ok kuaidi').text).toBe('ok kuaidi'); // a span reads wholly or not at all
  });

  it('segments into words before glue characters, and never glue alone', () => {
    expect(segmentPinyin('daonale', lexicon.root)).toBe('到哪了');
    expect(segmentPinyin('woyao', lexicon.root)).toBe('我要');
    expect(segmentPinyin('wode', lexicon.root)).toBeUndefined(); // 我 + 的: glue only
    expect(segmentPinyin('kuaidiabc', lexicon.root)).toBeUndefined();
  });
});
