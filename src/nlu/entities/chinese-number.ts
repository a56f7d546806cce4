/**
 * Parsing of numbers as shoppers write them: Chinese numerals (一, 两, 二十三, 一百零五, 两千), the spoken
 * short forms (两万三 = 23000, 三千五 = 3500, 百二 = 120, 十几 ≈ 15), 俩/仨, and digits with a
 * multiplier (1w, 2.5w, 3k, 1.2万, 1万5).
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
  仨: 3,
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
/** 几 ("some") after a unit, as in 十几 or 一米六几, is read as the middle of its range: 5. */
const APPROX_DIGIT = 5;

const CN_CHARS = '零〇一壹二贰两俩仨三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万';

/**
 * Regex source matching one Chinese numeral (at least one character; 十几-style endings included). It
 * starts only where a run of numeral characters starts, so a long run is scanned once, not once per character.
 */
export const CN_NUMBER_SOURCE = `(?<![${CN_CHARS}])[${CN_CHARS}]+几?`;

/** Regex source matching digits with a multiplier: 1w, 2.5w, 3k, 1.2万, 3千, 1万5 (not 3kg, 20W快充 needs context). */
export const SCALED_NUMBER_SOURCE = '\\d+(?:\\.\\d+)?(?:万\\d?(?!\\d)|千\\d?(?!\\d)|[wWkK](?![A-Za-z]))';

/** Regex source matching an Arabic or Chinese number. */
export const ANY_NUMBER_SOURCE = `(?:\\d+(?:\\.\\d+)?|${CN_NUMBER_SOURCE})`;

const TOKEN_RE = /\d+(?:\.\d+)?|[^]/g;

/** A lone trailing digit after a unit counts one unit lower: 一百二 = 120, 三千五 = 3500 (but 十五 = 15). */
function trailingDigit(digit: number, lastUnit: number, single: boolean): number {
  return single && lastUnit >= 100 ? (digit * lastUnit) / 10 : digit;
}

/** A number below 万, from tokens (Chinese digits and units, Arabic digit runs). */
function parseBelowWan(s: string): number | undefined {
  const tokens = s.match(TOKEN_RE) ?? [];
  let total = 0;
  let digit: number | undefined;
  let single = false;
  let lastUnit = 0;
  let sawAny = false;
  for (const [i, tok] of tokens.entries()) {
    if (tok === '零' || tok === '〇') {
      if (digit !== undefined) return undefined;
      lastUnit = 0;
      sawAny = true;
      continue;
    }
    const d = /^\d/.test(tok) ? Number(tok) : tok === '几' && i === tokens.length - 1 && lastUnit > 0 ? APPROX_DIGIT : DIGITS[tok];
    if (d !== undefined) {
      if (digit !== undefined) return undefined;
      [digit, single, sawAny] = [d, tok.length === 1, true];
      continue;
    }
    const unit = UNITS[tok];
    if (unit === undefined || (digit === undefined && sawAny)) return undefined;
    total += (digit ?? 1) * unit;
    [digit, lastUnit, sawAny] = [undefined, unit, true];
  }
  if (!sawAny) return undefined;
  return total + (digit === undefined ? 0 : trailingDigit(digit, lastUnit, single));
}

/** The part after 万: a lone digit counts in thousands (两万三 = 23000, 1万5 = 15000). */
function parseAfterWan(s: string): number | undefined {
  if (s === '') return 0;
  const lone = s in DIGITS ? DIGITS[s] : /^\d$/.test(s) ? Number(s) : undefined;
  return lone ? lone * 1000 : parseBelowWan(s);
}

/**
 * Parse a Chinese numeral (Arabic digit runs may stand for digits, as in 1万5); `undefined` when it is not one.
 *
 * @example
 * parseChineseNumber('二十三'); // 23
 * parseChineseNumber('两万三'); // 23000
 * parseChineseNumber('百二');   // 120
 * parseChineseNumber('十几');   // 15 (几 reads as 5)
 */
export function parseChineseNumber(s: string): number | undefined {
  if (s.length === 0) return undefined;
  // Digit-by-digit form such as 一一 (双一一), 六一八 or 七五 (一米七五).
  if ([...s].every((c) => c in DIGITS) && s.length > 1) {
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  const wan = s.indexOf('万');
  if (wan >= 0) {
    const high = wan === 0 ? 1 : parseBelowWan(s.slice(0, wan));
    const low = parseAfterWan(s.slice(wan + 1));
    if (high === undefined || low === undefined) return undefined;
    return high * 10000 + low;
  }
  return parseBelowWan(s);
}

/**
 * Parse an Arabic (`23`, `9.9`), scaled (`1w`, `2.5w`, `3k`, `1.2万`) or Chinese (`二十三`) number.
 *
 * @example
 * parseAnyNumber('3'); // 3
 * parseAnyNumber('两'); // 2
 * parseAnyNumber('2.5w'); // 25000
 */
export function parseAnyNumber(s: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const scaled = /^(\d+(?:\.\d+)?)([wWkK])$/.exec(s);
  if (scaled) return Math.round(Number(scaled[1]) * (/[wW]/.test(scaled[2]) ? 10000 : 1000) * 100) / 100;
  const n = parseChineseNumber(s);
  return n === undefined ? undefined : Math.round(n * 100) / 100;
}
