import type { FlowError } from '../../core/errors';
import type { FlowDef, StepDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';
import { stepRefs } from './unknown-step-ref';

/** Step ids that can follow `step` (explicit references plus the default next step). */
export function successors(flow: FlowDef, step: StepDef): string[] {
  const out = stepRefs(step).map((r) => r.ref);
  const i = flow.steps.indexOf(step);
  const following = flow.steps[i + 1]?.id;
  const fallsThrough =
    step.kind === 'branch' ? !step.branch.some((c) => c.isElse) && !step.next : step.kind !== 'goto' && step.kind !== 'end' && !step.next;
  if (fallsThrough && following) out.push(following);
  return out;
}

/** Every step must be reachable from the first step. */
export const unreachableSteps: Validator = {
  name: 'unreachable-steps',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow) => {
      const byId = new Map(flow.steps.map((s) => [s.id, s]));
      const seen = new Set<string>();
      const todo = [flow.steps[0]];
      while (todo.length) {
        const s = todo.pop()!;
        if (seen.has(s.id)) continue;
        seen.add(s.id);
        for (const n of successors(flow, s)) if (byId.has(n)) todo.push(byId.get(n)!);
      }
      const at = flowAt(input, flow);
      return flow.steps
        .filter((s) => !seen.has(s.id))
        .map((s) =>
          at.step(s, [], `Step '${s.id}' can never be reached from the first step '${flow.steps[0].id}'.`, `point a next/then/on_fail/on_error at '${s.id}', or delete it.`),
        );
    });
  },
};
