import { lifecycleView } from '../core/lifecycle';
import type { UserProfile } from '../core/user';
import type { Features } from './features';
import type { ServiceSummary } from './service-history';

/** The `user.*` names every shopper has (besides the shop's attributes declared in flows/profile-tags.yaml). */
export const USER_FIELDS = ['id', 'isNew', 'lifecycle', 'orders', 'daysSinceLastOrder', 'tags', 'attributes', 'optedOut'] as const;

/** The `clock.*` names: the time of evaluation in the shop's time zone. */
export const CLOCK_FIELDS = ['hour', 'weekday', 'ms'] as const;

/** Everything a tag or segment rule reads, for one shopper at one moment. */
export interface ProfileFacts {
  user: UserProfile;
  features: Features;
  service: ServiceSummary;
  now: number;
}

/**
 * The condition context of a tag rule: `user.*` (the shop's attributes, lifecycle fields, kefu's tags), `features.*`,
 * `service.*` and `clock.*` (`hour` 0–23 and `weekday` 1–7, Monday = 1, in `timeZone`). Segments add `profile.tags`.
 *
 * @example
 * ruleContext(facts, 'Asia/Shanghai').clock; // { hour: 23, weekday: 5, ms: 1765… }
 */
export function ruleContext(facts: ProfileFacts, timeZone: string): Record<string, unknown> {
  const u = facts.user;
  return {
    user: { ...u.attributes, id: u.id, ...lifecycleView(u, facts.now), tags: u.tags, attributes: u.attributes, optedOut: u.optedOut },
    features: facts.features,
    service: facts.service,
    clock: clockOf(facts.now, timeZone),
  };
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

function clockOf(now: number, timeZone: string): { hour: number; weekday: number; ms: number } {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    formats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(now));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  return { hour, weekday: WEEKDAYS[parts.find((p) => p.type === 'weekday')?.value ?? 'Mon'] ?? 1, ms: now };
}
