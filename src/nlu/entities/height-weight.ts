/**
 * A height and a weight written side by side without cue words: 170/130, 165/110斤, 165 100斤, 158，90斤,
 * 一米七，130 → a `height` (cm) and a `weight` (kg) entity each, as if each had been written on its own.
 */
import type { Entity } from '../../core/recognizer';
import { parseChineseNumber } from './chinese-number';
import { entityAt, matchAll } from './types';
import { bareBodyWeightKg, formatKg } from './weight';

const CN_DIGIT = '[零〇一二三四五六七八九]';
/** Not part of a code: A170/130, 款号170/130, 货号：165 100. */
const NOT_A_CODE = '(?<![\\d.A-Za-z#_\\-零〇一二两三四五六七八九十百千万])(?<!(?:款|货|编|型|单)号\\s*[:：]?\\s*)';
/** Groups 1–2: centimetres and their unit, or 3: the rest of 一米七 / 1米68. */
const HEIGHT = `${NOT_A_CODE}(?:(1[2-9]\\d|2[0-2]\\d)\\s*([cC][mM]|厘米|公分)?|[1一]\\s*米\\s*(\\d{1,2}|${CN_DIGIT}{1,2})(?![\\d零〇一二三四五六七八九十几]))`;
/** A slash, a comma or spaces (NFKC has made ／ and ， half-width). */
const SEPARATOR = '\\s*([/,、]|\\s)\\s*';
/** Group 5: the weight, 6: its unit. Without a unit nothing may follow that makes it a price, size or code. */
const WEIGHT = `(\\d{2,3}(?:\\.\\d)?)(?:\\s*(斤|公斤|千克|[kK][gG](?![A-Za-z]))|(?![\\d.]|\\s*(?:[A-Za-z]|元|块|码|号|%|折|岁|个|件|cm|厘米|公分)))`;
const PAIR_RE = new RegExp(`${HEIGHT}${SEPARATOR}${WEIGHT}`, 'dg');

const KG_PER_UNIT: Record<string, number> = { 斤: 0.5, 公斤: 1, 千克: 1, kg: 1 };
/** A plausible body weight in kilograms; outside it the pair is something else (a date, a price, 170/10). */
const MIN_KG = 25;
const MAX_KG = 150;

function metreAnd(rest: string): number | undefined {
  const n = /^\d+$/.test(rest) ? Number(rest) : parseChineseNumber(rest);
  return n === undefined ? undefined : 100 + (rest.length === 1 ? n * 10 : n);
}

/** A height (cm) and the weight (kg) written right after it: kept or dropped together when entities overlap. */
export type HeightWeightPair = [height: Entity, weight: Entity];

/**
 * Find height/weight pairs. A pair counts when the separator is a slash, or when the height or the weight has a
 * unit (170 65 alone could be anything). The weight is read as the weight extractor reads it: with its unit, or
 * without one by {@link bareBodyWeightKg} (130 → 65 kg, 65 → 65 kg). 170/88A (a garment size) is no pair.
 *
 * @example
 * findHeightWeightPairs('170/130穿什么码');
 * // [[height '170' (text '170'), weight '65' (text '130')]]
 */
export function findHeightWeightPairs(text: string): HeightWeightPair[] {
  const out: HeightWeightPair[] = [];
  for (const m of matchAll(text, PAIR_RE)) {
    const [, cm, cmUnit, rest, separator, weight, weightUnit] = m;
    const height = cm !== undefined ? Number(cm) : metreAnd(rest);
    const unitWritten = cmUnit !== undefined || rest !== undefined || weightUnit !== undefined;
    if (height === undefined || (separator !== '/' && !unitWritten)) continue;
    const n = Number(weight);
    const kg = weightUnit === undefined ? bareBodyWeightKg(n) : n * KG_PER_UNIT[weightUnit.toLowerCase()];
    if (kg < MIN_KG || kg > MAX_KG) continue;
    const end = m.index + m[0].length;
    const heightEnd = Math.max(...[1, 2, 3].map((g) => m.indices?.[g]?.[1] ?? 0));
    const weightStart = m.indices?.[5]?.[0] ?? end;
    out.push([
      entityAt('height', String(height), text.slice(m.index, heightEnd), m.index),
      entityAt('weight', formatKg(kg), text.slice(weightStart, end), weightStart),
    ]);
  }
  return out;
}

/**
 * The heights and weights of {@link findHeightWeightPairs}, one after the other.
 *
 * @example
 * extractHeightWeightPairs('170/130穿什么码');
 * // height '170' (text '170'), weight '65' (text '130')
 */
export function extractHeightWeightPairs(text: string): Entity[] {
  return findHeightWeightPairs(text).flat();
}

/**
 * The heights or the weights of {@link extractHeightWeightPairs}.
 *
 * @example
 * pairedMeasures('weight', '165 100斤'); // weight '50' (text '100斤')
 */
export function pairedMeasures(type: 'height' | 'weight', text: string): Entity[] {
  return extractHeightWeightPairs(text).filter((e) => e.type === type);
}
