import { KefuError } from '../core/errors';
import type { FlowBundle } from '../flows/types';
import { compilePredictRules } from '../outreach/predict-rules';
import { compileTriggers } from '../outreach/trigger-schema';
import { computeHoldoutFigures, type HoldoutFigures } from './holdout-figures';
import type { HoldoutLogReader } from './holdout-reader';

/** A proactive trigger or prediction rule with a control group (`holdout:`). */
export interface HoldoutSummary {
  /** Trigger or rule id (`trigger_id` in the outreach log). */
  id: string;
  /** `trigger`: a `proactive:` entry; `predict`: an intent-prediction rule. */
  source: 'trigger' | 'predict';
  title?: string;
  flowId: string;
  flowTitle: string;
  /** Control share, 0–1. */
  holdout: number;
  kind: 'marketing' | 'service';
}

/** A holdout's results: the summary, the two arms and the sample-ratio check. */
export interface HoldoutResults extends HoldoutFigures {
  experiment: HoldoutSummary;
  /** Hours after the message (or the holdout) in which a paid order counts. */
  windowHours: number;
  /** When the figures were computed (epoch ms). */
  at: number;
}

/** What {@link HoldoutExperiments} reads. */
export interface HoldoutExperimentsDeps {
  bundle(): FlowBundle;
  log: Pick<HoldoutLogReader, 'read'>;
  /** Conversion window after the message: the attribution window (KEFU_ATTRIBUTION_WINDOW_HOURS). */
  windowMs: number;
  now?: () => number;
}

/**
 * Proactive triggers and prediction rules with `holdout:` reported as two-arm experiments (docs/outreach.md
 * 对照组): treated (sent) vs control (held out), conversion with 95 % intervals, the difference and the sample-ratio
 * check, with the statistics of the A/B experiments.
 *
 * @example
 * const holdouts = new HoldoutExperiments({ bundle: () => core.flows.current(), log: new HoldoutLogReader(ds), windowMs: 72 * 3_600_000 });
 * (await holdouts.results('repurchase_due')).treated.vsControl;
 */
export class HoldoutExperiments {
  constructor(private readonly deps: HoldoutExperimentsDeps) {}

  list(): HoldoutSummary[] {
    const flows = [...this.deps.bundle().flows.values()];
    const titleOf = (flowId: string): string => this.deps.bundle().flows.get(flowId)?.title ?? flowId;
    const triggers = compileTriggers(flows)
      .filter((t) => (t.holdout ?? 0) > 0)
      .map((t): HoldoutSummary => ({
        id: t.id,
        source: 'trigger',
        flowId: t.flowId,
        flowTitle: titleOf(t.flowId),
        holdout: t.holdout!,
        kind: t.kind,
      }));
    const rules = compilePredictRules(flows)
      .filter((r) => r.holdout > 0)
      .map((r): HoldoutSummary => ({
        id: r.id,
        source: 'predict',
        ...(r.title ? { title: r.title } : {}),
        flowId: r.flowId,
        flowTitle: titleOf(r.flowId),
        holdout: r.holdout,
        kind: r.kind,
      }));
    return [...triggers, ...rules];
  }

  async results(id: string): Promise<HoldoutResults> {
    const experiment = this.list().find((h) => h.id === id);
    if (!experiment)
      throw new KefuError(
        'NOT_FOUND',
        `没有带对照组的触发器或预判规则 ${id}。No trigger or prediction rule '${id}' with a holdout in the served flows.`,
        'pick one from GET /console/api/holdouts, or add `holdout: 0.1` to the trigger (docs/outreach.md).',
      );
    const { rows, orders } = await this.deps.log.read(id);
    const figures = computeHoldoutFigures(rows, orders, experiment.holdout, this.deps.windowMs);
    return { experiment, ...figures, windowHours: this.deps.windowMs / 3_600_000, at: (this.deps.now ?? Date.now)() };
  }
}
