import type { OrderLedger } from '../../core/order-ledger';
import type { KefuEvent } from '../../events/event';
import type { IngestDeps } from '../../events/ingest';
import { factOfEvent, LIFECYCLE_EVENTS } from './order-facts';

/** The event handler ingestion calls (the OutreachScheduler, or one wrapped around it). */
export type EventHandler = IngestDeps['handler'];

/**
 * An event handler that first records order events (order_created, order_paid, order_shipped, order_delivered,
 * order_cancelled, …) in the shopper's order history, so `user.isNew`, `user.orders` and `user.lifecycle` are
 * up to date for the triggers `next` runs, then hands every event to `next`. When recording fails (the database
 * is down) the event fails as a whole and ingestion asks the producer to send it again.
 *
 * @example
 * eventsRoutes({ redis, prefix: 'kefu', handler: withLifecycle(outreach.scheduler, new TypeormOrderLedger(ds)) });
 */
export function withLifecycle(next: EventHandler, ledger: OrderLedger, onRecorded?: (userId: string) => void): EventHandler {
  return {
    async handleEvent(event: KefuEvent): Promise<unknown> {
      const fact = factOfEvent(event);
      if (fact) {
        await ledger.record(event.userId, [fact]);
        onRecorded?.(event.userId); // e.g. drop the cached profile, so the next turn sees the new order at once
      }
      return next.handleEvent(event);
    },
    checkEvent: next.checkEvent ? (event) => next.checkEvent!(event) : undefined,
    // order events are recorded here whatever `next` wants; without `next.wants` every event goes on
    wants: (type) => LIFECYCLE_EVENTS.includes(type) || !next.wants || next.wants(type),
  };
}
