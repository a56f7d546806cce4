/**
 * Quantities: 两件, 3个, 一箱, 二十盒, 十几件, 1w件, 俩, 仨 → value as digits.
 */
import type { Entity } from '../../core/recognizer';
import { CN_NUMBER_SOURCE, parseAnyNumber } from './chinese-number';
import { entityAt, matchAll } from './types';

/** Measure words that count goods (块 is left to prices, 斤 to weights). */
const UNITS = '件个箱盒条双套瓶包袋支只台份罐提桶片张本枚对副顶把听';
/** What may not follow: 一个月, 两个小时, 三个工作日, 一个人. */
const NOT_AFTER = '(?!月|多月|小时|钟头|星期|礼拜|工作日|人|字|问题)';
const NUMBER = `\\d{1,5}(?:(?:\\.\\d+)?[wW万千])?|${CN_NUMBER_SOURCE}`;
const QUANTITY_RE = new RegExp(`(?<![\\d.A-Za-z第])(${NUMBER})\\s*([${UNITS}])${NOT_AFTER}`, 'g');
/** 俩 and 仨 carry their own measure word (要俩 = 两个), but 我们俩, 哥俩, 他们仨 are people. */
const LIANG_SA_RE =
  /(?<![们咱你我他她它哥姐妹弟兄娘爷父母夫妻俩仨零一二两三四五六七八九十百千万])([俩仨])(?![零一二两三四五六七八九十百千万几人])/g;

/**
 * Find quantities. 十几件 gives 15 (几 reads as 5).
 *
 * @example
 * extractQuantities('买两件'); // [{ type: 'quantity', value: '2', text: '两件', ... }]
 * extractQuantities('要俩');   // value '2', text '俩'
 */
export function extractQuantities(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, QUANTITY_RE)) {
    const n = parseAnyNumber(m[1]);
    if (n === undefined || n <= 0 || !Number.isInteger(n)) continue;
    out.push(entityAt('quantity', String(n), m[0], m.index));
  }
  for (const m of matchAll(text, LIANG_SA_RE)) out.push(entityAt('quantity', m[1] === '俩' ? '2' : '3', m[0], m.index));
  return out;
}
