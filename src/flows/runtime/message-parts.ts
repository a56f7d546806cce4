import type { Entity } from '../../core/recognizer';
import { entitySpan, type SlotUse } from './slot-fill';

/**
 * The parts of this turn's message no slot has taken yet: the text with used parts blanked
 * out (same length, so offsets still fit) and the entities not yet used. One number or entity
 * fills at most one slot per turn, e.g. "165穿什么码" fills the height, not the weight too.
 */
export interface UnusedParts {
  text: string;
  entities: Entity[];
}

/** Everything of a message is still unused. */
export function allUnused(text: string, entities: Entity[]): UnusedParts {
  return { text, entities: [...entities] };
}

/**
 * Marks the part a slot was filled from as used: blanks its characters and drops its entity and
 * every entity overlapping it. `original` is the message text the entity offsets refer to.
 *
 * @example
 * const parts = allUnused('165 110斤', []);
 * markUsed(parts, '165 110斤', { start: 0, end: 3 }); // parts.text === '    110斤'
 */
export function markUsed(parts: UnusedParts, original: string, used: SlotUse): void {
  const { start, end } = used;
  if (end > start) parts.text = parts.text.slice(0, start) + ' '.repeat(end - start) + parts.text.slice(end);
  parts.entities = parts.entities.filter((e) => {
    if (e === used.entity) return false;
    const span = entitySpan(original, e);
    return span.end <= start || span.start >= end || span.end === span.start;
  });
}
