import type { FlowError } from '../../core/errors';
import { compileCondition } from '../conditions/compile';
import { ConditionSyntaxError } from '../conditions/tokenizer';
import { closest } from '../suggest';
import type { FlowDef, PredictDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';

/** A positive duration: a number and a unit, repeatable (`90s`, `2m`, `1h30m`, `3d`, `1w`). */
const DURATION = /^(?:\d+(?:\.\d+)?[smhdw])+$/;
/** What a predict condition may read. */
const ROOTS = ['features', 'event', 'user'];
/** What `per:` may name: one value of the features or of the event. */
const PER = /^(?:features|event)\.[A-Za-z0-9_.\u4e00-\u9fff]+$/;

/**
 * The `predict:` rules (intent prediction, docs/outreach.md) make sense: `after` and `cooldown` are durations, `when`
 * and `unless` parse and read only `features.…`, `event.…` or `user.…`, `per` names one value, `start` is a flow
 * that exists, and every rule id is unique among predict rules and proactive triggers (the outreach log names them).
 */
export const predictRules: Validator = {
  name: 'predict-rules',
  run(input: ValidationInput): FlowError[] {
    const errors: FlowError[] = [];
    const seen = new Map<string, string>();
    for (const flow of input.flows) {
      for (const raw of flow.proactive ?? []) {
        const id = (raw as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && !seen.has(id)) seen.set(id, flow.id);
      }
    }
    for (const flow of input.flows) {
      (flow.predict ?? []).forEach((rule, i) => {
        errors.push(...ruleProblems(input, flow, rule, i));
        const other = seen.get(rule.id);
        if (other !== undefined) errors.push(flowAt(input, flow).path(['predict', i, 'id'], 'predict-duplicate', { id: rule.id, otherFlow: other }));
        else seen.set(rule.id, flow.id);
      });
    }
    return errors;
  },
};

function ruleProblems(input: ValidationInput, flow: FlowDef, rule: PredictDef, i: number): FlowError[] {
  const at = flowAt(input, flow);
  const errors: FlowError[] = [];
  for (const key of ['after', 'cooldown'] as const) {
    const value = rule[key];
    if (value !== undefined && !DURATION.test(value.trim())) errors.push(at.path(['predict', i, key], 'predict-duration', { id: rule.id, key, value }));
  }
  for (const key of ['when', 'unless'] as const) {
    const text = rule[key];
    if (text === undefined) continue;
    try {
      const paths = compileCondition(text).paths.map((p) => p.path);
      const unknown = paths.filter((path) => path.length < 2 || !ROOTS.includes(path[0]!)).map((path) => path.join('.'));
      if (unknown.length > 0) errors.push(at.path(['predict', i, key], 'predict-reads', { id: rule.id, key, paths: unknown }));
    } catch (err) {
      if (!(err instanceof ConditionSyntaxError)) throw err;
      const params = { id: rule.id, key, detail: err.message, problem: err.problem, col: err.col };
      errors.push(at.path(['predict', i, key], 'predict-condition', params, err.offset));
    }
  }
  if (rule.per !== undefined && !PER.test(rule.per.trim())) {
    errors.push(at.path(['predict', i, 'per'], 'predict-reads', { id: rule.id, key: 'per', paths: [rule.per] }));
  }
  const flows = input.flows.map((f) => f.id);
  if (!input.incomplete?.flows && !flows.includes(rule.start)) {
    errors.push(at.path(['predict', i, 'start'], 'predict-unknown-start', { id: rule.id, start: rule.start, suggestion: closest(rule.start, flows) }));
  }
  return errors;
}
