import { assignVariant } from '../../experiments/assign';
import type { FlowFrame } from '../../core/conversation-state';
import type { Turn } from './turn';

/** A shopper saw a variant of a flow's experiment (recorded once per shopper and experiment by the caller). */
export interface ExposureNote {
  experimentId: string;
  variant: string;
  /** The variant's declared share, weight / total (for the sample-ratio check). */
  share: number;
  flowId: string;
  stepId: string;
  userId: string;
  channel: string;
  at: number;
}

/**
 * The variant of `variants` this turn's shopper sees (docs/studio.md 实验): the promoted `winner` once there is one;
 * the first (control) variant without an experiment or while it is stopped; otherwise the shopper's sticky bucket
 * of the running experiment, reported through `services.onExposure`.
 *
 * @example
 * const id = chooseVariant(turn, frame, step.variants); // 'A' or 'B', the same for this shopper every time
 */
export function chooseVariant<V extends { id: string; weight: number }>(turn: Turn, frame: FlowFrame, variants: readonly V[]): V {
  const exp = turn.bundle.flows.get(frame.flowId)?.experiment;
  const control = variants[0]!;
  if (!exp) return control;
  if (exp.winner !== undefined) return variants.find((v) => v.id === exp.winner) ?? control;
  if (exp.status !== 'running') return control;
  const userId = turn.input.user.id;
  const id = assignVariant(exp.id, userId, variants);
  const chosen = variants.find((v) => v.id === id) ?? control;
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const step = frame.stepId;
  const note: ExposureNote = {
    experimentId: exp.id,
    variant: chosen.id,
    share: chosen.weight / total,
    flowId: frame.flowId,
    stepId: step,
    userId,
    channel: turn.input.message.ref.channel,
    at: turn.input.now,
  };
  try {
    turn.services.onExposure?.(note);
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message, experiment: exp.id }, 'exposure not recorded');
  }
  return chosen;
}
