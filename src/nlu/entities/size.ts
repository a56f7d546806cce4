/**
 * Sizes: letter sizes (S…XXXL, 2XL, 3XL), 均码, 大码/小码, numeric sizes with 码 (42码),
 * and height/weight (165/110斤, 身高170体重130) normalised to `170cm/65kg`.
 */
import type { Entity } from '../../core/recognizer';
import { parseAnyNumber, CN_NUMBER_SOURCE } from './chinese-number';
import { entityAt, matchAll } from './types';

const LETTER_RE = /(?<![A-Za-z\d.])(XXXXL|XXXL|XXL|XL|XS|[2-5]XL|[SML])(?:码|号)?(?![A-Za-z])/gi;
const WORD_RE = /均码|加大码|大码|小码|中码|特大号|大号|中号|小号|均号/g;
const NUMERIC_RE = /(?<![\d.])(\d{2,3}(?:\.5)?)\s*码|(?<![\d.])(\d{2,3})\s*(?:的)?(?:鞋码|尺码)/g;
const CN_NUMERIC_RE = new RegExp(`(${CN_NUMBER_SOURCE})码`, 'g');
const HW_SLASH_RE = /(?<![\d.])(1[2-9]\d|2[0-2]\d)\s*(cm|CM|厘米)?\s*([/／,，\s])\s*(\d{2,3}(?:\.\d)?)\s*(斤|kg|KG|公斤|千克)?(?![\d.])/g;
const HW_WORDS_RE =
  /身高\s*[:：]?\s*(\d{3}|1米\d{1,2}|一米[一二三四五六七八九])\s*(?:cm|CM|厘米)?[，,\s]*体重\s*[:：]?\s*(\d{2,3}(?:\.\d)?)\s*(斤|kg|KG|公斤|千克)?/g;

const LETTER_NORMAL: Record<string, string> = { '2XL': 'XXL', '3XL': 'XXXL', '4XL': 'XXXXL', '5XL': 'XXXXXL' };

function heightCm(raw: string): number | undefined {
  const m = /^(?:1|一)米(.+)$/.exec(raw);
  if (!m) return Number(raw);
  const rest = parseAnyNumber(m[1]);
  if (rest === undefined) return undefined;
  return 100 + (rest < 10 ? rest * 10 : rest);
}

function weightKg(raw: string, unit: string | undefined): number {
  const n = Number(raw);
  const u = unit?.toLowerCase();
  if (u === '斤') return n / 2;
  if (u === 'kg' || u === '公斤' || u === '千克') return n;
  return n >= 80 ? n / 2 : n; // no unit: Chinese shoppers usually give 斤
}

function hwValue(h: number, kg: number): string {
  return `${h}cm/${Math.round(kg * 10) / 10}kg`;
}

function heightWeight(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, HW_WORDS_RE)) {
    const h = heightCm(m[1]);
    if (h !== undefined) out.push(entityAt('size', hwValue(h, weightKg(m[2], m[3])), m[0].trimEnd(), m.index));
  }
  for (const m of matchAll(text, HW_SLASH_RE)) {
    const slash = m[3] === '/' || m[3] === '／';
    if (!slash && !m[2] && !m[5]) continue; // "199 99" is not a height/weight
    const kg = weightKg(m[4], m[5]);
    if (kg < 25 || kg > 150) continue;
    out.push(entityAt('size', hwValue(Number(m[1]), kg), m[0].trimEnd(), m.index));
  }
  return out;
}

/**
 * Find sizes.
 *
 * @example
 * extractSizes('165/110斤穿多大'); // value '165cm/55kg'
 * extractSizes('要2xl的');        // value 'XXL'
 */
export function extractSizes(text: string): Entity[] {
  const out = heightWeight(text);
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
