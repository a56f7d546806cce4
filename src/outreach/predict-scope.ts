import { lifecycleView } from '../core/lifecycle';
import type { UserProfile } from '../core/user';
import type { KefuEvent } from '../events/event';
import { compileCondition } from '../flows/conditions/compile';
import type { Features } from '../profiles/features';
import type { PredictRule } from './predict-rules';

/** Shoppers' profiles, for conditions on `user.*`. */
export type PredictUsers = { get(userId: string): Promise<UserProfile | undefined> };

/** What a predict rule's conditions see. */
export interface PredictScope {
  features: Features;
  /** The event the rule is judged on (null when there is none). */
  event: KefuEvent | null;
  userId: string;
  users?: PredictUsers;
  now: number;
}

/**
 * True when `when` holds and `unless` does not, for this shopper now. The profile is loaded only when a condition
 * reads `user.…` beyond `user.id` (tags, attributes, isNew, lifecycle, orders, daysSinceLastOrder).
 *
 * @example
 * await ruleHolds(rule, { features, event, userId: 'u1', now: Date.now() });
 */
export async function ruleHolds(rule: PredictRule, scope: PredictScope): Promise<boolean> {
  const conditions = [rule.when, ...(rule.unless === undefined ? [] : [rule.unless])].map((c) => compileCondition(c));
  const readsUser = conditions.some((c) => c.paths.some(({ path }) => path[0] === 'user' && path[1] !== 'id'));
  const ctx = { features: scope.features, event: scope.event, user: readsUser ? await conditionUser(scope) : { id: scope.userId } };
  const [when, unless] = conditions;
  return when!.test(ctx) && !(unless?.test(ctx) ?? false);
}

/** True when the rule's conditions read `event.…` (then it is judged on each event of a batch). */
export function readsEvent(rule: PredictRule): boolean {
  return [rule.when, rule.unless].some((c) => c !== undefined && compileCondition(c).paths.some(({ path }) => path[0] === 'event'));
}

async function conditionUser(scope: PredictScope): Promise<Record<string, unknown>> {
  const profile = await scope.users?.get(scope.userId);
  if (!profile) return { id: scope.userId, tags: [], attributes: {} };
  return { id: scope.userId, ...lifecycleView(profile, scope.now), tags: profile.tags, attributes: profile.attributes };
}
