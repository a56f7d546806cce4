import { createHash } from 'node:crypto';

/**
 * Whether a shopper is in a rule's control group: a hash of rule id and user id, so the same shopper is always in
 * (or always out of) the holdout of one rule, independently across rules, with no state to keep.
 *
 * @example
 * inHoldout('repurchase_due', 'u1', 0.1); // true for about 10% of shoppers, always the same ones
 */
export function inHoldout(ruleId: string, userId: string, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const digest = createHash('sha256').update(`${ruleId}\u0000${userId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < share;
}
