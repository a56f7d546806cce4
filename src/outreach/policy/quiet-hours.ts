import { ALLOW, block, type PolicyDecision } from './decision';

/** Local clock range in which no proactive message is sent; `start` > `end` wraps midnight. */
export interface QuietHours {
  /** Minutes after local midnight, default 22:00. */
  startMinute: number;
  /** Minutes after local midnight, default 08:00. */
  endMinute: number;
}

/** 22:00–08:00. */
export const DEFAULT_QUIET_HOURS: QuietHours = { startMinute: 22 * 60, endMinute: 8 * 60 };

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (e.g. `Asia/Shanghai`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Minutes after midnight (with seconds as a fraction) of `now` on the clock of `timeZone`. */
export function localMinuteOfDay(now: number, timeZone: string): number {
  const parts = formatFor(timeZone).formatToParts(now);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute') + get('second') / 60;
}

/**
 * Quiet-hours rule in the shopper's time zone. Blocked decisions carry `retryAt`: the end of the
 * quiet period, when the job should be postponed to (never dropped).
 *
 * @example
 * quietHoursRule(Date.parse('2026-01-01T15:00:00Z'), 'Asia/Shanghai'); // 23:00 local → blocked, retryAt 08:00 local
 */
export function quietHoursRule(now: number, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): PolicyDecision {
  if (quiet.startMinute === quiet.endMinute) return ALLOW;
  const minute = localMinuteOfDay(now, timeZone);
  const inQuiet =
    quiet.startMinute < quiet.endMinute
      ? minute >= quiet.startMinute && minute < quiet.endMinute
      : minute >= quiet.startMinute || minute < quiet.endMinute;
  if (!inQuiet) return ALLOW;
  const untilEnd = (quiet.endMinute - minute + 1440) % 1440;
  return block('quiet_hours', Math.ceil(now + untilEnd * 60_000));
}

/** Parse `22:00-08:00` into {@link QuietHours}. */
export function parseQuietHours(text: string): QuietHours {
  const m = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return DEFAULT_QUIET_HOURS;
  return { startMinute: Number(m[1]) * 60 + Number(m[2]), endMinute: Number(m[3]) * 60 + Number(m[4]) };
}
