import type { UserProfile } from '../../core/user';
import { ALLOW, block, type PolicyDecision } from './decision';

/** Tag that marks a shopper who asked to stop proactive messages (set by the unsubscribe intent, a link or the admin API). */
export const UNSUBSCRIBE_TAG = 'unsubscribe';

/**
 * Opt-out rule: blocks when `optedOut` is set or the user carries the `unsubscribe` tag.
 *
 * @example
 * optOutRule(user); // { allowed: true } or { blocked: true, reason: 'opted_out' }
 */
export function optOutRule(user: Pick<UserProfile, 'optedOut' | 'tags'>): PolicyDecision {
  return user.optedOut || user.tags.includes(UNSUBSCRIBE_TAG) ? block('opted_out') : ALLOW;
}
