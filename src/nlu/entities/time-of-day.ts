/**
 * Times of day as shoppers write them: 下午三点, 十点半, 3:30, 晚上12点, 三点一刻, 凌晨两点; and parts of the
 * day (上午, 下午, 今晚) as hour ranges. Minutes are counted from the local midnight of the day they belong to
 * (晚上12点 is 24:00, the next midnight).
 */
import { parseAnyNumber } from './chinese-number';

/** How a part of the day turns a 12-hour clock into 24 hours. */
type Clock = 'morning' | 'noon' | 'afternoon' | 'night';

interface DayPart {
  clock: Clock;
  /** Hours [from, to) of the part; 24 is the next midnight. */
  from: number;
  to: number;
}

const PARTS: Record<string, DayPart> = {
  凌晨: { clock: 'morning', from: 0, to: 6 },
  早上: { clock: 'morning', from: 6, to: 9 },
  早晨: { clock: 'morning', from: 6, to: 9 },
  清晨: { clock: 'morning', from: 6, to: 9 },
  一早: { clock: 'morning', from: 6, to: 9 },
  上午: { clock: 'morning', from: 9, to: 12 },
  中午: { clock: 'noon', from: 11, to: 13 },
  下午: { clock: 'afternoon', from: 13, to: 18 },
  傍晚: { clock: 'afternoon', from: 17, to: 19 },
  晚上: { clock: 'night', from: 18, to: 24 },
  夜里: { clock: 'night', from: 18, to: 24 },
  夜间: { clock: 'night', from: 18, to: 24 },
  // the late night ahead: 半夜十二点 is the coming midnight, 半夜两点 the 2:00 after it (never noon or 14:00)
  深夜: { clock: 'night', from: 22, to: 24 },
  半夜: { clock: 'night', from: 22, to: 24 },
  午夜: { clock: 'night', from: 22, to: 24 },
};

/** Words that name a day and a part of it: 今晚 = today + 晚上. */
export const DAY_AND_PART: Record<string, [dayOffset: number, part: string]> = {
  今晚: [0, '晚上'],
  今夜: [0, '晚上'],
  明晚: [1, '晚上'],
  昨晚: [-1, '晚上'],
  今早: [0, '早上'],
  明早: [1, '早上'],
};

/** Regex source of a part-of-day word (今晚-style words first). */
export const PART_SOURCE = [...Object.keys(DAY_AND_PART), ...Object.keys(PARTS)].join('|');

const CN_HOUR = '[零一二两三四五六七八九十]{1,3}';
const MINUTE =
  '半|[一三]刻|\\d{2}(?!\\d)\\s*分?|\\d\\s*分|[一二三四五]?十[一二三四五六七八九]?\\s*分?|零[一二三四五六七八九]\\s*分?|[一二三四五六七八九]\\s*分';
/** After a bare Chinese hour (no part of day, no minutes) one of these must follow: 三点前 yes, 便宜一点 no. */
const CN_HOUR_TAIL = /^(?:前|之前|以前|后|之后|以后|左右|整|多(?!少))/;
/** 十点, 十一点, 十二点 need no tail (nobody says 便宜十二点); a number going on (十二点五) is no time. */
const CN_TEN_HOUR = /^十[一二]?$/;
const NUMBER_GOES_ON = /^\s*[\d零〇一二两三四五六七八九十]/;
/** A bare 十二点 that is a number, not a time: 打十二点折, 十二点几, 还差十二点. */
const NOT_A_TIME_AFTER = /^\s*(?:折|几)/;
const NOT_A_TIME_BEFORE = /(?:打|差)\s*$/;

/**
 * Regex source of a clock time with an optional part of the day before it. Groups: 1 part word,
 * 2–3 hour and minutes of `H:MM`, 4 hour before 点, 5 钟, 6 minutes after 点.
 */
export const CLOCK_SOURCE =
  `(?:(${PART_SOURCE})\\s*)?` +
  `(?:(?<![\\d.:第])(\\d{1,2})[:：](\\d{2})(?![\\d:])` +
  `|(?<![\\d.:第])(\\d{1,2}|${CN_HOUR})\\s*点(钟)?(?:\\s*(${MINUTE}))?)`;

/** The part of the day a part word names. */
export function dayPart(word: string): DayPart | undefined {
  return PARTS[DAY_AND_PART[word]?.[1] ?? word];
}

/** A 12- or 24-hour clock hour read as 0..28 (past 24: after the next midnight), by the part of the day. */
function hour24(h: number, part: DayPart | undefined): number {
  if (part === undefined) return h >= 1 && h <= 6 ? h + 12 : h; // 3点前下单: 15:00
  switch (part.clock) {
    case 'morning':
      return h === 12 ? 0 : h;
    case 'noon':
      return h >= 1 && h <= 3 ? h + 12 : h;
    case 'afternoon':
      return h < 12 ? h + 12 : h;
    case 'night':
      if (h === 12) return 24;
      return h < 5 ? h + 24 : h < 12 ? h + 12 : h;
  }
}

function minutesOf(written: string | undefined): number | undefined {
  if (!written) return 0;
  if (written === '半') return 30;
  if (written.endsWith('刻')) return written.startsWith('一') ? 15 : 45;
  return parseAnyNumber(written.replace(/\s*分$/, ''));
}

/** Parts of a {@link CLOCK_SOURCE} match, as strings (undefined when absent). */
export type ClockGroups = [part?: string, colonHour?: string, colonMinute?: string, hour?: string, zhong?: string, minute?: string];

/** A bare Chinese hour (no part of day, minutes, 钟 or date) is a time only with a tail (三点前), or as 十/十一/十二点 used as a time. */
function bareHourIsTime(hour: string, after: string, before: string): boolean {
  if (CN_HOUR_TAIL.test(after)) return true;
  return CN_TEN_HOUR.test(hour) && !NUMBER_GOES_ON.test(after) && !NOT_A_TIME_AFTER.test(after) && !NOT_A_TIME_BEFORE.test(before);
}

/**
 * Minutes after the local midnight of a clock match, or undefined when it is no time of day. `after` and `before`
 * are the text around the match. `attached` says a date or an earlier time is written right before it (明天三点,
 * 下午三点到五点), which makes a bare Chinese hour a time.
 *
 * @example
 * clockMinutes(['下午', undefined, undefined, '三', undefined, undefined], '', false); // 900 (15:00)
 */
export function clockMinutes(g: ClockGroups, after: string, attached: boolean, before = ''): number | undefined {
  const [partWord, colonHour, colonMinute, hour, zhong, minute] = g;
  const part = partWord === undefined ? undefined : dayPart(partWord);
  const h = parseAnyNumber(colonHour ?? hour ?? '');
  const m = colonMinute !== undefined ? Number(colonMinute) : minutesOf(minute);
  if (h === undefined || m === undefined || h > 24 || m > 59 || !Number.isInteger(h)) return undefined;
  const chineseHour = hour !== undefined && !/^\d/.test(hour);
  const bare = chineseHour && !part && !attached && !minute && !zhong;
  if (bare && !bareHourIsTime(hour, after, before)) return undefined;
  return hour24(h, part) * 60 + m;
}
