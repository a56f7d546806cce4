import { FlowError } from '../../core/errors';
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
          ? [flowAt(input, flow).path(['triggers', i, 'threshold'], `Threshold ${t.threshold} is out of range in flow '${flow.id}'.`, `use a number between 0 and 1, e.g. ${t.threshold > 1 && t.threshold <= 100 ? t.threshold / 100 : 0.6}.`)]
          : [],
      ),
    );
    const src = input.settingsSource;
    for (const key of SETTINGS_KEYS) {
      const v = (src?.value as Record<string, number> | undefined)?.[key];
      if (src && bad(v)) {
        const p = src.posOf([key]);
        errors.push(new FlowError(`settings.${key} ${v} is out of range.`, src.file, p.line, p.col, 'use a number between 0 and 1.'));
      }
    }
    return errors;
  },
};
