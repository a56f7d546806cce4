/**
 * Dates with a time of day: 明天下午三点, 今晚8点, 后天上午十点半, 12月1日下午3点, 周五下午, 下午3:30, 十二点前
 * → ISO 8601 in the shop's time zone.
 */
import type { Entity } from '../../core/recognizer';
import { extractDates } from './date';
import { DEFAULT_TIME_ZONE, todayIn, zonedIso } from './shop-zone';
import { CLOCK_SOURCE, clockMinutes, DAY_AND_PART, dayPart, PART_SOURCE, type ClockGroups } from './time-of-day';
import { laterTime, timeJoin } from './time-sequence';
import { entityAt, matchAll, type ExtractOptions } from './types';

const DAY_MS = 86_400_000;
const CLOCK_RE = new RegExp(CLOCK_SOURCE, 'g');
const PART_RE = new RegExp(`(?:${PART_SOURCE})`, 'g');
/** What may stand between a date and its time: 明天 下午, 周五的下午. */
const GAP = /^\s*的?\s*$/;

interface DateSpan {
  start: number;
  end: number;
  day: number;
}

/** A clock time already read: where it ends, its part of the day (own or taken), day and minutes. */
interface EarlierTime {
  end: number;
  part: string | undefined;
  day: number;
  minutes: number;
}

/** The date written right before `index` (only spaces or 的 between), if any. */
function dateBefore(text: string, dates: DateSpan[], index: number): DateSpan | undefined {
  return dates.find((d) => d.end <= index && GAP.test(text.slice(d.end, index)));
}

/**
 * Find dates with a time of day. The value is ISO 8601 in the shop's time zone (`timeZone`, with its offset on that day):
 * a time for a clock time (`2026-11-25T15:00+08:00`), an interval for a part of the day without a clock
 * time (周五下午 → `2026-11-27T13:00+08:00/2026-11-27T18:00+08:00`; 凌晨 0–6, 早上 6–9, 上午 9–12, 中午 11–13,
 * 下午 13–18, 傍晚 17–19, 晚上 18–24). Either way the first 10 characters are the date. A time without a
 * date is today's (下午3:30, 十二点前). Without 上午/下午…, 1点–6点 are read as afternoon (3点前下单 → 15:00).
 * In a range or list (到/至/-/~, 或/或者/和) a later time without its own part of the day or date takes the earlier
 * one's, and a range does not end before it starts (晚上十点到十二点 → 22:00 and 24:00).
 * A part of the day alone (下午好) is no entity; a date alone stays a `date` entity.
 *
 * @example
 * extractDateTimes('明天下午三点', { now: new Date('2026-11-24T10:00:00+08:00') });
 * // value '2026-11-25T15:00+08:00', text '明天下午三点'
 */
export function extractDateTimes(text: string, options: ExtractOptions = {}): Entity[] {
  const zone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const today = todayIn(options);
  const dates: DateSpan[] = extractDates(text, options).map((e) => ({
    start: e.start,
    end: e.end,
    day: Date.parse(`${e.value}T00:00:00Z`) / DAY_MS,
  }));
  const out: Entity[] = [];
  const push = (start: number, end: number, value: string): void => {
    out.push(entityAt('datetime', value, text.slice(start, end), start));
  };
  let earlier: EarlierTime | undefined;
  for (const m of matchAll(text, CLOCK_RE)) {
    const [partWord, ...clock] = m.slice(1) as ClockGroups;
    const date = dateBefore(text, dates, m.index);
    const end = m.index + m[0].length;
    // 晚上十点到十二点: a later time without its own part of the day or date is read in the earlier one's
    const join = earlier && !partWord && !date ? timeJoin(text.slice(earlier.end, m.index)) : undefined;
    const follows = join !== undefined ? earlier : undefined;
    const part = partWord ?? follows?.part;
    const read = clockMinutes([part, ...clock], text.slice(end), date !== undefined || follows !== undefined, text.slice(0, m.index));
    if (read === undefined) continue;
    const minutes = follows && join ? laterTime(read, follows.minutes, join) : read;
    const day = follows?.day ?? date?.day ?? today + (partWord ? (DAY_AND_PART[partWord]?.[0] ?? 0) : 0);
    push(date?.start ?? m.index, end, zonedIso(day, minutes, zone));
    earlier = { end, part, day, minutes };
  }
  for (const m of matchAll(text, PART_RE)) {
    const date = dateBefore(text, dates, m.index);
    const own = DAY_AND_PART[m[0]];
    const part = dayPart(m[0]);
    const day = date?.day ?? (own ? today + own[0] : undefined);
    if (part === undefined || day === undefined) continue; // 下午好: a part of the day alone is no entity
    push(date?.start ?? m.index, m.index + m[0].length, `${zonedIso(day, part.from * 60, zone)}/${zonedIso(day, part.to * 60, zone)}`);
  }
  return out;
}
