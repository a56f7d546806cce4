import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { discoverQueues, type QueueCounts } from './queue-counts';

/** Options of {@link LiveQueueCounts}. */
export interface LiveQueueCountsOptions {
  /** For finding the queues (SCAN for their `meta` keys). */
  redis: Redis;
  /** Connection options for queues this process has not opened itself (one connection per such queue, kept). */
  connection: ConnectionOptions;
  /** BullMQ key prefix, e.g. `kefu:bull`. */
  bullPrefix: string;
  /** The queues this process has open (reused, never closed here). */
  known: () => readonly Queue[];
  /** Counts are reused this long, so many open consoles cost Redis one count. @defaultValue 2000 */
  maxAgeMs?: number;
  /** Queue names are looked up again (a SCAN) at most this often. @defaultValue 30000 */
  discoverEveryMs?: number;
}

/**
 * Job counts per BullMQ queue for a page that polls (the console's 渠道 page): the same figures as `kefu queues`,
 * but queue handles are kept open, the SCAN for queue names runs at most every 30 s, and callers within 2 s share
 * one count.
 *
 * @example
 * const counts = new LiveQueueCounts({ redis, connection, bullPrefix: 'kefu:bull', known: () => outreach.queues.all() });
 * await counts.counts(); // { outreach: { waiting: 0, active: 0, delayed: 3, completed: 9, failed: 0 }, … }
 */
export class LiveQueueCounts {
  private readonly opened = new Map<string, Queue>();
  private names: string[] = [];
  private namesAt = Number.NEGATIVE_INFINITY;
  private last?: { at: number; counts: Promise<Record<string, QueueCounts>> };

  constructor(private readonly options: LiveQueueCountsOptions) {}

  /** Jobs per queue, keyed by queue name, sorted by name. */
  counts(): Promise<Record<string, QueueCounts>> {
    const now = Date.now();
    if (this.last && now - this.last.at < (this.options.maxAgeMs ?? 2000)) return this.last.counts;
    const counts = this.count();
    this.last = { at: now, counts };
    counts.catch(() => (this.last = undefined));
    return counts;
  }

  /** The open handle of queue `name` (this process's own, or one opened here); for Bull Board's addQueue. */
  handle(name: string): Queue {
    return this.queue(name, new Map(this.options.known().map((q) => [q.name, q])));
  }

  /** Close the queue handles opened here. */
  async close(): Promise<void> {
    await Promise.all([...this.opened.values()].map((q) => q.close()));
    this.opened.clear();
  }

  private async count(): Promise<Record<string, QueueCounts>> {
    const known = new Map(this.options.known().map((q) => [q.name, q]));
    if (Date.now() - this.namesAt >= (this.options.discoverEveryMs ?? 30_000)) {
      this.names = await discoverQueues(this.options.redis, this.options.bullPrefix);
      this.namesAt = Date.now();
    }
    const out: Record<string, QueueCounts> = {};
    for (const name of [...new Set([...this.names, ...known.keys()])].sort()) {
      const c = await this.queue(name, known).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      out[name] = {
        waiting: c['waiting'] ?? 0,
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
        completed: c['completed'] ?? 0,
        failed: c['failed'] ?? 0,
      };
    }
    return out;
  }

  private queue(name: string, known: Map<string, Queue>): Queue {
    const open = known.get(name) ?? this.opened.get(name);
    if (open) return open;
    const q = new Queue(name, { connection: this.options.connection, prefix: this.options.bullPrefix });
    q.on('error', () => undefined); // a broken connection shows as a failed count (queuesError), not as a crash
    this.opened.set(name, q);
    return q;
  }
}
