import type { FlowError } from '../../core/errors';
import { FlowProblem } from '../messages/flow-problem';
import { flowAt, type ValidationInput, type Validator } from './context';

const SETTINGS_KEYS = ['default_threshold', 'clarify_margin', 'clarify_floor', 'answer_interrupt_threshold'] as const;

/** Intent thresholds (and the settings' thresholds) must be within 0..1. */
export const thresholdRange: Validator = {
  name: 'threshold-range',
  run(input: ValidationInput): FlowError[] {
    const bad = (v: number | undefined): v is number => v !== undefined && (v < 0 || v > 1);
    const errors = input.flows.flatMap((flow) =>
      flow.triggers.flatMap((t, i) =>
        bad(t.threshold)
          ? [flowAt(input, flow).path(['triggers', i, 'threshold'], 'threshold-range', { flowId: flow.id, value: t.threshold })]
          : [],
      ),
    );
    const src = input.settingsSource;
    for (const key of SETTINGS_KEYS) {
      const v = (src?.value as Record<string, number> | undefined)?.[key];
      if (src && bad(v)) {
        errors.push(new FlowProblem('settings-range', { key, value: v }, src.posOf([key])));
      }
    }
    return errors;
  },
};
