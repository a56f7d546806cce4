import type { FlowError } from '../../core/errors';
import { closest } from '../suggest';
import { flowAt, type ValidationInput, type Validator } from './context';

/** An action step must name a registered action (skipped when no action names are given). */
export const unknownAction: Validator = {
  name: 'unknown-action',
  run(input: ValidationInput): FlowError[] {
    const names = input.actionNames;
    if (!names) return [];
    return input.flows.flatMap((flow) =>
      flow.steps.flatMap((step) =>
        step.kind !== 'action' || names.includes(step.action)
          ? []
          : [
              flowAt(input, flow).step(step, ['action'], 'unknown-action', {
                action: step.action,
                stepId: step.id,
                suggestion: closest(step.action, names),
                names,
              }),
            ],
      ),
    );
  },
};
