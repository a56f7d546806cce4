import type { FlowError } from '../../core/errors';
import type { ExperimentProblem } from '../messages/experiment-texts';
import type { YamlPath } from '../load/yaml-source';
import type { FlowDef, StepDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';

type Variant = { id: string; weight: number };

/** The variants a step declares (`say: { variants }` or a `variants:` step), with the YAML path of their list. */
function variantsOf(step: StepDef): { list: Variant[]; path: (string | number)[] } | undefined {
  if (step.kind === 'say' && step.variants) return { list: step.variants, path: ['say', 'variants'] };
  if (step.kind === 'variants') return { list: step.variants, path: ['variants'] };
  return undefined;
}

const signature = (list: Variant[]): string => list.map((v) => `${v.id}:${v.weight}`).join('、');
const isDate = (v: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * A/B experiments make sense (docs/studio.md 实验): variants need the flow's `experiment:` block and a running
 * experiment needs variants; variant ids are unique within a step, weights are above 0, every step of a flow declares
 * the same ids, order and weights (one assignment per shopper and flow); experiment ids are unique across flows;
 * `start` is a date, `window_days` 1–90, `winner` one of the variants.
 */
export const experiments: Validator = {
  name: 'experiments',
  run(input: ValidationInput): FlowError[] {
    const errors: FlowError[] = [];
    const seen = new Map<string, string>();
    for (const flow of input.flows) {
      errors.push(...flowProblems(input, flow));
      const id = flow.experiment?.id;
      if (id === undefined) continue;
      const other = seen.get(id);
      if (other !== undefined) errors.push(at(input, flow, ['experiment', 'id'], { rule: 'duplicate-id', experimentId: id, otherFlow: other }));
      else seen.set(id, flow.id);
    }
    return errors;
  },
};

function at(input: ValidationInput, flow: FlowDef, path: YamlPath, problem: ExperimentProblem): FlowError {
  return flowAt(input, flow).path(path, 'experiment', { problem });
}

function flowProblems(input: ValidationInput, flow: FlowDef): FlowError[] {
  const errors: FlowError[] = [];
  const pos = flowAt(input, flow);
  let first: { step: StepDef; list: Variant[] } | undefined;
  for (const step of flow.steps) {
    const found = variantsOf(step);
    if (!found) continue;
    const stepPath = pos.stepPath(step, found.path);
    if (!flow.experiment) errors.push(at(input, flow, stepPath, { rule: 'missing-block', stepId: step.id }));
    const ids = new Set<string>();
    found.list.forEach((v, i) => {
      if (ids.has(v.id)) errors.push(at(input, flow, [...stepPath, i, 'id'], { rule: 'duplicate-variant', stepId: step.id, variant: v.id }));
      ids.add(v.id);
      if (!(v.weight > 0)) errors.push(at(input, flow, [...stepPath, i, 'weight'], { rule: 'weight', stepId: step.id, variant: v.id, weight: v.weight }));
    });
    if (!first) first = { step, list: found.list };
    else if (signature(first.list) !== signature(found.list))
      errors.push(at(input, flow, stepPath, { rule: 'mismatch', stepId: step.id, firstStep: first.step.id, expected: signature(first.list) }));
  }
  const exp = flow.experiment;
  if (!exp) return errors;
  if (!first && exp.status === 'running') errors.push(at(input, flow, ['experiment', 'status'], { rule: 'no-variants', experimentId: exp.id }));
  if (!isDate(exp.start)) errors.push(at(input, flow, ['experiment', 'start'], { rule: 'start', value: exp.start }));
  if (!Number.isInteger(exp.windowDays) || exp.windowDays < 1 || exp.windowDays > 90)
    errors.push(at(input, flow, ['experiment', 'window_days'], { rule: 'window', value: exp.windowDays }));
  if (exp.winner !== undefined && first && !first.list.some((v) => v.id === exp.winner))
    errors.push(at(input, flow, ['experiment', 'winner'], { rule: 'winner', winner: exp.winner, ids: first.list.map((v) => v.id) }));
  return errors;
}
