import { createHash } from 'node:crypto';

/** One variant as assignment sees it: its id and its weight (any positive number; shares are weight / total). */
export interface WeightedVariant {
  id: string;
  weight: number;
}

/**
 * A shopper's fixed point in [0, 1) for one experiment: the first 32 bits of SHA-256 over (experiment id, user id).
 * The same pair gives the same point in every process and after every restart, with nothing stored; points of
 * different experiments are independent.
 *
 * @example
 * stickyUnit('welcome_copy', 'u1'); // e.g. 0.6172…, always the same
 */
export function stickyUnit(experimentId: string, userId: string): number {
  const digest = createHash('sha256').update(`${experimentId}\u0000${userId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/**
 * The variant a shopper sees: the weights, in the order declared, cut [0, 1) into buckets and the shopper's
 * {@link stickyUnit} falls into one. Sticky as long as the declared ids, order and weights stay the same.
 *
 * @example
 * assignVariant('welcome_copy', 'u1', [{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }]); // 'A' or 'B', always the same for u1
 */
export function assignVariant(experimentId: string, userId: string, variants: readonly WeightedVariant[]): string {
  if (variants.length === 0)
    throw new Error(`Experiment '${experimentId}' has no variants. Fix: declare at least two variants with positive weights.`);
  const total = variants.reduce((sum, v) => sum + Math.max(0, v.weight), 0);
  const point = stickyUnit(experimentId, userId) * total;
  let edge = 0;
  for (const v of variants) {
    edge += Math.max(0, v.weight);
    if (point < edge) return v.id;
  }
  return variants[variants.length - 1]!.id;
}
