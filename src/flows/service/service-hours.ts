import { parseWeekDays } from './week-days';
import { clockText, isTimeZone, localDay, zonedInstant } from './zoned-time';

/**
 * When human operators work, as written in flows/settings.yaml:
 *
 * ```yaml
 * service_hours:
 *   days: 周一至周日        # 每天, 周一至周五, 周一、周三、周五 …
 *   open: '09:00'
 *   close: '22:00'         # 24:00 for midnight; earlier than open: the shift ends the next day
 *   timezone: Asia/Shanghai # optional, default the shop's (KEFU_TIMEZONE)
 * ```
 */
export interface ServiceHoursSettings {
  days: string;
  open: string;
  close: string;
  timezone?: string;
}

/** {@link ServiceHoursSettings} parsed: weekdays (0 = Sunday) and minutes after local midnight. */
export interface ServiceHours {
  days: Set<number>;
  openMinute: number;
  /** After `openMinute`; above 1440 when the shift ends the next day. */
  closeMinute: number;
  timeZone: string;
  /** `09:00–22:00`, for texts. */
  hoursText: string;
  /** `周一至周日`, as written. */
  daysText: string;
}

/** A stretch of service time `[start, end)` in ms since epoch. */
export type ServiceWindow = readonly [start: number, end: number];

const CLOCK = /^([01]?\d|2[0-4]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM` (`24:00` is 1440), or undefined when it is not such a time. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK.exec(text.trim());
  if (!m) return undefined;
  const minute = Number(m[1]) * 60 + Number(m[2]);
  return minute <= 1440 ? minute : undefined;
}

/** One problem of service-hours settings: the key, what is wrong, and how to fix it. */
export interface ServiceHoursProblem {
  key: 'days' | 'open' | 'close' | 'timezone';
  /** What is wrong: a bad value of `key`, or open and close being the same time. */
  kind: 'bad-value' | 'same-time';
  /** The value as written. */
  value: string;
  message: string;
  fix: string;
}

/**
 * What is wrong with service-hours settings (empty when they are fine).
 *
 * @example
 * serviceHoursProblems({ days: '周八', open: '09:00', close: '22:00' }); // [{ key: 'days', … }]
 */
export function serviceHoursProblems(settings: ServiceHoursSettings): ServiceHoursProblem[] {
  const problems: ServiceHoursProblem[] = [];
  const days = parseWeekDays(settings.days);
  if (typeof days === 'string') problems.push({ key: 'days', kind: 'bad-value', value: String(settings.days), message: `service_hours.days: ${days}.`, fix: 'write e.g. 每天, 周一至周日, 周一至周五 or 周一、周三、周五.' });
  const open = parseClock(settings.open);
  const close = parseClock(settings.close);
  if (open === undefined || open === 1440) problems.push({ key: 'open', kind: 'bad-value', value: String(settings.open), message: `service_hours.open '${settings.open}' is not a time of day.`, fix: "write it as 'HH:MM' in quotes, e.g. '09:00'." });
  if (close === undefined) problems.push({ key: 'close', kind: 'bad-value', value: String(settings.close), message: `service_hours.close '${settings.close}' is not a time of day.`, fix: "write it as 'HH:MM' in quotes, e.g. '22:00' ('24:00' for midnight)." });
  if (open !== undefined && open === close) {
    problems.push({ key: 'close', kind: 'same-time', value: String(settings.open), message: `service_hours.open and close are both '${settings.open}'.`, fix: "for round-the-clock service write open '00:00' and close '24:00'." });
  }
  if (settings.timezone !== undefined && !isTimeZone(settings.timezone)) {
    problems.push({ key: 'timezone', kind: 'bad-value', value: String(settings.timezone), message: `service_hours.timezone '${settings.timezone}' is not a time zone.`, fix: 'use an IANA name such as Asia/Shanghai, or leave it out to use the shop time zone.' });
  }
  return problems;
}

/**
 * Parses service-hours settings (validated when flows load; a bad value falls back to 09:00–22:00 every day).
 *
 * @example
 * const hours = compileServiceHours({ days: '周一至周五', open: '09:00', close: '18:00' }, 'Asia/Shanghai');
 * isOpenAt(hours, Date.parse('2025-11-22T10:00:00+08:00')); // false: a Saturday
 */
export function compileServiceHours(settings: ServiceHoursSettings, defaultTimeZone: string): ServiceHours {
  const parsed = parseWeekDays(settings.days);
  const days = typeof parsed === 'string' ? new Set([0, 1, 2, 3, 4, 5, 6]) : parsed;
  const openMinute = parseClock(settings.open) ?? 9 * 60;
  let closeMinute = parseClock(settings.close) ?? 22 * 60;
  if (closeMinute <= openMinute) closeMinute += 1440;
  const timeZone = settings.timezone ?? defaultTimeZone;
  return { days, openMinute, closeMinute, timeZone, hoursText: `${clockText(openMinute)}–${closeMinute === 1440 ? '24:00' : clockText(closeMinute)}`, daysText: settings.days };
}

/** The service windows that start on `count` local days from the day before `at`'s, oldest first. */
export function serviceWindows(hours: ServiceHours, at: number, count = 10): ServiceWindow[] {
  const windows: ServiceWindow[] = [];
  for (let offset = -1; offset < count - 1; offset++) {
    const day = localDay(at, hours.timeZone, offset);
    if (!hours.days.has(day.weekday)) continue;
    windows.push([zonedInstant(day, hours.openMinute, hours.timeZone), zonedInstant(day, hours.closeMinute, hours.timeZone)]);
  }
  return windows;
}

/** The service window `now` falls in, if any. */
export function currentWindow(hours: ServiceHours, now: number): ServiceWindow | undefined {
  return serviceWindows(hours, now, 2).find(([start, end]) => start <= now && now < end);
}

/** Whether `now` is within service hours. */
export function isOpenAt(hours: ServiceHours, now: number): boolean {
  return currentWindow(hours, now) !== undefined;
}

/** When service hours next begin after `now` (the start of the next window, even while open now). */
export function nextOpening(hours: ServiceHours, now: number): number {
  const next = serviceWindows(hours, now, 9).find(([start]) => start > now);
  return next ? next[0] : now; // every week has a service day, so a window starts within 8 days
}

/**
 * The moment `minutes` of service time have passed after `from`: time outside service hours does not count.
 * Used for when staff will have answered a ticket (e.g. 120 service minutes after 21:30 is 10:30 the next day
 * with 09:00–22:00 hours).
 */
export function addServiceMinutes(hours: ServiceHours, from: number, minutes: number): number {
  let left = minutes * 60_000;
  let cursor = from;
  for (let round = 0; round < 400; round++) {
    for (const [start, end] of serviceWindows(hours, cursor, 9)) {
      if (end <= cursor) continue;
      const begin = Math.max(start, cursor);
      if (begin + left <= end) return begin + left;
      left -= end - begin;
      cursor = end;
    }
  }
  return cursor;
}
