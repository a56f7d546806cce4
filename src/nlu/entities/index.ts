/**
 * Rule-based entity extraction: runs every extractor and keeps non-overlapping spans.
 */
import type { Entity } from '../../core/recognizer';
import { extractColors } from './color';
import { extractDates } from './date';
import { extractOrderIds } from './order-id';
import { extractPhones } from './phone';
import { extractPrices } from './price';
import { extractQuantities } from './quantity';
import { extractSizes } from './size';
import type { ExtractOptions, Extractor } from './types';

export type { ExtractOptions } from './types';
export { parseChineseNumber, parseAnyNumber } from './chinese-number';

/** Extractors in priority order: when spans overlap, the earlier type wins, then the longer span. */
const EXTRACTORS: [string, Extractor][] = [
  ['order_id', (t) => extractOrderIds(t)],
  ['phone', (t) => extractPhones(t)],
  ['price', (t) => extractPrices(t)],
  ['size', (t) => extractSizes(t)],
  ['date', (t, o) => extractDates(t, o)],
  ['quantity', (t) => extractQuantities(t)],
  ['color', (t) => extractColors(t)],
];
const PRIORITY = new Map(EXTRACTORS.map(([type], i) => [type, i]));

function overlaps(a: Entity, b: Entity): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Find all entities in a message: non-overlapping, sorted by position.
 *
 * @example
 * extractEntities('买两件黑色XL，明天能到吗', { now });
 * // quantity '2' (两件), color '黑色', size 'XL', date (明天)
 */
export function extractEntities(text: string, options: ExtractOptions = {}): Entity[] {
  const candidates = EXTRACTORS.flatMap(([, extract]) => extract(text, options));
  candidates.sort(
    (a, b) => (PRIORITY.get(a.type) ?? 99) - (PRIORITY.get(b.type) ?? 99) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const c of candidates) {
    if (!kept.some((k) => overlaps(k, c))) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
