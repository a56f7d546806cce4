import type { OutreachQueues } from './queues';
import { SUPPRESSED_PREFIX } from './send-processor';

/** One failed job as operators see it. */
export interface DeadLetter {
  queue: string;
  id: string;
  name: string;
  /** true for policy blocks (expected, not retried); false for real failures. */
  suppressed: boolean;
  reason: string;
  attemptsMade: number;
  failedAt?: number;
  userId?: string;
  triggerId?: string;
}

/**
 * The dead-letter view: failed jobs of every outreach queue (newest first), split into policy
 * suppressions and real failures. Retry a real failure with `queue.getJob(id).retry()`.
 *
 * @example
 * const dead = (await listDeadLetters(queues)).filter((d) => !d.suppressed);
 */
export async function listDeadLetters(queues: OutreachQueues, limit = 100): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  for (const q of queues.all()) {
    for (const job of await q.getFailed(0, limit - 1)) {
      const reason = job.failedReason ?? '';
      const data = (job.data ?? {}) as { userId?: string; triggerId?: string };
      out.push({
        queue: q.name,
        id: String(job.id),
        name: job.name,
        suppressed: reason.startsWith(SUPPRESSED_PREFIX),
        reason: reason.replace(SUPPRESSED_PREFIX, ''),
        attemptsMade: job.attemptsMade,
        failedAt: job.finishedOn,
        userId: data.userId,
        triggerId: data.triggerId,
      });
    }
  }
  return out.sort((a, b) => (b.failedAt ?? 0) - (a.failedAt ?? 0)).slice(0, limit);
}
