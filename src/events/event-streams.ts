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
   * Each partition is trimmed to about this many entries on XADD (`MAXLEN ~`); consumers also trim entries older
   * than 30 days (`XTRIM MINID ~`), whichever bites first. @defaultValue 1_000_000
   */
  maxLength?: number;
}

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
 * The behaviour event streams: `<prefix>:events:p:<n>` (n = {@link partitionOf} the shopper), each entry with the
 * field `e` = the event as JSON `{id, type, userId, at, payload}` and optionally `o` = `1` (outreach already has it).
 * Consumers (src/profiles/feature-consumer.ts) read them with the consumer group `features`.
 *
 * @example
 * const streams = new EventStreams({ redis, prefix: 'kefu' });
 * await streams.add([{ event, outreachDone: false }]);
 */
export class EventStreams {
  readonly partitions: number;
  readonly maxLength: number;

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

  /** XADD the events, pipelined, in order; resolves when Redis has all of them. */
  async add(events: readonly StreamedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.options.redis.pipeline();
    for (const { event, outreachDone } of events) {
      const fields = outreachDone ? ['e', JSON.stringify(event), 'o', '1'] : ['e', JSON.stringify(event)];
      pipeline.xadd(this.keyOf(event), 'MAXLEN', '~', this.maxLength, '*', ...fields);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
  }
}
