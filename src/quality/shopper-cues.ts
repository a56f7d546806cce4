import { normalizeWidth } from '../nlu/normalize/width';
import { toSimplified } from '../nlu/normalize/traditional';
import type { ShopperCue } from './outcome';

/**
 * Explicit negative feedback on the bot's answers: giving up, "useless", "you don't understand", scorn, threats to
 * complain elsewhere. Substrings of the normalised message (full-width → plain, 繁体 → 简体, lower case).
 */
const NEGATIVE = [
  ...['算了', '没用', '没有用', '有啥用', '有什么用', '不管用', '白问', '白说', '浪费时间', '答非所问', '牛头不对马嘴'],
  ...['听不懂', '看不懂我', '不懂我', '不明白我', '听不明白', '帮不了', '没帮上', '解决不了', '没解决', '还是不行', '不靠谱'],
  ...['无语', '呵呵', '服了', '醉了', '垃圾', '智障', '弱智', '废物', '什么破', '破店', '破机器', '差评', '坑人', '骗子'],
  ...['12315', '去投诉', '投诉你们', '要投诉', '人话'],
];

/** The shopper says the bot answered something else ("我不是问这个", "我问的是…", "不是这个"). */
const CORRECTION = /不是(这个|这单|那个|问|说|要)|我(问|说)的是|我是(说|问|要)|我不是|答错|搞错了|理解错/;

/** Only question marks, dots or exclamation marks ("？？？", "。。。"): bewilderment. */
const BEWILDERED = /^[?？.。…!！\s]{2,}$/;

const THANKS = ['谢谢', '谢啦', '谢了', '多谢', '感谢', '3q', 'thx', 'thank'];

/** Short acknowledgements: the answer was taken in. */
const ACK = [
  ...['好的', '好嘞', '好吧', '好滴', '好', '行', '嗯', '哦', 'ok', '👌', '👍', '收到', '懂了', '明白', '知道了', '了解'],
  ...['看到了', '可以了', '原来如此', '没问题', '买了', '下单了', '拍了', '找到了'],
];

/** What one shopper message says about the answers before it: cues and the words that showed them. */
export interface ReadCues {
  cues: ShopperCue[];
  words: string[];
}

/**
 * Reads one shopper message for feedback on the bot's answers. Negative feedback wins over politeness
 * ("谢谢 你帮不了我" is negative and thanks).
 *
 * @example
 * readShopperCues('算了 不改了'); // { cues: ['negative'], words: ['算了'] }
 * readShopperCues('好的谢谢');    // { cues: ['thanks', 'ack'], words: ['谢谢', '好的'] }
 */
export function readShopperCues(text: string): ReadCues {
  const plain = toSimplified(normalizeWidth(text)).toLowerCase().trim();
  const cues: ShopperCue[] = [];
  const words: string[] = [];
  const negative = NEGATIVE.find((w) => plain.includes(w)) ?? (BEWILDERED.test(plain) ? plain.slice(0, 8) : undefined);
  if (negative !== undefined) {
    cues.push('negative');
    words.push(negative);
  }
  const correction = CORRECTION.exec(plain)?.[0];
  if (correction !== undefined) {
    cues.push('correction');
    words.push(correction);
  }
  const thanks = THANKS.find((w) => plain.includes(w));
  if (thanks !== undefined) {
    cues.push('thanks');
    words.push(thanks);
  }
  const ack = plain.length <= 16 ? ACK.find((w) => plain.includes(w)) : undefined;
  if (ack !== undefined) {
    cues.push('ack');
    words.push(ack);
  }
  return { cues, words };
}
