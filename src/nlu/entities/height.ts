/**
 * Body heights: 一米七, 一米七五, 1米68, 一米六几, 1.68米, 168cm, 175公分, 身高165, 身高1.7 → centimetres.
 */
import type { Entity } from '../../core/recognizer';
import { parseChineseNumber } from './chinese-number';
import { entityAt, matchAll } from './types';

/** Words that say a height follows; with one, bare numbers (身高165) and 1.7米 count too. */
const CUE = '(?:(身高|净身高|个子|个头)[\\s:：是为有约大概]*)';
/** What a length of furniture, cable or cloth is followed by (1米5的床, 120cm的桌子, 长120cm宽60cm). */
const NOT_AN_OBJECT = '(?!\\s*(?:的|大|双人)?\\s*(?:床|桌|柜|线|绳|网线|布|[长宽高深厚]|[x×*]|乘))';
const NOT_AFTER_DIGIT = '(?<![\\d.零〇一二两三四五六七八九十百千万])';
/** 一米七, 1米68, 一米六几 (几 reads as 5: 165). */
const METRE_AND_RE = new RegExp(
  `${CUE}?${NOT_AFTER_DIGIT}[1一]\\s*米\\s*(\\d{1,2}|[零〇一二三四五六七八九]{1,2})(几)?(?![\\d零〇一二三四五六七八九十几])${NOT_AN_OBJECT}`,
  'g',
);
/** 1.68米, 1.75m; one decimal (1.7米) only after a cue word, since 1.5米/1.8米 are mostly beds and cables. */
const METRES_RE = new RegExp(`${CUE}?(?<![\\d.])([12]\\.\\d{1,2})\\s*(?:米|[mM](?![A-Za-z]))${NOT_AN_OBJECT}`, 'g');
/** 168cm, 170厘米, 175公分 (not 胸围90cm, 衣长65cm). */
const CM_RE = new RegExp(
  `${CUE}?(?<![\\d.围长宽高深厚径])(\\d{2,3}(?:\\.\\d)?)\\s*(?:[cC][mM]|厘米|公分)(?![A-Za-z])${NOT_AN_OBJECT}`,
  'g',
);
/** 身高165, 身高：1.7 (a cue and a number without unit). */
const BARE_RE = new RegExp(`${CUE}(\\d{2,3}(?:\\.\\d)?|[12]\\.\\d{1,2})(?![\\d.]|\\s*(?:[cC][mM]|厘米|公分|米|[mM](?![A-Za-z])))`, 'g');

const MIN_CM = 50;
const MAX_CM = 230;
/** Without a cue word a length in cm is taken for a height only in an adult's range. */
const MIN_UNCUED_CM = 100;

/**
 * Centimetres of a height written without a unit: a decimal below 3 is metres (1.7 → 170), anything else
 * centimetres (165 → 165; 2 stays 2, for a validation to refuse).
 *
 * @example
 * bareHeightCm(1.68); // 168
 * bareHeightCm(165);  // 165
 */
export function bareHeightCm(n: number): number {
  return n < 3 && !Number.isInteger(n) ? Math.round(n * 100) : n;
}

function metreAnd(rest: string, approx: string | undefined): number | undefined {
  const n = /^\d+$/.test(rest) ? Number(rest) : parseChineseNumber(rest);
  if (n === undefined) return undefined;
  const cm = rest.length === 1 ? n * 10 + (approx ? 5 : 0) : n;
  return 100 + cm;
}

/**
 * Find body heights; the value is in centimetres as a decimal string. 一米六几 is read as 165 (几 = 5).
 * Heights in 尺 (5尺2) are not read. Without 身高/个子 before it, a length in cm counts only from 100 cm,
 * and 1.x米 only with two decimals (1.68米), so beds and cables (1.8米床) stay out.
 *
 * @example
 * extractHeights('一米七穿什么码'); // value '170', text '一米七'
 * extractHeights('1.68米');        // value '168'
 * extractHeights('身高165');       // value '165'
 */
export function extractHeights(text: string): Entity[] {
  const out: Entity[] = [];
  const push = (cm: number | undefined, m: RegExpExecArray, cued: boolean): void => {
    if (cm === undefined || cm > MAX_CM || cm < (cued ? MIN_CM : MIN_UNCUED_CM)) return;
    out.push(entityAt('height', String(Math.round(cm * 10) / 10), m[0].trimEnd(), m.index));
  };
  for (const m of matchAll(text, METRE_AND_RE)) push(metreAnd(m[2], m[3]), m, true);
  for (const m of matchAll(text, METRES_RE)) {
    if (m[1] || m[2].length === 4) push(bareHeightCm(Number(m[2])), m, true);
  }
  for (const m of matchAll(text, CM_RE)) push(Number(m[2]), m, Boolean(m[1]));
  for (const m of matchAll(text, BARE_RE)) push(bareHeightCm(Number(m[2])), m, true);
  return out;
}
