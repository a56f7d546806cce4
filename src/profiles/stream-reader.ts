import type { Redis } from 'ioredis';
import { createConsumerGroup, isMissingGroup } from '../core/inbox/consumer-group';
import { entryEvent, type ConsumedEntry } from './stream-events';

type Entries = [id: string, fields: string[]][];

/** Options of {@link StreamReader}. */
export interface StreamReaderOptions {
  redis: Redis;
  /** The partition streams, read together. */
  keys: readonly string[];
  group: string;
  consumer: string;
  /** Entries per read. */
  count: number;
  /** How long a read waits for new entries. */
  blockMs: number;
  /** Entries pending this long (their consumer died mid-batch) are claimed. */
  claimIdleMs: number;
}

/**
 * Reads the partition streams for one consumer of a group: new entries across every partition in one
 * XREADGROUP, and, at most every `claimIdleMs / 2`, entries other consumers took and never acknowledged
 * (XAUTOCLAIM after `claimIdleMs` idle). Recreates missing groups (Redis lost them) at the start of the stream.
 */
export class StreamReader {
  private blocking?: Redis;
  private lastClaimAt = 0;

  constructor(private readonly options: StreamReaderOptions) {}

  /** Create the groups (at id 0: entries already in the streams are read too). */
  async open(): Promise<void> {
    for (const key of this.options.keys) await createConsumerGroup(this.options.redis, key, this.options.group);
    this.blocking = this.options.redis.duplicate();
  }

  close(): void {
    this.blocking?.disconnect();
    this.blocking = undefined;
  }

  /** The next batch: claimed entries first, else new ones (waits up to blockMs). */
  async next(): Promise<ConsumedEntry[]> {
    try {
      const claimed = await this.claim();
      if (claimed.length > 0) return claimed;
      return await this.read();
    } catch (err) {
      if (!isMissingGroup(err)) throw err;
      for (const key of this.options.keys) await createConsumerGroup(this.options.redis, key, this.options.group);
      return [];
    }
  }

  /** Acknowledge consumed entries. */
  async ack(entries: readonly ConsumedEntry[]): Promise<void> {
    const byStream = new Map<string, string[]>();
    for (const e of entries) {
      const ids = byStream.get(e.stream);
      if (ids) ids.push(e.id);
      else byStream.set(e.stream, [e.id]);
    }
    if (byStream.size === 0) return;
    const pipeline = this.options.redis.pipeline();
    for (const [stream, ids] of byStream) pipeline.xack(stream, this.options.group, ...ids);
    await pipeline.exec();
  }

  private async read(): Promise<ConsumedEntry[]> {
    const { keys, group, consumer, count, blockMs } = this.options;
    const reply = (await this.blocking!.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      count,
      'BLOCK',
      blockMs,
      'STREAMS',
      ...keys,
      ...keys.map(() => '>'),
    )) as [string, Entries][] | null;
    return (reply ?? []).flatMap(([stream, entries]) => entries.map(([id, fields]) => entryEvent(stream, id, fields)));
  }

  private async claim(): Promise<ConsumedEntry[]> {
    const { redis, keys, group, consumer, count, claimIdleMs } = this.options;
    const now = Date.now();
    if (now - this.lastClaimAt < claimIdleMs / 2) return [];
    const out: ConsumedEntry[] = [];
    for (const key of keys) {
      const reply = (await redis.xautoclaim(key, group, consumer, claimIdleMs, '0-0', 'COUNT', count)) as [string, Entries];
      for (const [id, fields] of reply[1] ?? []) if (fields) out.push(entryEvent(key, id, fields));
      if (out.length >= count) return out; // more next time, right away
    }
    this.lastClaimAt = now;
    return out;
  }
}
