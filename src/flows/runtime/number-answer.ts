/**
 * Numbers in an answer, as digits or simple Chinese (三, 十二, 两).
 */

const CN_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A number found in a text and where it is. */
export interface FoundNumber {
  value: number;
  start: number;
  end: number;
}

/**
 * The first number in a text (digits or simple Chinese: 三, 十二, 两) with where it is.
 *
 * @example
 * findNumber('要十二个'); // { value: 12, start: 1, end: 3 }
 */
export function findNumber(text: string): FoundNumber | undefined {
  const m = /-?\d+(\.\d+)?/.exec(text);
  if (m) return { value: Number(m[0]), start: m.index, end: m.index + m[0].length };
  const cn = /[零一二两三四五六七八九十]+/.exec(text);
  if (!cn) return undefined;
  const s = cn[0];
  const span = { start: cn.index, end: cn.index + s.length };
  if (s.includes('十')) {
    const [a, b] = s.split('十');
    return { value: (a ? (CN_DIGITS[a] ?? 1) : 1) * 10 + (b ? (CN_DIGITS[b] ?? 0) : 0), ...span };
  }
  return s.length === 1 ? { value: CN_DIGITS[s], ...span } : undefined;
}

/**
 * A number written as digits or simple Chinese (三, 十二, 两), else undefined.
 *
 * @example
 * parseNumber('两'); // 2
 */
export function parseNumber(text: string): number | undefined {
  return findNumber(text)?.value;
}
