/**
 * Sizes: letter sizes (S…XXXL, 2XL, 3XL), 均码, 大码/小码, numeric sizes with 码 (42码), and 号型 (170/88A).
 */
import type { Entity } from '../../core/recognizer';
import { parseAnyNumber, CN_NUMBER_SOURCE } from './chinese-number';
import { entityAt, matchAll } from './types';

const LETTER_RE = /(?<![A-Za-z\d.])(XXXXL|XXXL|XXL|XL|XS|[2-5]XL|[SML])(?:码|号)?(?![A-Za-z])/gi;
const WORD_RE = /均码|加大码|大码|小码|中码|特大号|大号|中号|小号|均号/g;
const NUMERIC_RE = /(?<![\d.])(\d{2,3}(?:\.5)?)\s*码|(?<![\d.])(\d{2,3})\s*(?:的)?(?:鞋码|尺码)/g;
const CN_NUMERIC_RE = new RegExp(`(${CN_NUMBER_SOURCE})码`, 'g');
/** 号型 of Chinese garments: 170/88A, 165/84B (height/chest or waist, body type Y/A/B/C). */
const HAOXING_RE = /(?<![\d.])(1[0-9]\d|2[0-2]\d)\s*\/\s*(\d{2,3})\s*([YABC])(?![A-Za-z])/gi;
const LETTER_NORMAL: Record<string, string> = { '2XL': 'XXL', '3XL': 'XXXL', '4XL': 'XXXXL', '5XL': 'XXXXXL' };

/**
 * Find sizes. A height and weight written together (165/110斤, 身高170体重130) are no size: they are a
 * `height` and a `weight` entity (see height-weight.ts).
 *
 * @example
 * extractSizes('要2xl的');     // value 'XXL'
 * extractSizes('170/88A有吗'); // value '170/88A'
 */
export function extractSizes(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, HAOXING_RE)) out.push(entityAt('size', `${m[1]}/${m[2]}${m[3].toUpperCase()}`, m[0], m.index));
  for (const m of matchAll(text, LETTER_RE)) {
    const up = m[1].toUpperCase();
    out.push(entityAt('size', LETTER_NORMAL[up] ?? up, m[0], m.index));
  }
  for (const m of matchAll(text, WORD_RE)) out.push(entityAt('size', m[0], m[0], m.index));
  for (const m of matchAll(text, NUMERIC_RE)) out.push(entityAt('size', m[1] ?? m[2], m[0], m.index));
  for (const m of matchAll(text, CN_NUMERIC_RE)) {
    const n = parseAnyNumber(m[1]);
    if (n !== undefined && n >= 20 && n <= 50) out.push(entityAt('size', String(n), m[0], m.index));
  }
  return out;
}
