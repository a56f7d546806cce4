/**
 * Common misspellings in shoppers' messages and what they mean. Small on purpose: an entry is here only when
 * the wrong form practically never means anything else in a shop chat. Keys are Chinese characters only, so a
 * fix can never land inside an order number, a phone number or a product code (checked in typos.ts).
 *
 * Traditional forms (優惠券, 發票, 麽 → 么) are not listed: opencc-js converts them first (traditional.ts), and
 * the table then also fixes a misspelling written in Traditional (優惠卷 → 优惠卷 → 优惠券).
 */
export const TYPO_TABLE: readonly (readonly [wrong: string, right: string])[] = [
  // 1. Homophones picked from the pinyin IME's candidate list (the most frequent kind): same or near sound,
  //    wrong character. youhuiquan → 优惠卷 (卷 juan is the IME's usual first pick for "quan" typed fast).
  ['优惠卷', '优惠券'],
  ['优慧卷', '优惠券'],
  ['优慧券', '优惠券'],
  ['忧惠券', '优惠券'],
  ['优汇券', '优惠券'],
  ['发漂', '发票'],
  ['快第', '快递'],
  ['块递', '快递'],
  ['快弟', '快递'],
  ['物留', '物流'],
  // 2. Variant characters (异体字) outside opencc's tables: 欵 is an old form of 款 (退欵 → 退款).
  ['欵', '款'],
  // 3. Internet spellings (网络用语) for question words, from chat slang: 肿么 = 怎么, 神马 = 什么, 木有 = 没有.
  ['肿么', '怎么'],
  ['神马', '什么'],
  ['有木有', '有没有'],
  ['木有', '没有'],
];
