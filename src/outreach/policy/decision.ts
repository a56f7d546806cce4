/** Outcome of a policy check: allowed, or blocked with a machine-readable reason (and when it could pass). */
export type PolicyDecision =
  { allowed: true; blocked?: false } | { allowed: false; blocked: true; reason: PolicyReason | string; retryAt?: number };

/** Reasons the shipped rules give. */
export type PolicyReason =
  | 'opted_out'
  | 'quiet_hours'
  | 'cap_day'
  | 'cap_week'
  | 'window_closed'
  | 'window_quota'
  | 'not_connected'
  | 'no_consent'
  | 'no_channel'
  | 'no_channel_rule';

/** The allowed decision. */
export const ALLOW: PolicyDecision = { allowed: true };

/** Build a blocked decision. */
export function block(reason: PolicyReason | string, retryAt?: number): PolicyDecision {
  return retryAt === undefined ? { allowed: false, blocked: true, reason } : { allowed: false, blocked: true, reason, retryAt };
}
