/**
 * Rule-based entity extraction: runs every extractor on the NFKC form of the text (full-width ＸＬ, ７５ｋｇ,
 * １米６８, 下午３点) and keeps non-overlapping spans, with offsets and text of the original message.
 */
import { normalizedView } from '../../core/privacy';
import type { Entity } from '../../core/recognizer';
import { extractColors } from './color';
import { extractDates } from './date';
import { extractDateTimes } from './datetime';
import { extractHeights } from './height';
import { findHeightWeightPairs } from './height-weight';
import { keepSpans } from './keep-spans';
import { extractOrderIds } from './order-id';
import { extractPhones } from './phone';
import { extractPrices } from './price';
import { extractQuantities } from './quantity';
import { extractSizes } from './size';
import type { ExtractOptions, Extractor } from './types';
import { extractWeights } from './weight';

export type { ExtractOptions } from './types';
export { parseChineseNumber, parseAnyNumber } from './chinese-number';
export { findBodyMeasure, type BodyMeasure, type BodyMeasureKind } from './body-measure';

/**
 * Extractors in priority order: when spans overlap, the earlier type wins, then the longer span. Height/weight
 * pairs (170/130) join the heights and weights as units (see {@link keepSpans}).
 */
const EXTRACTORS: [string, Extractor][] = [
  ['order_id', (t) => extractOrderIds(t)],
  ['phone', (t) => extractPhones(t)],
  ['price', (t) => extractPrices(t)],
  ['size', (t) => extractSizes(t)],
  ['height', (t) => extractHeights(t)],
  ['weight', (t) => extractWeights(t)],
  ['datetime', (t, o) => extractDateTimes(t, o)],
  ['date', (t, o) => extractDates(t, o)],
  ['quantity', (t) => extractQuantities(t)],
  ['color', (t) => extractColors(t)],
];
const PRIORITY = new Map(EXTRACTORS.map(([type], i) => [type, i]));

/**
 * Find all entities in a message: non-overlapping, sorted by position. Matching runs on the NFKC form;
 * `start`, `end` and `text` are those of `text` as given.
 *
 * Types and values: `order_id`, `phone` (11 digits), `price` (yuan), `size` (XL, 42, 170/88A),
 * `height` (cm), `weight` (kg; 身高170体重130 and 170/130 give one of each), `datetime` (ISO 8601 time or interval), `date` (ISO date), `quantity`,
 * `color` (…色).
 *
 * @example
 * extractEntities('买两件黑色XL，明天能到吗', { now });
 * // quantity '2' (两件), color '黑色', size 'XL', date (明天)
 */
export function extractEntities(text: string, options: ExtractOptions = {}): Entity[] {
  const view = normalizedView(text);
  const pairs = findHeightWeightPairs(view.text);
  const candidates = [...EXTRACTORS.flatMap(([, extract]) => extract(view.text, options)), ...pairs.flat()];
  candidates.sort(
    (a, b) => (PRIORITY.get(a.type) ?? 99) - (PRIORITY.get(b.type) ?? 99) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  return keepSpans(candidates, pairs)
    .sort((a, b) => a.start - b.start)
    .map((e) => {
      const start = view.originalStart(e.start);
      const end = view.originalEnd(e.end);
      return { ...e, text: text.slice(start, end), start, end };
    });
}
