import type { Redis } from 'ioredis';
import { lifecycleView, type LifecycleView } from '../core/lifecycle';
import type { UserProfile } from '../core/user';
import type { KefuEvent } from '../events/event';
import { compileCondition } from '../flows/conditions/compile';
import { dueTimeOf, subjectOf } from './due-time';
import { eventFieldsProblem } from './event-fields';
import type { DueJobData } from './job-types';
import { idempotencyKeyOf, outreachJobId } from './job-types';
import type { OutreachKeys } from './keys';
import type { OutreachLogSink } from './log-sink';
import type { OutreachQueues } from './queues';
import type { TriggerSpec } from './trigger-schema';

const CANCEL_TTL_MS = 30 * 86_400_000;

/** The shopper as `when` conditions see it (the lifecycle fields when the profile is known). */
type ConditionUser = Pick<UserProfile, 'id' | 'tags' | 'attributes'> & Partial<LifecycleView>;

/** Dependencies of the scheduler. */
export interface SchedulerDeps {
  queues: OutreachQueues;
  redis: Redis;
  keys: OutreachKeys;
  triggers: readonly TriggerSpec[];
  /** Shoppers' profiles, for `when` conditions on `user.*` (tags, attributes, isNew, lifecycle, orders, daysSinceLastOrder). */
  users?: { get(userId: string): Promise<UserProfile | undefined> };
  log?: OutreachLogSink;
  /** order_paid within this window after a send counts as a conversion. @defaultValue 72 h */
  conversionWindowMs?: number;
  /**
   * Credits each `order_paid` to the chat that showed the product or issued the coupon (ChatAttribution), told which
   * outreach message the log credited with the same order, so the order counts once.
   */
  attribution?: { creditOrder(event: KefuEvent, outreachKey?: string): Promise<unknown> };
  now?: () => number;
}

/** What one event did. */
export interface HandleResult {
  scheduled: string[];
  duplicates: string[];
  cancelled: string[];
  skipped: { trigger: string; reason: string }[];
}

/**
 * Turns events into delayed BullMQ jobs with deterministic ids (`<trigger>.<subject>`), cancels them
 * on cancelling events (removes the delayed job and leaves a cancel marker that a running job checks
 * before sending) and attributes conversions on `order_paid` (outreach log first, then the chat's attribution).
 *
 * @example
 * const r = await scheduler.handleEvent({ id: 'e1', type: 'cart_add', userId: 'u1', at: Date.now(), payload: { cartId: 'c1' } });
 * r.scheduled; // ['cart_abandoned.c1']
 */
export class OutreachScheduler {
  private readonly now: () => number;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Why the event cannot drive the triggers that listen to it (a field they read is missing), or undefined.
   * Ingestion rejects such events with this sentence instead of accepting them and scheduling nothing.
   */
  checkEvent(event: KefuEvent): string | undefined {
    return eventFieldsProblem(this.deps.triggers, event);
  }

  /** Whether a trigger listens to (or is cancelled by) events of this type, or it is `order_paid` (attribution). */
  wants(type: string): boolean {
    return type === 'order_paid' || this.deps.triggers.some((t) => t.on.includes(type) || t.cancelOn.includes(type));
  }

  /** Cancel first (so an event that both cancels and schedules behaves), then schedule, then attribute. */
  async handleEvent(event: KefuEvent): Promise<HandleResult> {
    const result: HandleResult = { scheduled: [], duplicates: [], cancelled: [], skipped: [] };
    for (const spec of this.deps.triggers.filter((t) => t.cancelOn.includes(event.type))) {
      const subject = subjectOf(spec, event);
      if (subject) result.cancelled.push(await this.cancel(outreachJobId(spec.id, subject), event.at));
    }
    let user: Promise<ConditionUser> | undefined; // loaded once, and only when a `when` asks about the shopper
    const userOf = (): Promise<ConditionUser> => (user ??= this.conditionUser(event.userId));
    for (const spec of this.deps.triggers.filter((t) => t.on.includes(event.type))) {
      await this.scheduleOne(spec, event, result, userOf);
    }
    if (event.type === 'order_paid') {
      const orderId = String(event.payload['orderId'] ?? '');
      const window = this.deps.conversionWindowMs ?? 72 * 3_600_000;
      const outreachKey = await this.deps.log?.attributeConversion(event.userId, orderId, event.at, window);
      await this.deps.attribution?.creditOrder(event, outreachKey);
    }
    return result;
  }

  /** Cancel a job by id: remove it if delayed/waiting; leave a marker (value = cancel time) for an active one. */
  async cancel(jobId: string, at = this.now()): Promise<string> {
    await this.deps.redis.set(this.deps.keys.cancelled(jobId), String(at), 'PX', CANCEL_TTL_MS);
    await this.deps.queues.due.remove(jobId);
    return jobId;
  }

  /**
   * What a `when` condition sees of the shopper: id, tags, attributes, isNew, lifecycle, orders, daysSinceLastOrder
   * (no identities or contact data).
   */
  private async conditionUser(userId: string): Promise<ConditionUser> {
    const profile = await this.deps.users?.get(userId);
    if (!profile) return { id: userId, tags: [], attributes: {} };
    return { id: userId, ...lifecycleView(profile, this.now()), tags: profile.tags, attributes: profile.attributes };
  }

  private async scheduleOne(
    spec: TriggerSpec,
    event: KefuEvent,
    result: HandleResult,
    userOf: () => Promise<ConditionUser>,
  ): Promise<void> {
    if (spec.when !== undefined) {
      // `when` is written in the flows' condition language; the profile is loaded only when it reads more than user.id
      const when = compileCondition(spec.when);
      const readsProfile = when.paths.some(({ path }) => path[0] === 'user' && path[1] !== 'id');
      const user = readsProfile ? await userOf() : { id: event.userId };
      if (!when.test({ event, user })) {
        result.skipped.push({ trigger: spec.id, reason: 'when_false' });
        return;
      }
    }
    const subject = subjectOf(spec, event);
    const due = dueTimeOf(spec, event);
    if (!subject || !due.ok) {
      result.skipped.push({ trigger: spec.id, reason: !subject ? 'missing_subject' : (due as { reason: string }).reason });
      return;
    }
    const jobId = outreachJobId(spec.id, subject);
    const cancelledAt = await this.deps.redis.get(this.deps.keys.cancelled(jobId));
    if (cancelledAt !== null && Number(cancelledAt) >= event.at) {
      result.skipped.push({ trigger: spec.id, reason: 'cancelled_earlier' });
      return;
    }
    if (cancelledAt !== null) await this.deps.redis.del(this.deps.keys.cancelled(jobId));
    const existing = await this.deps.queues.due.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed') {
        result.duplicates.push(jobId);
        return;
      }
      await existing.remove().catch(() => undefined);
    }
    const data: DueJobData = {
      triggerId: spec.id,
      userId: event.userId,
      kind: spec.kind,
      action: spec.start ? { start: spec.start } : { send: spec.send! },
      event,
      subscriptionTemplate: spec.subscription?.template,
      ...(spec.holdout ? { holdout: spec.holdout } : {}),
    };
    const job = await this.deps.queues.due.add('due', data, { jobId, delay: Math.max(0, due.dueAt - this.now()) });
    result.scheduled.push(jobId);
    await this.deps.log?.record({
      key: idempotencyKeyOf(jobId, job.timestamp),
      jobId,
      triggerId: spec.id,
      userId: event.userId,
      kind: spec.kind,
      status: 'scheduled',
      at: this.now(),
      dueAt: due.dueAt,
    });
  }
}
