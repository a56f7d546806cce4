import { proportionDifference } from './stats/intervals';
import { sampleRatioCheck, type SampleRatioCheck } from './stats/sample-ratio';
import { rateFigure, type RateFigure } from './variant-figures';

/** Suppression reasons decided before the holdout split (src/outreach/due-processor.ts): such shoppers were never split. */
export const BEFORE_HOLDOUT_REASONS: readonly string[] = ['cancelled', 'prediction_lapsed'];
/** The outreach log's reason for a shopper kept out as the control group. */
export const HOLDOUT_REASON = 'holdout';

/** One row of the outreach log (`kefu_outreach_log`) of a trigger or prediction rule. */
export interface HoldoutLogRow {
  userId: string;
  /** `scheduled`, `suppressed`, `sent`, `failed` or `converted`. */
  status: string;
  reason: string | null;
  /** When the row was decided (the log's `updated_at`; for sent rows `sentAt` is used). Epoch ms. */
  at: number;
  sentAt?: number;
  convertedAt?: number;
}

/** A paid order of a shopper (epoch ms of the payment). */
export interface PaidOrder {
  userId: string;
  at: number;
}

/**
 * A trigger's (or prediction rule's) holdout as a two-arm experiment; shoppers are counted once, from their first
 * decided row. Conversion: a paid order within the window after that row (for the sent arm: after the first message),
 * or the log's own `converted`.
 */
export interface HoldoutFigures {
  /** Declared control share (`holdout:`). */
  share: number;
  /** Shoppers kept out (`suppressed` / `holdout`): nothing was sent. */
  control: RateFigure;
  /** Shoppers a message was sent to (`sent` or `converted`), with the difference to the control. */
  treated: RateFigure;
  /** Every shopper on the sending side, also those the sending rules then stopped (caps, opt-out …): intent to treat. */
  assigned: RateFigure;
  /** Sample-ratio check of assigned vs control against 1 − share : share. */
  srm?: SampleRatioCheck;
}

const SENT = new Set(['sent', 'converted']);

/**
 * Holdout vs treated figures from the outreach log rows of one trigger and the shoppers' paid orders (pure; the same
 * Wilson / Newcombe intervals and χ² sample-ratio check as the A/B experiments, docs/outreach.md).
 *
 * @example
 * computeHoldoutFigures(rows, orders, 0.1, 72 * 3_600_000).treated.vsControl; // { estimate: 0.05, low: …, high: … }
 */
export function computeHoldoutFigures(
  rows: readonly HoldoutLogRow[],
  orders: readonly PaidOrder[],
  share: number,
  windowMs: number,
): HoldoutFigures {
  const first = new Map<string, { control: boolean; at: number }>();
  const firstSent = new Map<string, number>();
  const convertedAt = new Map<string, number[]>();
  for (const r of rows) {
    if (r.status === 'scheduled' || (r.status === 'suppressed' && BEFORE_HOLDOUT_REASONS.includes(r.reason ?? ''))) continue;
    const at = SENT.has(r.status) && r.sentAt !== undefined ? r.sentAt : r.at;
    const prev = first.get(r.userId);
    if (!prev || at < prev.at) first.set(r.userId, { control: r.status === 'suppressed' && r.reason === HOLDOUT_REASON, at });
    if (SENT.has(r.status)) firstSent.set(r.userId, Math.min(firstSent.get(r.userId) ?? Infinity, at));
    if (r.status === 'converted' && r.convertedAt !== undefined)
      convertedAt.set(r.userId, [...(convertedAt.get(r.userId) ?? []), r.convertedAt]);
  }
  const paid = new Map<string, number[]>();
  for (const o of orders) paid.set(o.userId, [...(paid.get(o.userId) ?? []), o.at]);
  const convertsAfter = (userId: string, t: number, logToo: boolean): boolean =>
    [...(paid.get(userId) ?? []), ...(logToo ? (convertedAt.get(userId) ?? []) : [])].some((at) => at >= t && at <= t + windowMs);

  const control = { successes: 0, n: 0 };
  const assigned = { successes: 0, n: 0 };
  const treated = { successes: 0, n: 0 };
  for (const [userId, f] of first) {
    const arm = f.control ? control : assigned;
    arm.n += 1;
    if (convertsAfter(userId, f.at, !f.control)) arm.successes += 1;
    const sentAt = firstSent.get(userId);
    if (f.control || sentAt === undefined) continue;
    treated.n += 1;
    if (convertsAfter(userId, sentAt, true)) treated.successes += 1;
  }
  const srm = sampleRatioCheck([assigned.n, control.n], [1 - share, share]);
  return {
    share,
    control: rateFigure(control, undefined),
    treated: rateFigure(treated, proportionDifference(control, treated)),
    assigned: rateFigure(assigned, proportionDifference(control, assigned)),
    ...(srm ? { srm } : {}),
  };
}
