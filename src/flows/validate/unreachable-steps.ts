import type { FlowError } from '../../core/errors';
import { closest } from '../suggest';
import type { FlowDef, StepDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';
import { stepRefs } from './unknown-step-ref';

/** Step ids that can follow `step` (explicit references plus the default next step). */
export function successors(flow: FlowDef, step: StepDef): string[] {
  const out = stepRefs(step).map((r) => r.ref);
  const i = flow.steps.indexOf(step);
  const following = flow.steps[i + 1]?.id;
  const fallsThrough =
    step.kind === 'branch' ? !step.branch.some((c) => c.isElse) && !step.next : step.kind !== 'goto' && step.kind !== 'end' && step.kind !== 'variants' && !step.next;
  if (fallsThrough && following) out.push(following);
  return out;
}

/** Every step must be reachable from the first step. */
export const unreachableSteps: Validator = {
  name: 'unreachable-steps',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow) => {
      const byId = new Map(flow.steps.map((s) => [s.id, s]));
      // A misspelt reference (reported by unknown-step-ref) counts as pointing at the step it was meant for, so
      // `next: finsh` is one error, not also "finish can never be reached".
      const target = (ref: string): StepDef | undefined => byId.get(ref) ?? byId.get(closest(ref, byId.keys()) ?? '');
      const seen = new Set<string>();
      const todo = [flow.steps[0]];
      while (todo.length) {
        const s = todo.pop()!;
        if (seen.has(s.id)) continue;
        seen.add(s.id);
        for (const n of successors(flow, s)) {
          const next = target(n);
          if (next) todo.push(next);
        }
      }
      const at = flowAt(input, flow);
      return flow.steps
        .filter((s) => !seen.has(s.id))
        .map((s) => at.step(s, [], 'unreachable-step', { stepId: s.id, firstId: flow.steps[0].id }));
    });
  },
};
