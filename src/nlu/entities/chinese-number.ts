/**
 * Parsing of Chinese numerals (一, 两, 十, 二十三, 一百零五, 两千) and mixed digit strings.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  俩: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Regex source matching one Chinese numeral (at least one character). */
export const CN_NUMBER_SOURCE = '[零〇一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万]+';

/** Regex source matching an Arabic or Chinese number. */
export const ANY_NUMBER_SOURCE = `(?:\\d+(?:\\.\\d+)?|${CN_NUMBER_SOURCE})`;

function parseBelowWan(s: string): number | undefined {
  let total = 0;
  let current = 0;
  let sawAny = false;
  for (const ch of s) {
    if (ch in DIGITS) {
      current = DIGITS[ch];
      sawAny = true;
    } else if (ch in UNITS) {
      total += (current === 0 && !sawAny ? 1 : current) * UNITS[ch];
      current = 0;
      sawAny = true;
    } else {
      return undefined;
    }
  }
  return sawAny ? total + current : undefined;
}

/**
 * Parse a Chinese numeral; `undefined` when it is not one.
 *
 * @example
 * parseChineseNumber('二十三'); // 23
 * parseChineseNumber('两');     // 2
 * parseChineseNumber('一百零五'); // 105
 */
export function parseChineseNumber(s: string): number | undefined {
  if (s.length === 0) return undefined;
  // Digit-by-digit form such as 一一 (双一一) or 六一八.
  if ([...s].every((c) => c in DIGITS) && s.length > 1) {
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  const wan = s.indexOf('万');
  if (wan >= 0) {
    const high = wan === 0 ? 1 : parseBelowWan(s.slice(0, wan));
    const low = wan === s.length - 1 ? 0 : parseBelowWan(s.slice(wan + 1));
    if (high === undefined || low === undefined) return undefined;
    return high * 10000 + low;
  }
  return parseBelowWan(s);
}

/**
 * Parse an Arabic (`23`, `9.9`) or Chinese (`二十三`) number.
 *
 * @example
 * parseAnyNumber('3'); // 3
 * parseAnyNumber('两'); // 2
 */
export function parseAnyNumber(s: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  return parseChineseNumber(s);
}
