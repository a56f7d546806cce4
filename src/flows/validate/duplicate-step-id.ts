import type { FlowError } from '../../core/errors';
import { flowAt, type ValidationInput, type Validator } from './context';

/** Step ids must be unique inside a flow. */
export const duplicateStepId: Validator = {
  name: 'duplicate-step-id',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow) => {
      const first = new Map<string, number>();
      const at = flowAt(input, flow);
      return flow.steps.flatMap((step) => {
        const prev = first.get(step.id);
        if (prev === undefined) {
          first.set(step.id, step.pos.line);
          return [];
        }
        return [at.step(step, ['id'], 'duplicate-step-id', { id: step.id, flowId: flow.id, firstLine: prev })];
      });
    });
  },
};
