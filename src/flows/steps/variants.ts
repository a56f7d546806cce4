import { chooseVariant } from '../runtime/variant-choice';
import type { VariantsStep } from '../types';
import type { StepHandler } from './registry';

/** `variants`: continues with the `next` step of the shopper's variant of the flow's experiment (docs/studio.md 实验). */
export const variantsStep: StepHandler<VariantsStep> = {
  kind: 'variants',
  run(step, frame, turn) {
    return { type: 'next', to: chooseVariant(turn, frame, step.variants).next };
  },
};
