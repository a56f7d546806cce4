import { ingestEvents, type IngestResult } from './ingest';
import { ingestValidated, type StreamIngestDeps } from './stream-ingest';
import { validateBatch } from './validate-batch';

/**
 * Ingest raw items the way `POST /events` does: each checked on its own (validateBatch), the valid ones handed to
 * outreach when it wants their type and, with `deps.streams`, XADDed to the behaviour streams so the shopper's
 * features and tags see them too. Without streams it is {@link ingestEvents}. Used by the Redis list and the commerce
 * feed, so an order that arrives through either counts in `total_spent`, RFM and the profile tags.
 *
 * @example
 * const result = await ingestItems({ redis, prefix: 'kefu', handler: core.events, streams: core.behaviour.streams }, items);
 */
export async function ingestItems(deps: StreamIngestDeps, items: readonly unknown[]): Promise<IngestResult> {
  if (!deps.streams) return ingestEvents(deps, items);
  const batch = validateBatch(items);
  const result = await ingestValidated(deps, batch.valid);
  return { accepted: result.accepted, rejected: [...batch.rejected, ...result.rejected].sort((a, b) => a.index - b.index) };
}
