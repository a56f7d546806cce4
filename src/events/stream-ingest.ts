import type { KefuEvent } from './event';
import type { EventStreams, StreamedEvent } from './event-streams';
import { ingestEvents, type IngestDeps, type IngestResult, type RejectedEvent } from './ingest';

/** What {@link ingestValidated} needs: ingestion's deps plus, optionally, the behaviour event streams. */
export interface StreamIngestDeps extends IngestDeps {
  /** Where events go for the features (src/profiles). Without it events only reach the handler, as before streams. */
  streams?: EventStreams;
}

type Indexed = { index: number; event: KefuEvent };

/**
 * Take validated events. Without streams, all go through {@link ingestEvents} (as before streams). With streams:
 * shop customer ids are resolved to kefu users, the events the handler (order history, outreach) wants —
 * `handler.wants(type)`, all when it does not say — go through {@link ingestEvents} now (checked, deduplicated,
 * handled), then every event not rejected goes to its shopper's partition stream, one entry per partition packing
 * the batch's events of it in order (EventStreams.add), each marked in `o` when the handler already has it.
 * `duplicate` is the handler's answer, so it is true only for events the handler wants whose id it already handled;
 * the others are always `duplicate: false` (not looked up here: the feature consumer dedupes them when it applies them).
 */
export async function ingestValidated(deps: StreamIngestDeps, valid: readonly Indexed[]): Promise<IngestResult> {
  if (!deps.streams) return remapped(await ingestEvents(deps, events(valid)), valid);
  const result: IngestResult = { accepted: [], rejected: [] };
  const resolved = await resolveCustomers(deps, valid, result.rejected);
  const wants = deps.handler.wants?.bind(deps.handler);
  const forHandler = resolved.filter(({ event }) => !wants || wants(event.type));
  const own = remapped(await ingestEvents(deps, events(forHandler)), forHandler);
  result.rejected.push(...own.rejected);
  const handled = new Set(own.accepted.map((a) => a.index));
  const refused = new Set(own.rejected.map((r) => r.index));
  const toStream: StreamedEvent[] = [];
  for (const { index, event } of resolved) {
    if (refused.has(index)) continue;
    toStream.push({ event, outreachDone: handled.has(index) });
  }
  await deps.streams.add(toStream);
  const duplicates = new Map(own.accepted.map((a) => [a.index, a.duplicate]));
  for (const { index, event } of resolved)
    if (!refused.has(index)) result.accepted.push({ index, id: event.id, duplicate: duplicates.get(index) ?? false });
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

function events(items: readonly Indexed[]): KefuEvent[] {
  return items.map(({ event }) => event);
}

/** ingestEvents' indices (into the sub-batch) back to the request's. */
function remapped(r: IngestResult, items: readonly Indexed[]): IngestResult {
  return {
    accepted: r.accepted.map((a) => ({ ...a, index: items[a.index]!.index })),
    rejected: r.rejected.map((x) => ({ ...x, index: items[x.index]!.index })),
  };
}

/** Events with `customerId` get their kefu user id (once per customer id and request); failures are rejected. */
async function resolveCustomers(deps: StreamIngestDeps, valid: readonly Indexed[], rejected: RejectedEvent[]): Promise<Indexed[]> {
  const users = new Map<string, Promise<string>>();
  const out: Indexed[] = [];
  for (const item of valid) {
    const { event } = item;
    if (event.customerId === undefined) {
      out.push(item);
      continue;
    }
    if (!deps.customers) {
      rejected.push({ index: item.index, id: event.id, reason: "customerId is not accepted here: send kefu's userId" });
      continue;
    }
    const customerId = event.customerId;
    if (!users.has(customerId))
      users.set(
        customerId,
        deps.customers.customerUser(customerId).then((u) => u.id),
      );
    try {
      const userId = await users.get(customerId)!;
      const { customerId: _resolved, ...rest } = event;
      out.push({ index: item.index, event: { ...rest, userId } });
    } catch {
      rejected.push({ index: item.index, id: event.id, reason: 'could not be processed now; send it again later', retryable: true });
    }
  }
  return out;
}
