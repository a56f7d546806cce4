import type { FlowError } from '../../core/errors';
import { flowAt, type ValidationInput, type Validator } from './context';

/** A branch must end with exactly one `else` case, and `else` must be last. */
export const branchElse: Validator = {
  name: 'branch-else',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow) => {
      const at = flowAt(input, flow);
      return flow.steps.flatMap((step) => {
        if (step.kind !== 'branch') return [];
        const elseAt = step.branch.findIndex((c) => c.isElse);
        if (elseAt < 0) {
          return [at.step(step, ['branch'], 'branch-no-else', { stepId: step.id })];
        }
        if (elseAt !== step.branch.length - 1) {
          return [at.step(step, ['branch', elseAt], 'else-not-last', { stepId: step.id })];
        }
        return [];
      });
    });
  },
};
