import type { Redis } from 'ioredis';
import { createConsumerGroup, isMissingGroup } from '../core/inbox/consumer-group';
import { entryEvents, type ConsumedEntry } from './stream-events';

type Entries = [id: string, fields: string[]][];

/** Options of {@link StreamReader}. */
export interface StreamReaderOptions {
  redis: Redis;
  /** The partition streams, read together. */
  keys: readonly string[];
  group: string;
  consumer: string;
  /**
   * About how many events a read takes from each stream: XREADGROUP's COUNT (entries) is this divided by the mean
   * events per entry seen so far (entries from POST /events pack many events, direct producers' hold one).
   */
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
  /**
   * Events per entry to expect: rises at once to the mean of a read, decays 10 % a read (so a read of single-event
   * entries never lets the next one take hundreds of packed entries). Unknown before the first read, which takes
   * one entry per stream.
   */
  private eventsPerEntry?: number;

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

  /** Acknowledge the entries of consumed events (each entry once, however many events it held). */
  async ack(entries: readonly ConsumedEntry[]): Promise<void> {
    const byStream = new Map<string, Set<string>>();
    for (const e of entries) {
      const ids = byStream.get(e.stream);
      if (ids) ids.add(e.id);
      else byStream.set(e.stream, new Set([e.id]));
    }
    if (byStream.size === 0) return;
    const pipeline = this.options.redis.pipeline();
    for (const [stream, ids] of byStream) pipeline.xack(stream, this.options.group, ...ids);
    await pipeline.exec();
  }

  /** Entries per stream and read: about `count` events. */
  private entriesPerRead(): number {
    return Math.max(1, Math.round(this.options.count / (this.eventsPerEntry ?? this.options.count)));
  }

  /** The events of entries just read (and the events per entry to expect next). */
  private events(stream: string, entries: Entries): ConsumedEntry[] {
    const out: ConsumedEntry[] = [];
    for (const [id, fields] of entries) if (fields) for (const e of entryEvents(stream, id, fields)) out.push(e);
    if (entries.length > 0) this.eventsPerEntry = Math.max(out.length / entries.length, (this.eventsPerEntry ?? 0) * 0.9);
    return out;
  }

  private async read(): Promise<ConsumedEntry[]> {
    const { keys, group, consumer, blockMs } = this.options;
    const reply = (await this.blocking!.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      this.entriesPerRead(),
      'BLOCK',
      blockMs,
      'STREAMS',
      ...keys,
      ...keys.map(() => '>'),
    )) as [string, Entries][] | null;
    return (reply ?? []).flatMap(([stream, entries]) => this.events(stream, entries));
  }

  private async claim(): Promise<ConsumedEntry[]> {
    const { redis, keys, group, consumer, count, claimIdleMs } = this.options;
    const now = Date.now();
    if (now - this.lastClaimAt < claimIdleMs / 2) return [];
    const out: ConsumedEntry[] = [];
    for (const key of keys) {
      const entries = this.entriesPerRead();
      const reply = (await redis.xautoclaim(key, group, consumer, claimIdleMs, '0-0', 'COUNT', entries)) as [string, Entries];
      const claimed = reply[1] ?? [];
      for (const e of this.events(key, claimed)) {
        e.redelivered = true;
        out.push(e);
      }
      if (out.length >= count || claimed.length >= entries) return out; // more next time, right away
    }
    this.lastClaimAt = now;
    return out;
  }
}
