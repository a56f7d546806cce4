/**
 * Service days as marketing staff write them in flows/settings.yaml: `每天`, `周一至周日`, `周一至周五`,
 * `周一、周三、周五`, `星期六到星期日`, or a mix (`周一至周五、周日`). Ranges may wrap the week (`周五至周一`).
 */

const DAY_NUMBER: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const DAY = '(?:周|星期|礼拜)([一二三四五六日天])';
const RANGE = new RegExp(`^${DAY}\\s*(?:至|到|-|~|～|—)\\s*${DAY}$`);
const SINGLE = new RegExp(`^${DAY}$`);

/**
 * The weekdays (0 = Sunday … 6) a `days` text names, or a string saying what is wrong with it.
 *
 * @example
 * parseWeekDays('周一至周五'); // Set {1, 2, 3, 4, 5}
 * parseWeekDays('周一、周三'); // Set {1, 3}
 */
export function parseWeekDays(text: string): Set<number> | string {
  const days = new Set<number>();
  const trimmed = text.trim();
  if (trimmed === '每天' || trimmed === '全周') return new Set([0, 1, 2, 3, 4, 5, 6]);
  for (const part of trimmed.split(/[、,，;；\s]+/).filter(Boolean)) {
    const range = RANGE.exec(part);
    const single = SINGLE.exec(part);
    if (range) {
      const [from, to] = [DAY_NUMBER[range[1]!]!, DAY_NUMBER[range[2]!]!];
      // Chinese weeks start on Monday: 周一至周日 is the whole week, 周五至周一 wraps over the weekend.
      const start = (from + 6) % 7;
      const end = (to + 6) % 7;
      const length = ((end - start + 7) % 7) + 1;
      for (let i = 0; i < length; i++) days.add((from + i) % 7);
    } else if (single) days.add(DAY_NUMBER[single[1]!]!);
    else return `'${part}' is not a day or a range of days`;
  }
  return days.size ? days : 'no day is named';
}
