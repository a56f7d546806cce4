import type { FlowDef } from '../flows/types';
import { parseDuration } from './duration';
import type { OutreachKind } from './job-types';

/** Default `cooldown:` of a predict rule: once a day per shopper (and per `per` value). */
export const DEFAULT_PREDICT_COOLDOWN_MS = 86_400_000;

/** One intent-prediction rule, ready for the listener and the due-time check (see docs/outreach.md). */
export interface PredictRule {
  id: string;
  title?: string;
  /** Flow the rule was declared in. */
  flowId: string;
  /** Condition over `features.*`, `event.*`, `user.*` (the flows' condition language). */
  when: string;
  /** Do not start while this holds. */
  unless?: string;
  /** Wait this long after the event, then check `when`/`unless` again with fresh features (ms; 0 = at once). */
  afterMs: number;
  /** At most one start per shopper (and per `per` value) in this period (ms). */
  cooldownMs: number;
  /** Path whose value the cooldown also counts per, e.g. `['features', 'top_product_10m']`. */
  per?: string[];
  /** The flow to start. */
  start: string;
  /** Share of shoppers kept out as the control group (0–1). */
  holdout: number;
  kind: OutreachKind;
}

/**
 * The `predict:` rules of the loaded flows (already validated by the flow loader, so this does not throw on them).
 *
 * @example
 * const rules = compilePredictRules(bundle.flows.values()); // [{ id: 'payment_help_at_checkout', afterMs: 120000, … }]
 */
export function compilePredictRules(flows: Iterable<Pick<FlowDef, 'id' | 'predict'>>): PredictRule[] {
  const rules: PredictRule[] = [];
  for (const flow of flows) {
    for (const r of flow.predict ?? []) {
      rules.push({
        id: r.id,
        title: r.title,
        flowId: flow.id,
        when: r.when,
        unless: r.unless,
        afterMs: r.after ? parseDuration(r.after) : 0,
        cooldownMs: r.cooldown ? parseDuration(r.cooldown) : DEFAULT_PREDICT_COOLDOWN_MS,
        per: r.per?.trim().split('.'),
        start: r.start,
        holdout: r.holdout ?? 0,
        kind: r.kind ?? 'marketing',
      });
    }
  }
  return rules;
}
