import { jobIdOfKey, type SendJobData } from './job-types';
import type { OutreachStatus } from './log-sink';
import type { OutreachContext } from './outreach-context';

/**
 * Record what happened to one send job in the outreach log (if the context has one).
 *
 * @example
 * await recordSend(ctx, job.data, 'sent', Date.now());
 */
export async function recordSend(ctx: OutreachContext, d: SendJobData, status: OutreachStatus, at: number, reason?: string): Promise<void> {
  await ctx.log?.record({
    key: d.key,
    jobId: jobIdOfKey(d.key),
    triggerId: d.triggerId,
    userId: d.userId,
    kind: d.kind,
    status,
    ...(reason === undefined ? {} : { reason }),
    channel: d.channel,
    at,
  });
}
