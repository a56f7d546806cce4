/**
 * Dates: 今天/明天/后天, 周五/星期五/下周一/这周六, 6月18日/6.18/2026-06-18, 618, 双11/双十一/双12
 * → ISO date (YYYY-MM-DD) relative to `now` in the shop's time zone.
 */
import type { Entity } from '../../core/recognizer';
import { parseAnyNumber } from './chinese-number';
import { todayIn } from './shop-zone';
import { entityAt, matchAll, type ExtractOptions } from './types';

const DAY_MS = 86_400_000;
const WEEKDAY: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};
const RELATIVE: Record<string, number> = { 大前天: -3, 前天: -2, 昨天: -1, 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 };

const RELATIVE_RE = /大前天|前天|昨天|今天|今日|明天|明日|大后天|后天/g;
const WEEK_RE = /(下下|下个?|上个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天1-7])/g;
const FULL_RE = /(?<!\d)(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)/g;
const MONTH_DAY_RE = /(?<![\d.])(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]/g;
const DOTTED_RE = /(?<![\d.A-Za-z¥￥])(\d{1,2})\.(\d{1,2})(?![\d.]|\s*(?:元|块|寸|英寸|kg|KG|斤|米|cm|mm|m(?![a-z])|版|G|g|%|折|倍|万))/g;
const FESTIVAL_RE =
  /双(11|十一|一一|12|十二|一二)|(?<![\d.¥￥A-Za-z])(618|1111|1212)(?![\d.]|\s*(?:元|块|rmb|RMB|号|码|个|件|次|g|ml|mAh))/g;

function iso(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOf(y: number, m: number, d: number): number | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = Date.UTC(y, m - 1, d);
  if (new Date(t).getUTCDate() !== d) return undefined;
  return t / DAY_MS;
}

/** ISO weekday 1..7 (Monday..Sunday) of a day number. */
function weekday(day: number): number {
  return ((new Date(day * DAY_MS).getUTCDay() + 6) % 7) + 1;
}

function weekdayDate(today: number, prefix: string | undefined, wd: number): number {
  const monday = today - (weekday(today) - 1);
  const p = prefix?.replace('个', '');
  if (p === '下') return monday + 7 + wd - 1;
  if (p === '下下') return monday + 14 + wd - 1;
  if (p === '上') return monday - 7 + wd - 1;
  if (p === '这' || p === '本') return monday + wd - 1;
  const thisWeek = monday + wd - 1;
  return thisWeek >= today ? thisWeek : thisWeek + 7; // bare 周五: the next Friday (today counts)
}

/** Month/day without a year: the occurrence nearest to today (within about half a year). */
function nearest(today: number, m: number, d: number): number | undefined {
  const year = new Date(today * DAY_MS).getUTCFullYear();
  const candidates = [year - 1, year, year + 1].map((y) => dayOf(y, m, d)).filter((x): x is number => x !== undefined);
  if (candidates.length === 0) return undefined;
  return candidates.reduce((a, b) => (Math.abs(b - today) < Math.abs(a - today) ? b : a));
}

/** Month/day of a shopping festival: the next occurrence (today counts). */
function upcoming(today: number, m: number, d: number): number | undefined {
  const year = new Date(today * DAY_MS).getUTCFullYear();
  const thisYear = dayOf(year, m, d);
  if (thisYear === undefined) return undefined;
  return thisYear >= today ? thisYear : dayOf(year + 1, m, d);
}

function festival(code: string): [number, number] {
  const n = parseAnyNumber(code) ?? Number(code);
  if (n === 618) return [6, 18];
  if (n === 11 || n === 1111) return [11, 11];
  return [12, 12];
}

/**
 * Find dates; values are ISO dates.
 *
 * @example
 * extractDates('周五能到吗', { now: new Date('2026-11-24T10:00:00+08:00') }); // value '2026-11-27'
 * extractDates('618有活动吗', { now: new Date('2026-11-24T10:00:00+08:00') }); // value '2027-06-18'
 */
export function extractDates(text: string, options: ExtractOptions = {}): Entity[] {
  const today = todayIn(options);
  const out: Entity[] = [];
  const push = (day: number | undefined, m: RegExpExecArray): void => {
    if (day !== undefined) out.push(entityAt('date', iso(day), m[0], m.index));
  };
  for (const m of matchAll(text, RELATIVE_RE)) push(today + RELATIVE[m[0]], m);
  for (const m of matchAll(text, WEEK_RE)) push(weekdayDate(today, m[1], WEEKDAY[m[2]]), m);
  for (const m of matchAll(text, FULL_RE)) push(dayOf(Number(m[1]), Number(m[2]), Number(m[3])), m);
  for (const m of matchAll(text, MONTH_DAY_RE)) {
    const mo = parseAnyNumber(m[1]);
    const d = parseAnyNumber(m[2]);
    if (mo !== undefined && d !== undefined) push(nearest(today, mo, d), m);
  }
  for (const m of matchAll(text, DOTTED_RE)) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    const isFestival = (mo === 6 && d === 18) || (mo === d && (mo === 11 || mo === 12));
    push(isFestival ? upcoming(today, mo, d) : nearest(today, mo, d), m);
  }
  for (const m of matchAll(text, FESTIVAL_RE)) {
    const [mo, d] = festival(m[1] ?? m[2]);
    push(upcoming(today, mo, d), m);
  }
  return out;
}
