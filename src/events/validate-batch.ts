import { behaviourPayloadProblem } from './behaviour-payload';
import { parseEvent, type KefuEvent } from './event';
import { UnreadableLine } from './events-body';
import { shapeProblem } from './event-limits';
import type { RejectedEvent } from './ingest';

/** A batch split into its valid events (with their index in the batch) and the rejected ones. */
export interface CheckedBatch {
  valid: { index: number; event: KefuEvent }[];
  rejected: RejectedEvent[];
}

/**
 * Check every item of a batch on its own: readable, within {@link shapeProblem}'s limits, a well-formed event
 * (parseEvent) and, for the typed behaviour events, the payload fields of its type (money normalised to numbers).
 * One bad item never spoils the others.
 *
 * @example
 * validateBatch([{ id: 'e1', type: 'product_view', userId: 'u1', payload: { productId: 'p1' } }, 42]);
 */
export function validateBatch(items: readonly unknown[], now = Date.now()): CheckedBatch {
  const batch: CheckedBatch = { valid: [], rejected: [] };
  for (const [index, raw] of items.entries()) {
    const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    const problem = raw instanceof UnreadableLine ? raw.reason : shapeProblem(raw);
    if (problem) {
      batch.rejected.push({ index, id, reason: problem });
      continue;
    }
    const parsed = parseEvent(raw, now);
    if (!parsed.ok) {
      batch.rejected.push({ index, id, reason: parsed.reason });
      continue;
    }
    const payloadProblem = behaviourPayloadProblem(parsed.event.type, parsed.event.payload);
    if (payloadProblem) batch.rejected.push({ index, id, reason: payloadProblem });
    else batch.valid.push({ index, event: parsed.event });
  }
  return batch;
}
