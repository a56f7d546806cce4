import type { FlowError } from '../../core/errors';
import { FlowProblem } from '../messages/flow-problem';
import { closest } from '../suggest';
import { flowAt, type ValidationInput, type Validator } from './context';

/** `call`/`goto`, a flow's `related` list and `settings.handoff_flow` must name an existing flow. */
export const unknownFlowRef: Validator = {
  name: 'unknown-flow-ref',
  run(input: ValidationInput): FlowError[] {
    if (input.incomplete?.flows) return []; // a flow file that could not be read may define the flow
    const ids = new Set(input.flows.map((f) => f.id));
    const errors = input.flows.flatMap((flow) => {
      const at = flowAt(input, flow);
      const steps = flow.steps.flatMap((step) => {
        if (step.kind !== 'call' && step.kind !== 'goto') return [];
        const ref = step.kind === 'call' ? step.call : step.goto;
        return ids.has(ref) ? [] : [at.step(step, [step.kind], 'unknown-flow', { ref, kind: step.kind, stepId: step.id, suggestion: closest(ref, ids) })];
      });
      const related = flow.related.flatMap((ref, i) =>
        ids.has(ref) ? [] : [at.path(['related', i], 'unknown-related-flow', { ref, flowId: flow.id, suggestion: closest(ref, ids) })],
      );
      return [...steps, ...related];
    });
    const src = input.settingsSource;
    const explicit = (src?.value as { handoff_flow?: unknown } | undefined)?.handoff_flow !== undefined;
    if (src && explicit && !ids.has(input.settings.handoff_flow)) {
      const ref = input.settings.handoff_flow;
      errors.push(new FlowProblem('unknown-handoff-flow', { ref, suggestion: closest(ref, ids) }, src.posOf(['handoff_flow'])));
    }
    return errors;
  },
};
