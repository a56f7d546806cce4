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
          return [at.step(step, ['branch'], `Branch '${step.id}' has no else case.`, 'add `- else: <step id>` as the last case, so every shopper goes somewhere.')];
        }
        if (elseAt !== step.branch.length - 1) {
          return [at.step(step, ['branch', elseAt], `In branch '${step.id}' the else case must be the last one.`, 'move `- else: …` below the other cases.')];
        }
        return [];
      });
    });
  },
};
