import type { ExposureRow } from './exposure-store';
import type { ExposedOutcomes } from './outcome-reader';
import { meanDifference, meanInterval, momentsOf, proportionDifference, wilsonInterval, type Interval } from './stats/intervals';
import { sampleRatioCheck, type SampleRatioCheck } from './stats/sample-ratio';

/** A proportion: how many of `n`, the rate with its Wilson interval and the difference to the control (Newcombe). */
export interface RateFigure {
  n: number;
  count: number;
  rate?: Interval;
  vsControl?: Interval;
}

/** A mean: how many values, the mean with its t interval and the difference to the control (Welch). */
export interface MeanFigure {
  n: number;
  mean?: Interval;
  vsControl?: Interval;
}

/** One variant's results. */
export interface VariantFigures {
  id: string;
  /** Declared share of shoppers (weight / total). */
  share: number;
  exposures: number;
  /** Exposed shoppers with an attributed paid order within the window, of all exposed shoppers. */
  conversion: RateFigure;
  /** The first CSAT rating (1–5) within the window of each shopper who gave one. */
  csat: MeanFigure;
  /** Whether the first labelled service session within the window was resolved, of shoppers who had one. */
  resolution: RateFigure;
}

/** Every variant's results and the sample-ratio check; the first variant is the control. */
export interface ExperimentFigures {
  variants: VariantFigures[];
  srm?: SampleRatioCheck;
}

/**
 * Per-variant figures from exposures and outcomes (pure; see docs/studio.md 实验 for what counts). A shopper's outcome
 * counts when it happened within `windowMs` after their exposure; each shopper counts once per figure.
 *
 * @example
 * computeFigures([{ id: 'A', weight: 50 }, { id: 'B', weight: 50 }], exposures, outcomes, 7 * 86_400_000);
 */
export function computeFigures(
  declared: readonly { id: string; weight: number }[],
  exposures: readonly ExposureRow[],
  outcomes: ExposedOutcomes,
  windowMs: number,
): ExperimentFigures {
  const exposedAt = new Map(exposures.map((e) => [e.userId, e.exposedAt]));
  // Sessions may start before the exposure (the variant is seen inside one): the reader already kept those still
  // going at the exposure, so only their start must fall inside the window.
  const within = (userId: string, at: number, mayStartBefore: boolean): boolean => {
    const t = exposedAt.get(userId);
    return t !== undefined && (mayStartBefore || at >= t) && at <= t + windowMs;
  };
  const firstPerUser = <T extends { userId: string; at: number }>(rows: readonly T[], mayStartBefore = false): Map<string, T> => {
    const out = new Map<string, T>();
    for (const r of rows) {
      const prev = out.get(r.userId);
      if (within(r.userId, r.at, mayStartBefore) && (!prev || r.at < prev.at)) out.set(r.userId, r);
    }
    return out;
  };
  const converted = firstPerUser(outcomes.orders);
  const rated = firstPerUser(outcomes.ratings);
  const served = firstPerUser(outcomes.sessions, true);
  const ids = [...declared.map((d) => d.id), ...[...new Set(exposures.map((e) => e.variant))].sort()].filter(
    (id, i, all) => all.indexOf(id) === i,
  );
  const weightSum = declared.reduce((s, d) => s + d.weight, 0);
  const shareOf = (id: string): number => {
    const d = declared.find((v) => v.id === id);
    if (d) return d.weight / weightSum;
    return exposures.find((e) => e.variant === id)?.share ?? 0;
  };
  const raw = ids.map((id) => {
    const users = exposures.filter((e) => e.variant === id).map((e) => e.userId);
    const scores = users.flatMap((u) => (rated.has(u) ? [rated.get(u)!.score] : []));
    const sessions = users.filter((u) => served.has(u));
    return {
      id,
      share: shareOf(id),
      exposures: users.length,
      conv: { successes: users.filter((u) => converted.has(u)).length, n: users.length },
      csat: momentsOf(scores),
      res: { successes: sessions.filter((u) => served.get(u)!.resolved).length, n: sessions.length },
    };
  });
  const control = raw[0];
  const variants = raw.map((v, i): VariantFigures => ({
    id: v.id,
    share: v.share,
    exposures: v.exposures,
    conversion: rateFigure(v.conv, i > 0 && control ? proportionDifference(control.conv, v.conv) : undefined),
    csat: { n: v.csat.n, mean: meanInterval(v.csat), ...(i > 0 && control ? { vsControl: meanDifference(control.csat, v.csat) } : {}) },
    resolution: rateFigure(v.res, i > 0 && control ? proportionDifference(control.res, v.res) : undefined),
  }));
  const srm = sampleRatioCheck(
    raw.map((v) => v.exposures),
    raw.map((v) => v.share),
  );
  return { variants, ...(srm ? { srm } : {}) };
}

/** A proportion with its Wilson interval and, when given, the difference to the control. */
export function rateFigure(x: { successes: number; n: number }, vsControl: Interval | undefined): RateFigure {
  return { n: x.n, count: x.successes, rate: wilsonInterval(x.successes, x.n), ...(vsControl ? { vsControl } : {}) };
}
