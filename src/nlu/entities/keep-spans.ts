/**
 * Choosing among overlapping candidate entities: the earlier-ranked candidate wins, and a unit of candidates written
 * together (a height/weight pair such as 170/130) is kept or dropped whole.
 */
import type { Entity } from '../../core/recognizer';

function overlaps(a: Entity, b: Entity): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Each candidate in rank order, kept unless it overlaps one already kept. */
function firstWins(ranked: Entity[]): Entity[] {
  const kept: Entity[] = [];
  for (const c of ranked) {
    if (!kept.some((k) => overlaps(k, c))) kept.push(c);
  }
  return kept;
}

/** A unit one of whose parts lost to an entity of another type (¥159/99: the height 159 is a price). */
function isBroken(unit: readonly Entity[], kept: Entity[]): boolean {
  return unit.some((part) => !kept.includes(part) && kept.some((k) => k.type !== part.type && overlaps(k, part)));
}

/**
 * The candidates that do not overlap an earlier-ranked one. The parts of each of `units` (which must be among
 * `ranked`) stay or go together: when one part loses to an entity of another type, every part is dropped and the
 * rest chosen again, so ¥159/99 is a price and no lone weight 99. A part losing to an entity of its own type
 * (身高170/130: the height 身高170) leaves the unit whole.
 *
 * @example
 * keepSpans([price159, height159, weight99], [[height159, weight99]]); // [price159]
 */
export function keepSpans(ranked: Entity[], units: (readonly Entity[])[]): Entity[] {
  let candidates = ranked;
  let pending = units;
  for (;;) {
    const kept = firstWins(candidates);
    const broken = pending.filter((unit) => isBroken(unit, kept));
    if (broken.length === 0) return kept;
    const dropped = new Set(broken.flat());
    candidates = candidates.filter((c) => !dropped.has(c));
    pending = pending.filter((unit) => !broken.includes(unit));
  }
}
