import type { Redis } from 'ioredis';
import type { KefuEvent } from './event';

/** Options of {@link EventStreams}. */
export interface EventStreamsOptions {
  redis: Redis;
  /** Key prefix, e.g. `kefu`: streams are `<prefix>:events:p:0` … `<prefix>:events:p:<partitions-1>`. */
  prefix: string;
  /** How many partition streams. Every producer and consumer must agree. @defaultValue 8 */
  partitions?: number;
  /**
   * Each partition keeps about this many **events** (not entries): an XADD of an entry packing k events trims to
   * `MAXLEN ~ maxLength / k̄` entries, k̄ the mean events per entry this process wrote lately (starting at 1 and moving
   * by 1 % an entry, so one big request never shrinks the cap at once; entries hold at most MAX_EVENTS_PER_ENTRY). Consumers also trim
   * entries older than 30 days (`XTRIM MINID ~`), whichever bites first. @defaultValue 1_000_000
   */
  maxLength?: number;
}

/**
 * Most events one stream entry holds: a request's events of one partition are split into entries of at most this
 * many, so a consumer's read (a count of entries) stays bounded in events.
 */
export const MAX_EVENTS_PER_ENTRY = 100;

/** Default number of partition streams. */
export const DEFAULT_PARTITIONS = 8;

/**
 * FNV-1a (32 bit) over the UTF-8 bytes of the shopper id, modulo `partitions`: the partition of a shopper's events,
 * so one shopper's events stay in order in one stream. Direct producers may compute it the same way.
 *
 * @example
 * partitionOf('u1', 8); // 0…7, always the same for u1
 */
export function partitionOf(shopper: string, partitions: number): number {
  let hash = 0x811c9dc5;
  const bytes = /^[\x00-\x7f]*$/.test(shopper) ? undefined : Buffer.from(shopper, 'utf8');
  const length = bytes ? bytes.length : shopper.length;
  for (let i = 0; i < length; i += 1) {
    hash ^= bytes ? bytes[i]! : shopper.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}

/** One event as it is kept in a partition stream (field `e`), plus whether outreach has handled it (field `o`). */
export interface StreamedEvent {
  event: KefuEvent;
  /** true when POST /events already handed it to outreach (consumers then only update features). */
  outreachDone: boolean;
}

/**
 * The behaviour event streams: `<prefix>:events:p:<n>` (n = {@link partitionOf} the shopper). {@link add} writes one
 * entry per partition and call: field `b` = the events as a JSON array of `{id, type, userId, at, payload}` in
 * their order, and `o` = one character per event, `1` when outreach already has it (absent when none has); a call
 * with a single event for a partition writes the single-event form instead, field `e` = the event as JSON and
 * optionally `o` = `1` (what direct producers write). Consumers (src/profiles/feature-consumer.ts) read both with
 * the consumer group `features`.
 *
 * @example
 * const streams = new EventStreams({ redis, prefix: 'kefu' });
 * await streams.add([{ event, outreachDone: false }]);
 */
export class EventStreams {
  readonly partitions: number;
  readonly maxLength: number;
  /** Mean events per entry of this process's recent {@link add}s (MAXLEN counts entries); from 1, slowly. */
  private eventsPerEntry = 1;

  constructor(private readonly options: EventStreamsOptions) {
    this.partitions = Math.max(1, options.partitions ?? DEFAULT_PARTITIONS);
    this.maxLength = options.maxLength ?? 1_000_000;
  }

  /** The stream key of partition `n`. */
  key(n: number): string {
    return `${this.options.prefix}:events:p:${n}`;
  }

  /** Every partition's stream key, in order. */
  keys(): string[] {
    return Array.from({ length: this.partitions }, (_, n) => this.key(n));
  }

  /** The stream key of a shopper's events. */
  keyOf(event: Pick<KefuEvent, 'userId' | 'customerId'>): string {
    return this.key(partitionOf(event.userId || event.customerId || '', this.partitions));
  }

  /**
   * XADD the events, pipelined: one entry per partition holding that partition's events in their order (see the
   * class). Resolves when Redis has all of them.
   */
  async add(events: readonly StreamedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const byPartition = new Map<number, StreamedEvent[]>();
    for (const item of events) {
      const n = partitionOf(item.event.userId || item.event.customerId || '', this.partitions);
      const list = byPartition.get(n);
      if (list) list.push(item);
      else byPartition.set(n, [item]);
    }
    const pipeline = this.options.redis.pipeline();
    for (const [n, all] of byPartition) {
      for (let from = 0; from < all.length; from += MAX_EVENTS_PER_ENTRY) {
        const items = all.slice(from, from + MAX_EVENTS_PER_ENTRY);
        // starts at 1 and moves slowly: one big request never shrinks the cap (and trims what others wrote)
        this.eventsPerEntry += (items.length - this.eventsPerEntry) * 0.01;
        const maxEntries = Math.max(1, Math.ceil(this.maxLength / this.eventsPerEntry));
        pipeline.xadd(this.key(n), 'MAXLEN', '~', maxEntries, '*', ...entryFields(items));
      }
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }
}

/**
 * The fields of one stream entry holding `items` (one partition's events in order): `e` [+ `o`] for one event,
 * `b` (JSON array) [+ `o`, one `0`/`1` per event] for several.
 */
export function entryFields(items: readonly StreamedEvent[]): string[] {
  if (items.length === 1) {
    const { event, outreachDone } = items[0]!;
    return outreachDone ? ['e', JSON.stringify(event), 'o', '1'] : ['e', JSON.stringify(event)];
  }
  let json = '[';
  let flags = '';
  let anyDone = false;
  for (let i = 0; i < items.length; i += 1) {
    const { event, outreachDone } = items[i]!;
    json += (i === 0 ? '' : ',') + JSON.stringify(event);
    flags += outreachDone ? '1' : '0';
    anyDone ||= outreachDone;
  }
  json += ']';
  return anyDone ? ['b', json, 'o', flags] : ['b', json];
}
