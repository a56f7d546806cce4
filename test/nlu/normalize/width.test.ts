import { normalizeWidth } from '../../../src/nlu/normalize';

describe('normalizeWidth', () => {
  it('turns full-width letters, digits and symbols into plain ones', () => {
    expect(normalizeWidth('ＸＬ有货吗')).toBe('XL有货吗');
    expect(normalizeWidth('订单号１２３４５６')).toBe('订单号123456');
    expect(normalizeWidth('ｉＰｈｏｎｅ　１５')).toBe('iPhone 15');
    expect(normalizeWidth('身高１７０㎝，体重６５㎏')).toBe('身高170cm，体重65kg');
  });

  it('keeps ordinary Chinese punctuation and plain text as written', () => {
    expect(normalizeWidth('在吗？好的！（谢谢）～')).toBe('在吗？好的！（谢谢）～');
    expect(normalizeWidth('我要XL码，DD20260101123')).toBe('我要XL码，DD20260101123');
  });
});
