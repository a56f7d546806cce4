import type { LiveProduct } from '../live-types';

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
const LINK = /([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*号(?:链接|链|宝贝)?/;
const QUESTION = /[?？吗呢么嘛]|怎么|多少|多久|多长时间|何时|几|哪|什么|啥|能不能|可以|有没有|还有/;

function chineseNumber(text: string): number {
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (text === '十') return 10;
  if (text.startsWith('十')) return 10 + (CN_DIGITS[text[1]!] ?? 0);
  if (text.length === 2 && text[1] === '十') return (CN_DIGITS[text[0]!] ?? 0) * 10;
  if (text.length === 3 && text[1] === '十') return (CN_DIGITS[text[0]!] ?? 0) * 10 + (CN_DIGITS[text[2]!] ?? 0);
  return CN_DIGITS[text] ?? 0;
}

/**
 * The link number a comment names (`3号链接`, `三号`, `12号`), or undefined.
 *
 * @example
 * linkNumber('三号链接还有吗'); // 3
 */
export function linkNumber(text: string): number | undefined {
  const m = LINK.exec(text);
  const n = m ? chineseNumber(m[1]!) : 0;
  return n > 0 ? n : undefined;
}

/**
 * The product a comment names: by link number first, then by title or alias (longest match wins).
 *
 * @example
 * productOf('1号链接包邮吗', products); // the product with link 1
 */
export function productOf(text: string, products: readonly LiveProduct[]): LiveProduct | undefined {
  const link = linkNumber(text);
  if (link !== undefined) return products.find((p) => p.link === link);
  let best: LiveProduct | undefined;
  let bestLength = 0;
  for (const p of products)
    for (const name of [p.title, ...p.aliases])
      if (name.length > bestLength && text.includes(name)) {
        best = p;
        bestLength = name.length;
      }
  return best;
}

/** Whether a comment reads like a question (worth keeping under overload before chatter). */
export function looksLikeQuestion(text: string): boolean {
  return QUESTION.test(text) || LINK.test(text);
}

/** Whether `text` contains any of `words`. */
export function containsAny(text: string, words: readonly string[]): boolean {
  for (const w of words) if (text.includes(w)) return true;
  return false;
}
