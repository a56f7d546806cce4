/**
 * The curated part of the pinyin lexicon (the rest comes from the flows: trigger keywords and intent examples,
 * see bundle-lexicon.ts). Earlier entries win when two words sound the same or share initials.
 */

/** Words shoppers write in pinyin or as initials (kuaidi, yhq): logistics, after-sales, money, sizes, service. */
export const SHOP_WORDS: readonly string[] = [
  '快递',
  '到哪了',
  '到哪里了',
  '物流',
  '发货',
  '什么时候发货',
  '什么时候到',
  '退货',
  '退款',
  '换货',
  '发票',
  '优惠券',
  '尺码',
  '多少钱',
  '有货吗',
  '还有货吗',
  '转人工',
  '人工客服',
  '客服',
  '订单',
  '包邮',
  '地址',
  '颜色',
  '售后',
  '退订',
  '谢谢',
  '你好',
  '在吗',
];

/**
 * Two-character function words that carry a pinyin sentence ("wo yao tuihuo", "zenme tuikuan"). They count as
 * words in pinyin but are never read from initials (wx is 微信 to most shoppers, not 我想).
 */
export const FUNCTION_WORDS: readonly string[] = ['我要', '我想', '可以', '怎么', '什么', '有没有', '能不能', '一下'];

/**
 * Single characters that glue shop words together ("wo yao tuihuo ma"). They are only used next to a word of
 * two or more characters: a message of glue alone ("you", "a", "ma") is never converted.
 */
export const GLUE_CHARS: readonly string[] = [
  '我',
  '你',
  '要',
  '想',
  '的',
  '了',
  '吗',
  '呢',
  '啊',
  '吧',
  '在',
  '有',
  '是',
  '不',
  '没',
  '还',
  '能',
  '哪',
  '个',
  '件',
  '帮',
  '给',
  '买',
  '查',
  '看',
];

/**
 * Lower-case letter groups that are never read as initials: size codes, units, chat shorthand (hh = 哈哈,
 * not 换货; zm = 怎么 as often as 在吗) and English.
 */
export const NOT_INITIALS: ReadonlySet<string> = new Set([
  'xs',
  'xl',
  'xxl',
  'xxs',
  'xxxl',
  'cm',
  'mm',
  'kg',
  'ml',
  'hh',
  'hhh',
  'hhhh',
  'ok',
  'hi',
  'no',
  'yes',
  'by',
  'bye',
  'pls',
  'plz',
  'thx',
  'ty',
  'np',
  'lol',
  'gg',
  'bb',
  'qq',
  'wx',
  'xx',
  'sm',
  'zm',
  'vip',
  'app',
  'sku',
  'id',
  'ps',
  'em',
  'emm',
  'emmm',
  'en',
  'ooo',
]);
