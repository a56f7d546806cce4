import { Queue, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** Counts of one queue. */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/** Names of the BullMQ queues that exist under `bullPrefix` (found by their `meta` keys). */
export async function discoverQueues(redis: Redis, bullPrefix: string): Promise<string[]> {
  const names = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${bullPrefix}:*:meta`, 'COUNT', 1000);
    cursor = next;
    for (const k of keys) names.add(k.slice(bullPrefix.length + 1, -':meta'.length));
  } while (cursor !== '0');
  return [...names].sort();
}

/**
 * Counts per queue, keyed by queue name (what `kefu queues --json` prints).
 *
 * @example
 * await collectQueueCounts(redis, { host: '127.0.0.1', port: 6379 }, 'kefu:bull');
 * // { outreach: { waiting: 0, active: 0, delayed: 12, completed: 40, failed: 1 }, 'send-web': { … } }
 */
export async function collectQueueCounts(
  redis: Redis,
  connection: ConnectionOptions,
  bullPrefix: string,
): Promise<Record<string, QueueCounts>> {
  const out: Record<string, QueueCounts> = {};
  for (const name of await discoverQueues(redis, bullPrefix)) {
    const q = new Queue(name, { connection, prefix: bullPrefix });
    try {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      out[name] = {
        waiting: c['waiting'] ?? 0,
        active: c['active'] ?? 0,
        delayed: c['delayed'] ?? 0,
        completed: c['completed'] ?? 0,
        failed: c['failed'] ?? 0,
      };
    } finally {
      await q.close();
    }
  }
  return out;
}

/** A plain-text table of the counts. */
export function formatQueueCounts(counts: Record<string, QueueCounts>): string {
  const cols = ['waiting', 'active', 'delayed', 'completed', 'failed'] as const;
  const names = Object.keys(counts);
  if (names.length === 0) return 'No queues yet (nothing has been scheduled under this prefix).';
  const width = Math.max(5, ...names.map((n) => n.length));
  const head = ['queue'.padEnd(width), ...cols.map((c) => c.padStart(9))].join(' ');
  const rows = names.map((n) => [n.padEnd(width), ...cols.map((c) => String(counts[n]![c]).padStart(9))].join(' '));
  return [head, ...rows].join('\n');
}
