/**
 * Times written one after another: a range (晚上十点到十二点, 20:00-02:00) or a list (晚上十一点或者十二点). A later
 * time without its own part of the day or date belongs to the earlier one's.
 */

/** How two clock times in a row are joined. */
export type TimeJoin = 'range' | 'list';

const RANGE = /^\s*(?:到|至|-|~|～|—|–)\s*$/;
const LIST = /^\s*(?:或者是|或者|或是|还是|或|和|、)\s*$/;
const HALF_DAY = 12 * 60;

/**
 * How the text between two clock times joins them, or undefined when they are not one range or list.
 *
 * @example
 * timeJoin('到'); // 'range'
 * timeJoin('或者'); // 'list'
 * timeJoin('下单，'); // undefined
 */
export function timeJoin(between: string): TimeJoin | undefined {
  if (RANGE.test(between)) return 'range';
  if (LIST.test(between)) return 'list';
  return undefined;
}

/**
 * Minutes of a later time of a range or list, read in the earlier time's part of the day, moved on by 12 hours
 * while it falls before the earlier time: always for the end of a range (20:00-02:00 ends at 26:00, 上午十一点到十二点
 * at 12:00), in a list only for 12 o'clock (上午十一点或十二点: noon, not the midnight before).
 *
 * @example
 * laterTime(0, 660, 'range'); // 720 (上午十一点到十二点 → 12:00)
 * laterTime(1140, 1200, 'list'); // 1140 (晚上八点或者七点 → 19:00)
 */
export function laterTime(minutes: number, earlier: number, join: TimeJoin): number {
  const twelve = Math.floor(minutes / 60) % 12 === 0;
  let m = minutes;
  for (let i = 0; i < 2 && m < earlier && (join === 'range' || twelve); i++) m += HALF_DAY;
  return m;
}
