import { chooseChannel } from './channel-chooser';
import type { DueJobData, SendJobData } from './job-types';
import { isCancelled, type OutreachContext } from './outreach-context';
import { renderAction } from './render';
import { HOLDOUT } from './predict-due-check';
import { inHoldout } from './predict-holdout';

/**
 * An intent prediction's `start:` is not carried out when the shopper entered that flow within this time (another
 * way in: the welcome, a question, another trigger): suppressed as `recently_served`.
 */
export const PREDICTED_REPEAT_MS = 6 * 3_600_000;

/** How long after it was queued a due job for an event, with no known channel yet, is tried again rather than suppressed. */
export const NO_CHANNEL_GRACE_MS = 10_000;
/** The pause before such a retry. */
export const NO_CHANNEL_RETRY_MS = 1_000;

/** Outcome of preparing one due outreach. */
export type PrepareOutcome =
  | { type: 'enqueued'; channel: string; via: 'window' | 'subscription' }
  | { type: 'suppressed'; reason: string; channel?: string }
  | { type: 'postpone'; retryAt: number };

/**
 * At due time: cancel marker, user, opt-out / quiet hours / caps, channel choice, rendering; then one
 * job in the channel's send queue whose id is the idempotency key (re-adding it is a no-op).
 */
export async function prepareSend(
  ctx: OutreachContext,
  data: DueJobData,
  jobId: string,
  key: string,
  /** When the due job was queued (kefu's clock): a fresh job with no known channel yet is retried for a moment. */
  queuedAt?: number,
): Promise<PrepareOutcome> {
  const now = (ctx.now ?? Date.now)();
  if (await isCancelled(ctx, jobId, data.event?.at)) return { type: 'suppressed', reason: 'cancelled' };
  const checked = await ctx.dueCheck?.(data, jobId, now);
  if (checked !== undefined) return { type: 'suppressed', reason: checked };
  // A proactive trigger's control group (`holdout:`): the same shoppers every time, kept out before any policy.
  if (data.holdout && inHoldout(data.triggerId, data.userId, data.holdout)) return { type: 'suppressed', reason: HOLDOUT };
  const user = await ctx.users.get(data.userId);
  if (!user) return { type: 'suppressed', reason: 'unknown_user' };
  const userDecision = await ctx.ledger.checkUser(user, data.kind, now);
  if (!userDecision.allowed) {
    if (userDecision.reason === 'quiet_hours' && userDecision.retryAt) return { type: 'postpone', retryAt: userDecision.retryAt };
    return { type: 'suppressed', reason: String(userDecision.reason) };
  }
  const choice = data.ref
    ? await pinned(ctx, data, now)
    : await chooseChannel(ctx.directory, ctx.ledger, data.userId, data.kind, data.subscriptionTemplate, now);
  if (!choice.ok) {
    // The shopper's first turn may still be in the turn recorder's buffer (written a moment later): an event this
    // fresh waits a little for the conversation to be known instead of being dropped as having no channel.
    const age = queuedAt === undefined || data.event === undefined ? Infinity : now - queuedAt;
    if (choice.reason === 'no_channel' && age >= 0 && age < NO_CHANNEL_GRACE_MS)
      return { type: 'postpone', retryAt: now + NO_CHANNEL_RETRY_MS };
    return { type: 'suppressed', reason: choice.reason, channel: data.ref?.channel };
  }
  const rendered = renderAction(data.action, {
    event: data.event,
    user,
    shop: ctx.shop ?? { name: '' },
    unsubscribeUrl: ctx.unsubscribeUrl?.(user.id),
  });
  const send: SendJobData = {
    key,
    triggerId: data.triggerId,
    userId: data.userId,
    kind: data.kind,
    channel: choice.ref.channel,
    ref: choice.ref,
    via: choice.via,
    subscriptionTemplate: data.subscriptionTemplate,
    message: rendered.message,
    // a predicted start leaves a shopper who was just in that flow (welcomed into it, or asked) alone
    startFlow:
      rendered.startFlow && data.predict ? { ...rendered.startFlow, skipIfEnteredWithinMs: PREDICTED_REPEAT_MS } : rendered.startFlow,
    scheduledAt: now,
    eventAt: data.event?.at,
    connected: choice.connected,
  };
  await ctx.queues.send(choice.ref.channel).add('send', send, { jobId: key });
  return { type: 'enqueued', channel: choice.ref.channel, via: choice.via };
}

async function pinned(ctx: OutreachContext, data: DueJobData, now: number) {
  const ref = data.ref!;
  const ids = await ctx.directory.channelsOf(data.userId);
  const connected = ids.find((i) => i.ref.channel === ref.channel && i.ref.conversationId === ref.conversationId)?.connected;
  const d = await ctx.ledger.checkChannel(data.userId, ref.channel, now, connected);
  return d.allowed ? { ok: true as const, ref, via: 'window' as const, connected } : { ok: false as const, reason: String(d.reason) };
}
