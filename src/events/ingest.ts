import type { Redis } from 'ioredis';
import type { KefuEvent } from './event';
import { parseEvent } from './event';

/** What ingestion needs: a Redis for dedupe and something that handles events (the OutreachScheduler). */
export interface IngestDeps {
  redis: Redis;
  /** Key prefix, e.g. `kefu` (dedupe keys are `<prefix>:events:seen:<id>`). */
  prefix: string;
  /**
   * Handles each event (the OutreachScheduler). `checkEvent`, when present, names what makes an event unusable
   * (a field its triggers read is missing): such an event is rejected with that reason, not accepted and ignored.
   */
  handler: {
    handleEvent(event: KefuEvent): Promise<unknown>;
    checkEvent?(event: KefuEvent): string | undefined;
    /**
     * Whether events of this type matter to it (a trigger listens, order history records them). With behaviour
     * streams only those are handed to it; the rest go to the streams alone. Absent: every event matters.
     */
    wants?(type: string): boolean;
  };
  /**
   * Resolves the shop's customer ids of events that carry `customerId` to kefu users (creating the user the first
   * time: ShopIdentities). Without it such events are rejected. When an event has both, `customerId` decides.
   */
  customers?: { customerUser(customerId: string): Promise<{ id: string }> };
  /** How long an event id is remembered. @defaultValue 7 days */
  dedupeTtlSeconds?: number;
}

/** One accepted event. */
export interface AcceptedEvent {
  index: number;
  id: string;
  /** true when the id was seen before: acknowledged, not processed again. */
  duplicate: boolean;
}

/** One rejected event with a reason safe to show the producer. */
export interface RejectedEvent {
  index: number;
  id?: string;
  reason: string;
  /** true when the event was valid but could not be handled now (send it again later); absent for invalid events. */
  retryable?: boolean;
}

/** Result of a batch. */
export interface IngestResult {
  accepted: AcceptedEvent[];
  rejected: RejectedEvent[];
}

/**
 * Validate (the event's shape, then the fields its triggers read: `handler.checkEvent`), dedupe (SET NX on the
 * event id) and hand each event to the handler. An event whose handling
 * throws is rejected and its dedupe mark removed, so the producer can send it again.
 *
 * @example
 * const r = await ingestEvents(deps, [{ id: 'e1', type: 'cart_add', userId: 'u1', payload: { cartId: 'c1' } }]);
 */
export async function ingestEvents(deps: IngestDeps, items: readonly unknown[]): Promise<IngestResult> {
  const result: IngestResult = { accepted: [], rejected: [] };
  for (const [index, raw] of items.entries()) {
    const parsed = parseEvent(raw);
    if (!parsed.ok) {
      const id =
        raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
      result.rejected.push({ index, id, reason: parsed.reason });
      continue;
    }
    const event = parsed.event;
    if (event.customerId !== undefined && !deps.customers) {
      result.rejected.push({ index, id: event.id, reason: "customerId is not accepted here: send kefu's userId" });
      continue;
    }
    const problem = deps.handler.checkEvent?.(event);
    if (problem) {
      result.rejected.push({ index, id: event.id, reason: problem });
      continue;
    }
    const key = `${deps.prefix}:events:seen:${event.id}`;
    const first = await deps.redis.set(key, '1', 'EX', deps.dedupeTtlSeconds ?? 7 * 86_400, 'NX');
    if (first !== 'OK') {
      result.accepted.push({ index, id: event.id, duplicate: true });
      continue;
    }
    try {
      if (event.customerId !== undefined) event.userId = (await deps.customers!.customerUser(event.customerId)).id;
      await deps.handler.handleEvent(event);
      result.accepted.push({ index, id: event.id, duplicate: false });
    } catch {
      await deps.redis.del(key);
      result.rejected.push({ index, id: event.id, reason: 'could not be processed now; send it again later', retryable: true });
    }
  }
  return result;
}
