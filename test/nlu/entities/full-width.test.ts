import { extractEntities } from '../../../src/nlu/entities';
import { NOW } from './helpers';

// Full-width forms are matched after NFKC; spans and text stay those of the original message.
describe('full-width forms', () => {
  test.each([
    ['有ＸＬ吗', 'size', 'XL', 'ＸＬ'],
    ['我７５ｋｇ', 'weight', '75', '７５ｋｇ'],
    ['１米６８', 'height', '168', '１米６８'],
    ['下午３点', 'datetime', '2026-11-24T15:00+08:00', '下午３点'],
    ['下午３：３０', 'datetime', '2026-11-24T15:30+08:00', '下午３：３０'],
    ['买２件', 'quantity', '2', '２件'],
    ['￥９９包邮吗', 'price', '99', '￥９９'],
    ['订单号ＤＤ２０２６１１１１０１２３', 'order_id', 'DD202611110123', 'ＤＤ２０２６１１１１０１２３'],
    ['电话１３８１２３４５６７８', 'phone', '13812345678', '１３８１２３４５６７８'],
    ['体重75㎏', 'weight', '75', '体重75㎏'],
    ['１６８ｃｍ', 'height', '168', '１６８ｃｍ'],
    ['身高１６５体重１１０斤', 'weight', '55', '体重１１０斤'],
    ['１７０／１３０', 'height', '170', '１７０'],
    ['十二点发货吗', 'datetime', '2026-11-24T12:00+08:00', '十二点'],
  ])('%s → %s %s', (text, type, value, written) => {
    const es = extractEntities(`亲，${text}`, { now: NOW });
    const e = es.find((x) => x.type === type);
    expect(e && [e.value, e.text]).toEqual([value, written]);
    expect(e && `亲，${text}`.slice(e.start, e.end)).toBe(written);
  });

  test('spans after a character NFKC widens (㎏ → kg) still point into the original', () => {
    const text = '75㎏，ＸＬ';
    const es = extractEntities(text, { now: NOW });
    expect(es.map((e) => [e.type, text.slice(e.start, e.end)])).toEqual([
      ['weight', '75㎏'],
      ['size', 'ＸＬ'],
    ]);
  });
});
