import type { ConversationRef } from '../../src/core/message';
import type { FeatureChange, FeatureReader, Features } from '../../src/profiles/features';
import type { CreateOutreachOptions } from '../../src/outreach/create-outreach';
import { OutreachKeys } from '../../src/outreach/keys';
import { predictionDueCheck } from '../../src/outreach/predict-due-check';
import { inHoldout } from '../../src/outreach/predict-holdout';
import { PredictionListener } from '../../src/outreach/predict-listener';
import type { PredictRule } from '../../src/outreach/predict-rules';
import type { OutreachSendOptions } from '../../src/outreach/sender';
import { harness, type Harness } from './helpers';

/** Features as the store would hold them: the names the rules read, null unless given. */
export function features(patch: Features = {}): Features {
  return {
    top_product_10m: null,
    top_product_views_10m: 0,
    cart_add_10m: 0,
    order_created_10m: 0,
    days_since_last_order: null,
    purchase_frequency_days: null,
    orders_365d: 0,
    ...patch,
  };
}

/** The feature store as the due-time check reads it; tests set what "now" looks like. */
export class MemoryFeatures implements FeatureReader {
  readonly map = new Map<string, Features>();
  async features(userId: string): Promise<Features> {
    return { ...(this.map.get(userId) ?? features()) };
  }
}

/** One flow started proactively. */
export interface Started {
  ref: ConversationRef;
  flowId: string;
  key: string;
}

/** An outreach harness with intent prediction wired as in create-kefu.ts: listener, due-time check, a Sender that starts flows. */
export interface PredictHarness extends Harness {
  listener: PredictionListener;
  reader: MemoryFeatures;
  started: Started[];
}

/** Build a {@link PredictHarness} for `rules` (workers on channel `test`). */
export function predictHarness(rules: readonly PredictRule[], extra: Parameters<typeof harness>[2] = {}): PredictHarness {
  const reader = new MemoryFeatures();
  const started: Started[] = [];
  const wired: { h?: Harness } = {}; // the check needs the harness's Redis and prefix, made just below
  const dueCheck: CreateOutreachOptions['dueCheck'] = (data, jobId, now) => {
    const { redis, prefix, users } = wired.h!;
    return predictionDueCheck({ rules: () => rules, features: reader, redis, keys: new OutreachKeys(prefix), users })(data, jobId, now);
  };
  const h = (wired.h = harness([], ['test'], { dueCheck, ...extra }));
  Object.assign(h.sender, {
    async startFlow(ref: ConversationRef, flowId: string, _vars: Record<string, unknown>, options: OutreachSendOptions) {
      started.push({ ref, flowId, key: options.idempotencyKey });
    },
  });
  const listener = new PredictionListener({
    rules: () => rules,
    queues: h.outreach.queues,
    redis: h.redis,
    keys: new OutreachKeys(h.prefix),
    users: h.users,
    log: h.log,
  });
  return Object.assign(h, { listener, reader, started });
}

let n = 0;
/** One shopper's batch: events (type, payload, at) and the features after it (also stored as the reader's "now"). */
export function change(
  h: PredictHarness,
  userId: string,
  events: { type: string; payload?: Record<string, unknown>; at?: number }[],
  patch: Features,
): FeatureChange {
  const f = features(patch);
  h.reader.map.set(userId, f);
  return {
    userId,
    events: events.map((e) => ({ id: `ev${++n}`, type: e.type, at: e.at ?? Date.now(), payload: e.payload ?? {} })),
    features: f,
  };
}

/** The first `count` user ids `u<i>` in (or out of) a rule's holdout. */
export function shoppers(ruleId: string, share: number, count: number, holdout = false): string[] {
  const ids: string[] = [];
  for (let i = 0; ids.length < count; i++) if (inHoldout(ruleId, `u${i}`, share) === holdout) ids.push(`u${i}`);
  return ids;
}
