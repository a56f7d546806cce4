/**
 * Prices: ¥99, 99元, 九十九块, 100块钱, 三块五 → yuan as a number string.
 */
import type { Entity } from '../../core/recognizer';
import { CN_NUMBER_SOURCE, parseAnyNumber } from './chinese-number';
import { entityAt, matchAll } from './types';

const NUM = '\\d+(?:\\.\\d{1,2})?';
const SYMBOL_RE = new RegExp(`[¥￥]\\s*(${NUM})`, 'g');
const SUFFIX_RE = new RegExp(
  `(?<![\\d.A-Za-z])(${NUM}|${CN_NUMBER_SOURCE})\\s*(块钱|块(?!儿|买|去|来|发|寄|走)|元(?!旦|素|宵)|圆|rmb|RMB)(?:([一二三四五六七八九])毛?(?![\\d十件个箱盒条双套瓶包袋支只台份罐]))?`,
  'g',
);

function formatYuan(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/**
 * Find prices.
 *
 * @example
 * extractPrices('九十九块包邮吗'); // value '99'
 * extractPrices('三块五一个');      // value '3.5'
 */
export function extractPrices(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, SYMBOL_RE)) out.push(entityAt('price', formatYuan(Number(m[1])), m[0], m.index));
  for (const m of matchAll(text, SUFFIX_RE)) {
    const whole = parseAnyNumber(m[1]);
    if (whole === undefined) continue;
    const jiao = m[2] === '块' && m[3] ? parseAnyNumber(m[3]) : 0;
    const written = jiao ? m[0] : m[0].slice(0, m[0].length - (m[3]?.length ?? 0));
    out.push(entityAt('price', formatYuan(whole + (jiao ?? 0) / 10), written, m.index));
  }
  return out;
}
