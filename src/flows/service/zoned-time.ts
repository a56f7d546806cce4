/**
 * Wall-clock arithmetic in an IANA time zone (Asia/Shanghai, …) with Intl only: the local date of an instant,
 * the instant of a local date and time, and the Chinese way of naming an instant relative to today.
 */

/** A local calendar day: year, month 1-12, day 1-31, weekday 0 (Sunday) … 6. */
export interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone); // one formatter per zone: building one costs far more than using it
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** True when this runtime knows `timeZone` (e.g. `Asia/Shanghai`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock of `at` in `timeZone`, read as if it were UTC (ms). */
function wallClock(at: number, timeZone: string): number {
  const parts = formatFor(timeZone).formatToParts(at);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The local day of `at` in `timeZone`, `offset` days later (negative: earlier). */
export function localDay(at: number, timeZone: string, offset = 0): LocalDay {
  const wall = new Date(wallClock(at, timeZone));
  const d = new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + offset));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/**
 * The instant at `minute` minutes after local midnight of `day` in `timeZone` (minute may exceed 1440: the next
 * day). Twice-corrected for the zone's offset, so days that change offset (summer time) come out right.
 */
export function zonedInstant(day: Pick<LocalDay, 'year' | 'month' | 'day'>, minute: number, timeZone: string): number {
  const wall = Date.UTC(day.year, day.month - 1, day.day, 0, minute);
  const first = wall - (wallClock(wall, timeZone) - wall);
  return wall - (wallClock(first, timeZone) - first);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** `HH:MM` of a minute of the day. */
export function clockText(minute: number): string {
  const m = ((minute % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * `at` as a shopper would say it, seen from `now`: `今天 21:30`, `明天 09:00`, `后天 09:00`, else `11月24日（周一）09:00`.
 *
 * @example
 * relativeTimeText(Date.parse('2025-11-21T09:00:00+08:00'), Date.parse('2025-11-20T23:30:00+08:00'), 'Asia/Shanghai'); // '明天 09:00'
 */
export function relativeTimeText(at: number, now: number, timeZone: string): string {
  const wall = wallClock(at, timeZone);
  const target = localDay(at, timeZone);
  const today = localDay(now, timeZone);
  const days = Math.round((Date.UTC(target.year, target.month - 1, target.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
  const clock = clockText(Math.floor((wall % 86_400_000) / 60_000));
  if (days === 0) return `今天 ${clock}`;
  if (days === 1) return `明天 ${clock}`;
  if (days === 2) return `后天 ${clock}`;
  return `${target.month}月${target.day}日（${WEEKDAYS[target.weekday]}）${clock}`;
}
