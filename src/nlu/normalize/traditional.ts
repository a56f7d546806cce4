/**
 * Traditional Chinese (Taiwan and Hong Kong forms) → Simplified Chinese as written in mainland China, with
 * opencc-js: only its Traditional → Simplified build is loaded (about 110 KB, ~15 ms once), and only the
 * variant tables of Hong Kong and Taiwan and the Traditional → Simplified phrase and character tables
 * (no regional vocabulary swaps: 滑鼠 stays 滑鼠). Simplified text passes through unchanged.
 */
import { ConverterFactory, Locale, type ConverterFunction } from 'opencc-js/t2cn';

let converter: ConverterFunction | undefined;

/**
 * Simplified characters that opencc's Traditional tables would change again: 么 (as in 可以么) is also the
 * Traditional form of 幺, so 么 → 幺. Found by running every Simplified output of the character table back through
 * the converter; 么 is the only common one. Text around it is converted, it stays.
 */
const KEPT_SIMPLIFIED = /(么)/;

/**
 * Convert Traditional characters and phrases to Simplified: 買兩件 → 买两件, 退貨 → 退货, 衞生 → 卫生, 穿著 → 穿着,
 * 什麼 → 什么 (while 可以么 stays 可以么).
 * About 1 µs for a short message; the converter is built on the first call.
 *
 * @example
 * toSimplified('這件有ＸＬ碼嗎'); // '这件有ＸＬ码吗'
 */
export function toSimplified(text: string): string {
  const convert = (converter ??= ConverterFactory(...Locale.from.hk, ...Locale.from.tw, ...Locale.to.cn));
  if (!KEPT_SIMPLIFIED.test(text)) return convert(text);
  return text
    .split(KEPT_SIMPLIFIED)
    .map((part, i) => (i % 2 === 1 ? part : convert(part)))
    .join('');
}
