/**
 * Prices: ¥99, 99元, 九十九块, 100块钱, 三块五, 3千块, 两万三块; budgets: 预算1w, 价位3千, 2.5w以内, 三千五左右
 * → yuan as a number string.
 */
import type { Entity } from '../../core/recognizer';
import { CN_NUMBER_SOURCE, parseAnyNumber, SCALED_NUMBER_SOURCE } from './chinese-number';
import { entityAt, matchAll } from './types';

const NUM = '\\d+(?:\\.\\d{1,2})?';
const AMOUNT = `(${SCALED_NUMBER_SOURCE}|${NUM}|${CN_NUMBER_SOURCE})`;
const SYMBOL_RE = new RegExp(`[¥￥]\\s*(${NUM})`, 'g');
const SUFFIX_RE = new RegExp(
  `(?<![\\d.A-Za-z])${AMOUNT}\\s*(块钱|块(?!儿|买|去|来|发|寄|走)|元(?!旦|素|宵)|圆|rmb|RMB)(?:([一二三四五六七八九])毛?(?![\\d十件个箱盒条双套瓶包袋支只台份罐]))?`,
  'g',
);
/** A budget word before the amount (预算1w, 价位3千); the entity is the amount only. */
const BUDGET_BEFORE_RE = new RegExp(
  `(?:预算|价位|价格|价钱|售价|标价)\\s*(?:(?:是|在|大概|大约|差不多|[:：])\\s*)?${AMOUNT}(?![\\d.])`,
  'dg',
);
/** A large amount before 左右/以内… (2.5w以内, 三千五左右); smaller numbers there are as often weights or heights. */
const BUDGET_AFTER_RE = new RegExp(`(?<![\\d.A-Za-z])${AMOUNT}\\s*(?=左右|以内|以下|上下|之内|封顶)`, 'g');
const MIN_BUDGET_AFTER = 1000;

function formatYuan(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** An amount written with digits and w/k (3k) is a price only next to a budget word: 4K电视 and 65W快充 are not. */
function amountOf(written: string): number | undefined {
  const n = parseAnyNumber(written);
  return n === undefined || n <= 0 ? undefined : n;
}

/**
 * Find prices.
 *
 * @example
 * extractPrices('九十九块包邮吗'); // value '99'
 * extractPrices('三块五一个');      // value '3.5'
 * extractPrices('预算两万三');      // value '23000', text '两万三'
 */
export function extractPrices(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, SYMBOL_RE)) out.push(entityAt('price', formatYuan(Number(m[1])), m[0], m.index));
  for (const m of matchAll(text, SUFFIX_RE)) {
    const whole = amountOf(m[1]);
    if (whole === undefined) continue;
    const jiao = m[2] === '块' && m[3] ? parseAnyNumber(m[3]) : 0;
    const written = jiao ? m[0] : m[0].slice(0, m[0].length - (m[3]?.length ?? 0));
    out.push(entityAt('price', formatYuan(whole + (jiao ?? 0) / 10), written, m.index));
  }
  for (const m of matchAll(text, BUDGET_BEFORE_RE)) {
    const n = amountOf(m[1]);
    const [start] = m.indices![1];
    if (n !== undefined) out.push(entityAt('price', formatYuan(n), m[1], start));
  }
  for (const m of matchAll(text, BUDGET_AFTER_RE)) {
    const n = amountOf(m[1]);
    if (n !== undefined && n >= MIN_BUDGET_AFTER) out.push(entityAt('price', formatYuan(n), m[1], m.index));
  }
  return out;
}
