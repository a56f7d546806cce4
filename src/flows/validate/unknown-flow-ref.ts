import { FlowError } from '../../core/errors';
import { didYouMean } from '../suggest';
import { flowAt, type ValidationInput, type Validator } from './context';

/** `call`/`goto` and `settings.handoff_flow` must name an existing flow. */
export const unknownFlowRef: Validator = {
  name: 'unknown-flow-ref',
  run(input: ValidationInput): FlowError[] {
    const ids = new Set(input.flows.map((f) => f.id));
    const hint = (ref: string): string => didYouMean(ref, ids, `create flows/${ref.replace(/_/g, '-')}.yaml or use an existing flow id.`);
    const errors = input.flows.flatMap((flow) => {
      const at = flowAt(input, flow);
      return flow.steps.flatMap((step) => {
        if (step.kind !== 'call' && step.kind !== 'goto') return [];
        const ref = step.kind === 'call' ? step.call : step.goto;
        return ids.has(ref) ? [] : [at.step(step, [step.kind], `Unknown flow '${ref}' in ${step.kind} of step '${step.id}'.`, hint(ref))];
      });
    });
    const src = input.settingsSource;
    const explicit = (src?.value as { handoff_flow?: unknown } | undefined)?.handoff_flow !== undefined;
    if (src && explicit && !ids.has(input.settings.handoff_flow)) {
      const p = src.posOf(['handoff_flow']);
      const ref = input.settings.handoff_flow;
      errors.push(new FlowError(`Unknown flow '${ref}' in settings.handoff_flow.`, src.file, p.line, p.col, hint(ref)));
    }
    return errors;
  },
};
