import type { Redis } from 'ioredis';
import type { KefuEvent } from '../events/event';
import { resolvePath } from '../flows/conditions/evaluate';
import type { FeatureChange, FeatureListener } from '../profiles/features';
import { idempotencyKeyOf, outreachJobId, type DueJobData } from './job-types';
import type { OutreachKeys } from './keys';
import type { OutreachLogSink } from './log-sink';
import { PredictCooldown } from './predict-cooldown';
import type { PredictRule } from './predict-rules';
import { readsEvent, ruleHolds, type PredictUsers } from './predict-scope';
import type { OutreachQueues } from './queues';

/** Dependencies of {@link PredictionListener}. */
export interface PredictionListenerDeps {
  /** The current rules (the flows' `predict:` blocks; refilled on hot reload). */
  rules: () => readonly PredictRule[];
  queues: OutreachQueues;
  redis: Redis;
  keys: OutreachKeys;
  users?: PredictUsers;
  log?: OutreachLogSink;
  now?: () => number;
}

/** What one call did, per rule id (tests, logs). */
export interface PredictionResult {
  scheduled: string[];
  /** Job ids whose rule matched but whose period was already taken (cooldown, or the same batch again). */
  cooldown: string[];
}

/** How old an event may be and still start a prediction. */
const FRESH_MS = 10 * 60_000;

/**
 * Intent prediction (意图预判): told of every batch of behaviour events, it judges the `predict:` rules on each
 * changed shopper and schedules a proactive `start:` of the rule's flow in the outreach queue — once per shopper
 * (and `per` value) per cooldown, with a deterministic job id `<rule>.<user>+<per>+<period>`, due `after:` the event.
 * At due time predict-due-check.ts checks the rule again with fresh features and keeps the holdout out; the
 * policy ledger (opt-out, caps, quiet hours, windows) then decides like for every proactive message.
 *
 * A rule that reads `event.…` is judged on each event of the batch (oldest first, the first match wins); other rules
 * once per shopper with the batch's latest event.
 *
 * @example
 * const listener = new PredictionListener({ rules: () => rules, queues, redis, keys, log });
 * featureListeners.push(listener); // the event pipeline calls onFeatures after each batch
 */
export class PredictionListener implements FeatureListener {
  private readonly cooldown: PredictCooldown;
  private readonly now: () => number;

  constructor(private readonly deps: PredictionListenerDeps) {
    this.cooldown = new PredictCooldown(deps.redis, deps.keys);
    this.now = deps.now ?? Date.now;
  }

  async onFeatures(changes: readonly FeatureChange[]): Promise<void> {
    await this.judge(changes);
  }

  /** {@link onFeatures} with what it did. */
  async judge(changes: readonly FeatureChange[]): Promise<PredictionResult> {
    const result: PredictionResult = { scheduled: [], cooldown: [] };
    const rules = this.deps.rules();
    if (rules.length === 0) return result;
    await Promise.all(changes.map((change) => this.judgeShopper(rules, change, result)));
    return result;
  }

  private async judgeShopper(rules: readonly PredictRule[], change: FeatureChange, result: PredictionResult): Promise<void> {
    // Predictions answer what the shopper does now: events sent late or backfilled (a shop importing last month's
    // orders) update the features but start nothing.
    const fresh = this.now() - FRESH_MS;
    const events: KefuEvent[] = change.events.filter((e) => e.at >= fresh).map((e) => ({ ...e, userId: change.userId }));
    if (events.length === 0) return;
    for (const rule of rules) {
      const candidates: (KefuEvent | null)[] = readsEvent(rule) ? events : [events[events.length - 1] ?? null];
      for (const event of candidates) {
        const scope = { features: change.features, event, userId: change.userId, users: this.deps.users, now: this.now() };
        if (!(await ruleHolds(rule, scope))) continue;
        await this.schedule(rule, change, event, result);
        break;
      }
    }
  }

  private async schedule(rule: PredictRule, change: FeatureChange, event: KefuEvent | null, result: PredictionResult): Promise<void> {
    const per = rule.per ? resolvePath({ features: change.features, event }, rule.per) : undefined;
    if (rule.per && (per === null || typeof per === 'object')) return; // nothing to count the cooldown per
    const perText = per === undefined ? undefined : String(per);
    const at = event?.at ?? this.now();
    const jobId = outreachJobId(rule.id, [change.userId, perText ?? '', Math.floor(at / rule.cooldownMs)]);
    const cooldownKey = this.cooldown.key(rule.id, change.userId, perText);
    const claim = await this.cooldown.claim(cooldownKey, jobId, rule.cooldownMs, this.now());
    const existing = claim === 'taken' ? undefined : await this.deps.queues.due.getJob(jobId);
    const state = await existing?.getState();
    if (claim === 'taken' || (existing && state !== 'completed' && state !== 'failed')) {
      if (claim === 'resume') await this.cooldown.markQueued(cooldownKey, jobId);
      result.cooldown.push(jobId);
      return;
    }
    // a job of this period that ended (its intent lapsed and gave the period back): make room for the new one
    if (existing) await existing.remove().catch(() => undefined);
    const dueAt = at + rule.afterMs;
    const data: DueJobData = {
      triggerId: rule.id,
      userId: change.userId,
      kind: rule.kind,
      action: { start: rule.start },
      ...(event ? { event } : {}),
      predict: { ruleId: rule.id, cooldownKey },
    };
    // logged before it is queued (its own timestamp makes the key), so a fast worker's outcome comes after `scheduled`
    const timestamp = Date.now();
    result.scheduled.push(jobId);
    await this.deps.log?.record({
      key: idempotencyKeyOf(jobId, timestamp),
      jobId,
      triggerId: rule.id,
      userId: change.userId,
      kind: rule.kind,
      status: 'scheduled',
      at: this.now(),
      dueAt,
    });
    await this.deps.queues.due.add('due', data, { jobId, timestamp, delay: Math.max(0, dueAt - this.now()) });
    await this.cooldown.markQueued(cooldownKey, jobId);
  }
}
