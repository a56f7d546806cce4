import { KefuError } from '../core/errors';
import type { ExperimentDef, FlowBundle, FlowDef } from '../flows/types';
import type { TypeormExposures } from './exposure-store';
import type { FlowChanger, FlowChangeReceipt } from './flow-changer';
import { promoteVariantText, stopExperimentText } from './flow-edit';
import type { ExposedOutcomeReader } from './outcome-reader';
import { computeFigures, type ExperimentFigures } from './variant-figures';

const DAY = 86_400_000;

/** An experiment as the list shows it. */
export interface ExperimentSummary extends Omit<ExperimentDef, 'pos'> {
  flowId: string;
  flowTitle: string;
  /** Declared variants (id, weight); empty once the winner was promoted. */
  variants: { id: string; weight: number }[];
  /** Exposures per variant so far. */
  exposures: Record<string, number>;
}

/** An experiment's results: the summary and the per-variant figures (the first variant is the control). */
export interface ExperimentResults extends ExperimentFigures {
  experiment: ExperimentSummary;
  /** When the figures were computed (epoch ms). */
  at: number;
}

/** What {@link Experiments} reads and writes. */
export interface ExperimentsDeps {
  bundle(): FlowBundle;
  exposures: Pick<TypeormExposures, 'of' | 'counts'>;
  outcomes: Pick<ExposedOutcomeReader, 'read'>;
  changer: FlowChanger;
  now?: () => number;
}

/** The variants a flow declares (the first `say: { variants }` or `variants:` step; all must agree). */
export function declaredVariants(flow: FlowDef): { id: string; weight: number }[] {
  for (const s of flow.steps) {
    if (s.kind === 'say' && s.variants) return s.variants.map((v) => ({ id: v.id, weight: v.weight }));
    if (s.kind === 'variants') return s.variants.map((v) => ({ id: v.id, weight: v.weight }));
  }
  return [];
}

/**
 * The A/B experiments of the served flows (docs/studio.md 实验): list, results per variant (conversion, CSAT,
 * resolution with intervals, the difference to the control, the sample-ratio check), stop, promote the winner.
 *
 * @example
 * const experiments = new Experiments({ bundle: () => core.flows.current(), exposures, outcomes, changer: studioChanger(core.studio) });
 * await experiments.promote('welcome_copy', 'B', 'xiaomei');
 */
export class Experiments {
  constructor(private readonly deps: ExperimentsDeps) {}

  async list(): Promise<ExperimentSummary[]> {
    const counts = await this.deps.exposures.counts();
    return this.flows().map((flow) => summary(flow, Object.fromEntries(counts.get(flow.experiment!.id) ?? [])));
  }

  async results(id: string): Promise<ExperimentResults> {
    const flow = this.flowOf(id);
    const exp = flow.experiment!;
    const [exposures, outcomes] = [await this.deps.exposures.of(id), await this.deps.outcomes.read(id)];
    const figures = computeFigures(declaredVariants(flow), exposures, outcomes, exp.windowDays * DAY);
    const counts = Object.fromEntries(figures.variants.map((v) => [v.id, v.exposures]));
    return { experiment: summary(flow, counts), ...figures, at: (this.deps.now ?? Date.now)() };
  }

  /** Stops the experiment: everyone sees the control (the first variant) from now on. */
  stop(id: string, by: string): Promise<FlowChangeReceipt> {
    const flow = this.flowOf(id);
    return this.deps.changer.change(flow, (text) => stopExperimentText(text, id), by, `停止实验 ${flow.experiment!.title}（${id}）`);
  }

  /** Rewrites the flow to `variant` for everyone and records it as the winner. */
  promote(id: string, variant: string, by: string): Promise<FlowChangeReceipt> {
    const flow = this.flowOf(id);
    if (!declaredVariants(flow).some((v) => v.id === variant))
      throw new KefuError(
        'BAD_INPUT',
        `实验 ${id} 没有变体 ${variant}。Experiment '${id}' has no variant '${variant}'.`,
        `pick one of: ${
          declaredVariants(flow)
            .map((v) => v.id)
            .join(', ') || '(none left: the winner was already promoted)'
        }.`,
      );
    return this.deps.changer.change(
      flow,
      (text) => promoteVariantText(text, id, variant),
      by,
      `实验 ${flow.experiment!.title}（${id}）胜出：变体 ${variant}`,
    );
  }

  private flows(): FlowDef[] {
    return [...this.deps.bundle().flows.values()].filter((f) => f.experiment !== undefined);
  }

  private flowOf(id: string): FlowDef {
    const flow = this.flows().find((f) => f.experiment!.id === id);
    if (!flow)
      throw new KefuError(
        'NOT_FOUND',
        `没有实验 ${id}。No experiment '${id}' in the served flows.`,
        'pick an experiment from GET /console/api/experiments.',
      );
    return flow;
  }
}

function summary(flow: FlowDef, exposures: Record<string, number>): ExperimentSummary {
  const { pos: _pos, ...exp } = flow.experiment!;
  return { ...exp, flowId: flow.id, flowTitle: flow.title, variants: declaredVariants(flow), exposures };
}
