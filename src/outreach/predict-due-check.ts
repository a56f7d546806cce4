import type { Redis } from 'ioredis';
import type { FeatureReader } from '../profiles/features';
import type { DueJobData } from './job-types';
import type { OutreachKeys } from './keys';
import { PredictCooldown } from './predict-cooldown';
import { inHoldout } from './predict-holdout';
import type { PredictRule } from './predict-rules';
import { ruleHolds, type PredictUsers } from './predict-scope';

/** Suppression reason: at due time the rule no longer held (e.g. the order came within `after:`), or it was removed. */
export const PREDICTION_LAPSED = 'prediction_lapsed';
/** Suppression reason: the shopper is in the rule's control group (`holdout:`), so nothing is started. */
export const HOLDOUT = 'holdout';

/** Dependencies of {@link predictionDueCheck}. */
export interface PredictionDueCheckDeps {
  rules: () => readonly PredictRule[];
  /** Fresh features at due time. */
  features: FeatureReader;
  redis: Redis;
  keys: OutreachKeys;
  users?: PredictUsers;
}

/**
 * The due-time check of predicted starts (OutreachContext.dueCheck): the rule is judged again on the shopper's
 * features now (`when` still holds, `unless` does not) — else `prediction_lapsed`, and the cooldown period is given
 * back so a later match can start it; then a shopper in the rule's holdout gets `holdout` (logged, counted in the
 * funnel, nothing sent). Jobs not scheduled by a rule pass.
 *
 * @example
 * createOutreach({ …, dueCheck: predictionDueCheck({ rules: () => rules, features: featureStore, redis, keys }) });
 */
export function predictionDueCheck(
  deps: PredictionDueCheckDeps,
): (data: DueJobData, jobId: string, now: number) => Promise<string | undefined> {
  const cooldown = new PredictCooldown(deps.redis, deps.keys);
  return async (data, jobId, now) => {
    if (!data.predict) return undefined;
    const rule = deps.rules().find((r) => r.id === data.predict!.ruleId);
    const features = rule ? await deps.features.features(data.userId, now) : undefined;
    const scope = { features: features!, event: data.event ?? null, userId: data.userId, users: deps.users, now };
    if (!rule || !(await ruleHolds(rule, scope))) {
      await cooldown.release(data.predict.cooldownKey, jobId);
      return PREDICTION_LAPSED;
    }
    return inHoldout(rule.id, data.userId, rule.holdout) ? HOLDOUT : undefined;
  };
}
