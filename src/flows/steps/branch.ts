import { test } from '../runtime/render';
import type { BranchStep } from '../types';
import type { StepHandler } from './registry';

/** `branch`: goes to the first case whose `if` is true, else to the `else` case (or the next step). */
export const branchStep: StepHandler<BranchStep> = {
  kind: 'branch',
  run(step, frame, turn) {
    for (const c of step.branch) {
      if (c.isElse || (c.if !== undefined && test(turn, frame, c.if))) return { type: 'next', to: c.then };
    }
    return { type: 'next' };
  },
};
