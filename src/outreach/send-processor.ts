import { UnrecoverableError, type Job } from 'bullmq';
import { ChannelWindowError } from '../core/errors';
import { IdempotentDelivery, type DeliveryOutcome } from './delivery';
import { ConversationBusyError } from './sender';
import type { SendJobData } from './job-types';
import { isCancelled, type OutreachContext } from './outreach-context';
import { jobIdOfKey } from './job-types';
import { recordSend } from './send-log';

/** Prefix of failedReason for policy blocks (they are not retried). */
export const SUPPRESSED_PREFIX = 'suppressed:';

/**
 * Process one job of a `send-<channel>` queue: cancel marker, atomic policy reservation, idempotent
 * delivery, log and metrics. Policy blocks throw UnrecoverableError (no retry); send errors throw and retry.
 */
export async function processSend(ctx: OutreachContext, job: Job<SendJobData>): Promise<DeliveryOutcome> {
  const d = job.data;
  const now = (ctx.now ?? Date.now)();
  if (await isCancelled(ctx, jobIdOfKey(d.key), d.eventAt)) return suppress(ctx, d, 'cancelled');
  const reservation = await ctx.ledger.reserve({
    key: d.key,
    userId: d.userId,
    channel: d.channel,
    kind: d.kind,
    via: d.via,
    subscriptionTemplate: d.subscriptionTemplate,
    connected: d.connected,
    now,
  });
  if (!reservation.allowed) return suppress(ctx, d, String(reservation.reason));
  const { outcome, note } = await deliverOrFallBack(ctx, d, now);
  if (outcome === 'uncertain_after_crash') {
    ctx.metrics?.failed.inc({ channel: d.channel, reason: outcome });
    await recordSend(ctx, d, 'failed', now, outcome);
    throw new UnrecoverableError(`${outcome}: the worker died during this send and the channel cannot dedupe, so it is not repeated.`);
  }
  if (outcome !== 'already_sent') {
    const done = (ctx.now ?? Date.now)();
    ctx.metrics?.sent.inc({ channel: d.channel, trigger: d.triggerId });
    ctx.metrics?.sendLatency.observe({ channel: d.channel }, Math.max(0, done - job.timestamp) / 1000);
    await recordSend(ctx, d, 'sent', done, note);
  }
  return outcome;
}

/**
 * Deliver; when the platform refuses because its window closed or its quota ran out (WeChat 45015/45047),
 * record that in the ledger and, for a service job with a consented subscription template on a channel
 * that has subscription messages, send it once more as that subscription message. Otherwise suppress.
 * A `start:` flow that could not begin (the conversation is with a human, or in a flow that may not be
 * interrupted) reached nobody: what it reserved in the ledger (cap slot, window message) is given back and the job is suppressed as `conversation_busy`
 * (`recently_served` for a prediction whose flow the shopper was in a short while ago).
 */
async function deliverOrFallBack(ctx: OutreachContext, d: SendJobData, now: number): Promise<{ outcome: DeliveryOutcome; note?: string }> {
  const delivery = new IdempotentDelivery(ctx.redis, ctx.keys, ctx.sender);
  try {
    return { outcome: await delivery.deliver(d) };
  } catch (error) {
    if (error instanceof ConversationBusyError) {
      await ctx.ledger.release(d); // cap slot, window message and consent: the job reached nobody
      return suppress(ctx, d, error.reason === 'recently_served' ? 'recently_served' : 'conversation_busy');
    }
    if (!(error instanceof ChannelWindowError)) throw error;
    if (error.reason === 'no_consent') return suppress(ctx, d, 'platform_no_consent');
    await ctx.ledger.windows.recordRefusal(d.channel, d.userId, error.reason);
    const canSubscribe =
      d.via === 'window' && d.kind === 'service' && d.subscriptionTemplate && ctx.ledger.windows.ruleOf(d.channel)?.subscription;
    if (!canSubscribe) return suppress(ctx, d, `platform_${error.reason}`);
    const fallback: SendJobData = { ...d, via: 'subscription' };
    const consent = await ctx.ledger.reserve({ ...fallback, now });
    if (!consent.allowed) return suppress(ctx, d, `platform_${error.reason}`);
    return { outcome: await delivery.deliver(fallback), note: `subscription_after_platform_${error.reason}` };
  }
}

async function suppress(ctx: OutreachContext, d: SendJobData, reason: string): Promise<never> {
  ctx.metrics?.suppressed.inc({ channel: d.channel, reason });
  await recordSend(ctx, d, 'suppressed', (ctx.now ?? Date.now)(), reason);
  throw new UnrecoverableError(`${SUPPRESSED_PREFIX}${reason}`);
}
