/**
 * Weights: 75公斤, 75kg, 75 千克, 150斤, 一斤半, 半斤, 一百二十斤, 120来斤, 一百斤出头, 500克, 体重65 → kilograms.
 */
import type { Entity } from '../../core/recognizer';
import { CN_NUMBER_SOURCE, parseAnyNumber } from './chinese-number';
import { entityAt, matchAll } from './types';

const NUM = `(\\d+(?:\\.\\d+)?|${CN_NUMBER_SOURCE})`;
/** Units and how many kilograms one of them is. */
const KG_PER_UNIT: Record<string, number> = { 公斤: 1, 千克: 1, kg: 1, 斤: 0.5, 克: 0.001 };
const UNIT = '(公斤|千克|[kK][gG](?![A-Za-z])|斤|克(?!拉))';
/** Words around a weight that make it approximate; they stay in the entity's text, the value is the number. */
const ABOUT_BEFORE = '(?:[来多]\\s*)?';
const ABOUT_AFTER = '(半)?(?:出头|多|左右)?';
const UNIT_RE = new RegExp(`(?<![\\d.A-Za-z])${NUM}\\s*${ABOUT_BEFORE}${UNIT}${ABOUT_AFTER}`, 'g');
const HALF_RE = new RegExp(`(?<![\\d零〇一二两三四五六七八九十百千万])半${UNIT}`, 'g');
const BODY_RE = new RegExp(`体重[\\s:：是为有约大概]*${NUM}(?![\\d.])\\s*${ABOUT_BEFORE}(?:${UNIT}${ABOUT_AFTER})?`, 'g');

/**
 * Kilograms of a body weight written without a unit: 80 and above are read as 斤 (体重130 = 65 kg),
 * smaller numbers as kilograms (体重65 = 65 kg). Chinese shoppers give body weight in 斤 far more often,
 * and below 80 斤 (40 kg) an adult weight in 斤 is unlikely.
 *
 * @example
 * bareBodyWeightKg(110); // 55
 * bareBodyWeightKg(65);  // 65
 */
export function bareBodyWeightKg(n: number): number {
  return n >= 80 ? n / 2 : n;
}

/** Kilograms as a plain decimal string (at most 3 decimals): 0.75, 37.75, 60. */
export function formatKg(kg: number): string {
  return String(Math.round(kg * 1000) / 1000);
}

function kgOf(number: string, unit: string | undefined, half: string | undefined): number | undefined {
  const n = parseAnyNumber(number);
  if (n === undefined || n <= 0) return undefined;
  if (unit === undefined) return bareBodyWeightKg(n);
  return (n + (half ? 0.5 : 0)) * KG_PER_UNIT[unit.toLowerCase()];
}

/**
 * Find weights. The value is always in kilograms as a decimal string (1 公斤 = 1 千克 = 1 kg = 2 斤,
 * 1 克 = 0.001 kg); the entity's `text` keeps what the shopper wrote, unit included. Approximate forms
 * (120来斤, 九十多斤, 一百斤出头) give the number written. A number after 体重 without a unit is read by
 * {@link bareBodyWeightKg}.
 *
 * @example
 * extractWeights('75公斤穿什么码'); // value '75', text '75公斤'
 * extractWeights('一斤半');         // value '0.75'
 * extractWeights('体重130');        // value '65'
 */
export function extractWeights(text: string): Entity[] {
  const out: Entity[] = [];
  const push = (kg: number | undefined, m: RegExpExecArray): void => {
    if (kg !== undefined) out.push(entityAt('weight', formatKg(kg), m[0].trimEnd(), m.index));
  };
  for (const m of matchAll(text, UNIT_RE)) push(kgOf(m[1], m[2], m[3]), m);
  for (const m of matchAll(text, HALF_RE)) push(0.5 * KG_PER_UNIT[m[1].toLowerCase()], m);
  for (const m of matchAll(text, BODY_RE)) push(kgOf(m[1], m[2], m[3]), m);
  return out;
}
