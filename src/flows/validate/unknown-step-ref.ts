import type { FlowError } from '../../core/errors';
import { closest } from '../suggest';
import type { FlowDef, StepDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';

/** Step references (`next`, `then`, `else`, `on_fail`, `on_error`, a variant's `next`) of a step, with their YAML sub-paths. */
export function stepRefs(step: StepDef): { ref: string; sub: (string | number)[] }[] {
  const refs: { ref: string; sub: (string | number)[] }[] = [];
  if (step.next) refs.push({ ref: step.next, sub: ['next'] });
  if (step.kind === 'branch') step.branch.forEach((c, i) => refs.push({ ref: c.then, sub: ['branch', i, c.isElse ? 'else' : 'then'] }));
  if (step.kind === 'ask' && step.on_fail) refs.push({ ref: step.on_fail, sub: ['on_fail'] });
  if (step.kind === 'action' && step.on_error) refs.push({ ref: step.on_error, sub: ['on_error'] });
  if (step.kind === 'variants') step.variants.forEach((v, i) => refs.push({ ref: v.next, sub: ['variants', i, 'next'] }));
  return refs;
}

/** Every next/then/else/on_fail/on_error must name a step of the same flow. */
export const unknownStepRef: Validator = {
  name: 'unknown-step-ref',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow: FlowDef) => {
      const at = flowAt(input, flow);
      const ids = flow.steps.map((s) => s.id);
      return flow.steps.flatMap((step) =>
        stepRefs(step)
          .filter(({ ref }) => !ids.includes(ref))
          .map(({ ref, sub }) => at.step(step, sub, 'unknown-step', { ref, flowId: flow.id, suggestion: closest(ref, ids), ids })),
      );
    });
  },
};
