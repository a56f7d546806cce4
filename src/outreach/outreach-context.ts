import type { Redis } from 'ioredis';
import type { UserProfile } from '../core/user';
import type { ChannelDirectory } from './channel-chooser';
import type { DueJobData } from './job-types';
import type { OutreachKeys } from './keys';
import type { OutreachLogSink } from './log-sink';
import type { OutreachMetrics } from './metrics';
import type { PolicyLedger } from './policy/ledger';
import type { OutreachQueues } from './queues';
import type { Sender } from './sender';

/** Everything the outreach workers need; plain services, wired by the composition root. */
export interface OutreachContext {
  queues: OutreachQueues;
  redis: Redis;
  keys: OutreachKeys;
  ledger: PolicyLedger;
  users: { get(userId: string): Promise<UserProfile | undefined> };
  directory: ChannelDirectory;
  sender: Sender;
  log?: OutreachLogSink;
  metrics?: OutreachMetrics;
  shop?: { name: string };
  /** Builds `{{ unsubscribe_url }}` for a shopper. */
  unsubscribeUrl?: (userId: string) => string;
  /**
   * Asked first when a due job is prepared (before the policy ledger): a reason to suppress it (logged like the
   * ledger's, e.g. `holdout`), or undefined to go on. Intent prediction re-checks its rules here.
   */
  dueCheck?: (data: DueJobData, jobId: string, now: number) => Promise<string | undefined>;
  now?: () => number;
}

/** True when a cancel marker newer than (or equal to) the scheduling event exists for `jobId`. */
export async function isCancelled(ctx: OutreachContext, jobId: string, eventAt: number | undefined): Promise<boolean> {
  const marker = await ctx.redis.get(ctx.keys.cancelled(jobId));
  return marker !== null && Number(marker) >= (eventAt ?? 0);
}
