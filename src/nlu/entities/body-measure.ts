/**
 * A shopper's height or weight in an answer to "身高多少？" / "体重多少？": written with a unit or cue
 * (一米七, 75公斤, 身高165, 170/130), or as a bare number (170, 110, 1.68).
 */
import { normalizedView } from '../../core/privacy';
import type { Entity } from '../../core/recognizer';
import { ANY_NUMBER_SOURCE, parseAnyNumber } from './chinese-number';
import { bareHeightCm, extractHeights } from './height';
import { pairedMeasures } from './height-weight';
import { bareBodyWeightKg, extractWeights } from './weight';

/** `height` (centimetres) or `weight` (kilograms). */
export type BodyMeasureKind = 'height' | 'weight';

/** A height or weight found in a text, with its span in that text. */
export interface BodyMeasure {
  value: number;
  start: number;
  end: number;
}

const NUMBER_RE = new RegExp(`(?<![\\d.])${ANY_NUMBER_SOURCE}`, 'g');

/** Heights or weights written as such, alone (一米七, 75公斤) or in a pair (170/130). */
function measures(kind: BodyMeasureKind, text: string): Entity[] {
  return [...(kind === 'height' ? extractHeights(text) : extractWeights(text)), ...pairedMeasures(kind, text)];
}

/**
 * The first height (cm) or weight (kg) in `text`: one written as such (一米七, 1.68米, 75公斤, 一斤半, 体重65),
 * else the first bare number that is not the other measure (in "165 110斤" the height is 165, the weight
 * 110斤). Bare numbers are read by {@link bareHeightCm} (1.68 → 168) and {@link bareBodyWeightKg}
 * (110 → 55 kg, 65 → 65 kg). Full-width digits count; the span is in `text` as given.
 *
 * @example
 * findBodyMeasure('weight', '75公斤');     // { value: 75, start: 0, end: 4 }
 * findBodyMeasure('height', '165 110斤');  // { value: 165, start: 0, end: 3 }
 * findBodyMeasure('weight', '110');        // { value: 55, start: 0, end: 3 }
 */
export function findBodyMeasure(kind: BodyMeasureKind, text: string): BodyMeasure | undefined {
  const view = normalizedView(text);
  const back = (value: number, start: number, end: number): BodyMeasure => ({
    value,
    start: view.originalStart(start),
    end: view.originalEnd(end),
  });
  const written = measures(kind, view.text).sort((a, b) => a.start - b.start)[0];
  if (written) return back(Number(written.value), written.start, written.end);
  const taken = measures(kind === 'height' ? 'weight' : 'height', view.text);
  for (const m of view.text.matchAll(NUMBER_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (taken.some((e) => e.start < end && start < e.end)) continue;
    const n = parseAnyNumber(m[0]);
    if (n !== undefined) return back(kind === 'height' ? bareHeightCm(n) : bareBodyWeightKg(n), start, end);
  }
  return undefined;
}
