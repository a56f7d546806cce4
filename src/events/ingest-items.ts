import type { KefuEvent } from './event';
import { ingestEvents, type IngestResult } from './ingest';
import type { StreamIngestDeps } from './stream-ingest';
import { validateBatch } from './validate-batch';

/**
 * Ingest raw items from the Redis list or the commerce feed: outreach gets them exactly as before
 * ({@link ingestEvents}: checked, deduplicated, handled; its result is the answer), and with `deps.streams` the
 * events outreach accepted that also pass `POST /events`' per-type checks (validateBatch) are added to the behaviour
 * streams, marked as handled, so the shopper's features, RFM and tags see an order that only the merchant API
 * reported. An event the stricter checks refuse still reaches outreach; it only stays out of the features.
 *
 * @example
 * const result = await ingestItems({ redis, prefix: 'kefu', handler: core.events, streams: core.behaviour.streams }, items);
 */
export async function ingestItems(deps: StreamIngestDeps, items: readonly unknown[]): Promise<IngestResult> {
  const result = await ingestEvents(deps, items);
  if (!deps.streams) return result;
  const refused = new Set(result.rejected.map((r) => r.index));
  const users = new Map<string, Promise<string | undefined>>();
  const userOf = (event: KefuEvent): Promise<string | undefined> => {
    if (event.customerId === undefined) return Promise.resolve(event.userId);
    const customers = deps.customers;
    if (!customers) return Promise.resolve(undefined);
    const id = event.customerId;
    if (!users.has(id))
      users.set(
        id,
        customers.customerUser(id).then(
          (u) => u.id,
          () => undefined,
        ),
      );
    return users.get(id)!;
  };
  const toStream: { event: KefuEvent; outreachDone: boolean }[] = [];
  for (const { index, event } of validateBatch(items).valid) {
    if (refused.has(index)) continue;
    const userId = await userOf(event);
    if (!userId) continue;
    const { customerId: _resolved, ...rest } = event;
    toStream.push({ event: { ...rest, userId }, outreachDone: true });
  }
  await deps.streams.add(toStream);
  return result;
}
