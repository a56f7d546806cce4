import type { CommerceGateway } from '../commerce/gateway';
import type { IngestResult } from './ingest';
import { ingestItems } from './ingest-items';
import type { StreamIngestDeps } from './stream-ingest';
import type { EventSubscription } from './redis-events';

/** Options of {@link followCommerceEvents}. */
export interface CommerceFeedOptions {
  /** Pause between polls when the feed is drained. @defaultValue 1000 */
  intervalMs?: number;
  /** Events per page. @defaultValue 100 */
  pageSize?: number;
  /** Called after each non-empty page (rejections, errors). */
  onResult?: (result: IngestResult) => void;
  onError?: (err: unknown) => void;
}

/**
 * Follow the CommerceGateway's event feed (order_created, order_paid, coupon_issued, …) into outreach:
 * pages are ingested like `POST /events` (ingestItems: validated per item, deduplicated by id, and with
 * `deps.streams` added to the behaviour streams for the features) and the cursor is kept in Redis
 * (`<prefix>:events:commerce-cursor`), so a restarted worker continues where the last one stopped. Several
 * workers may follow at once: the dedupe by event id makes a page read twice harmless.
 *
 * @example
 * const feed = followCommerceEvents(commerce, { redis, prefix: 'kefu', handler: outreach.scheduler });
 * await feed.stop();
 */
export function followCommerceEvents(
  commerce: CommerceGateway,
  deps: StreamIngestDeps,
  options: CommerceFeedOptions = {},
): EventSubscription {
  const events = commerce.events?.bind(commerce);
  if (!events) return { stop: async () => undefined };
  const cursorKey = `${deps.prefix}:events:commerce-cursor`;
  let running = true;
  let wake: () => void = () => undefined;
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout((wake = resolve), ms));
  const loop = (async () => {
    while (running) {
      try {
        const after = (await deps.redis.get(cursorKey)) ?? undefined;
        const page = await events(after, options.pageSize ?? 100);
        if (page.events.length > 0) {
          const result = await ingestItems(deps, page.events);
          options.onResult?.(result);
        }
        if (page.cursor !== undefined && page.cursor !== after) await deps.redis.set(cursorKey, page.cursor);
        if (page.events.length === 0) await pause(options.intervalMs ?? 1000);
      } catch (err) {
        options.onError?.(err);
        await pause(options.intervalMs ?? 1000);
      }
    }
  })();
  return {
    stop: async () => {
      running = false;
      wake();
      await loop;
    },
  };
}
