/**
 * Quantities: 两件, 3个, 一箱, 二十盒 → value as digits.
 */
import type { Entity } from '../../core/recognizer';
import { CN_NUMBER_SOURCE, parseAnyNumber } from './chinese-number';
import { entityAt, matchAll } from './types';

/** Measure words that count goods (块 is left to prices, 斤 to weights). */
const UNITS = '件个箱盒条双套瓶包袋支只台份罐提桶片张本枚对副顶把听';
/** What may not follow: 一个月, 两个小时, 三个工作日, 一个人. */
const NOT_AFTER = '(?!月|多月|小时|钟头|星期|礼拜|工作日|人|字|问题)';
const QUANTITY_RE = new RegExp(`(?<![\\d.A-Za-z第])(\\d{1,5}|${CN_NUMBER_SOURCE})\\s*([${UNITS}])${NOT_AFTER}`, 'g');

/**
 * Find quantities.
 *
 * @example
 * extractQuantities('买两件'); // [{ type: 'quantity', value: '2', text: '两件', ... }]
 */
export function extractQuantities(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, QUANTITY_RE)) {
    const n = parseAnyNumber(m[1]);
    if (n === undefined || n <= 0) continue;
    out.push(entityAt('quantity', String(n), m[0], m.index));
  }
  return out;
}
