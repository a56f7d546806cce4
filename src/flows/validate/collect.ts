import type { FlowDef, StepDef } from '../types';

/** A template or condition string found in a flow, with its YAML path. */
export interface FoundText {
  text: string;
  path: (string | number)[];
  step?: StepDef;
  /** `value` is also defined (ask `validate`). */
  allowValue?: boolean;
}

/** Every condition (trigger `when`, branch `if`, ask `validate`) in a flow. */
export function conditionsOf(flow: FlowDef): FoundText[] {
  const out: FoundText[] = [];
  flow.triggers.forEach((t, i) => t.when !== undefined && out.push({ text: t.when, path: ['triggers', i, 'when'] }));
  flow.steps.forEach((step, i) => {
    if (step.kind === 'branch') step.branch.forEach((c, j) => c.if !== undefined && out.push({ text: c.if, path: ['steps', i, 'branch', j, 'if'], step }));
    if (step.kind === 'ask' && step.validate) out.push({ text: step.validate, path: ['steps', i, 'validate'], step, allowValue: true });
  });
  return out;
}

/** Every template string (say, quick replies, ask, retry, options, args, end text) in a flow. */
export function templatesOf(flow: FlowDef): FoundText[] {
  const out: FoundText[] = [];
  flow.steps.forEach((step, i) => {
    const add = (text: unknown, ...sub: (string | number)[]): void => {
      if (typeof text === 'string') out.push({ text, path: ['steps', i, ...sub], step });
    };
    const addList = (list: unknown[] | undefined, key: string): void => list?.forEach((t, j) => add(t, key, j));
    if (step.kind === 'say' && step.variants) {
      step.variants.forEach((v, j) => {
        if (Array.isArray(v.say)) v.say.forEach((t, k) => add(t, 'say', 'variants', j, 'text', k));
        else add(v.say, 'say', 'variants', j, 'text');
        v.quick_replies?.forEach((t, k) => add(t, 'say', 'variants', j, 'quick_replies', k));
      });
      addList(step.quick_replies, 'quick_replies');
    } else if (step.kind === 'say') {
      if (Array.isArray(step.say)) addList(step.say, 'say');
      else add(step.say, 'say');
      addList(step.quick_replies, 'quick_replies');
    } else if (step.kind === 'ask') {
      add(step.ask, 'ask');
      add(step.retry, 'retry');
      addList(step.options, 'options');
    } else if (step.kind === 'action') {
      for (const [k, v] of Object.entries(step.args)) add(v, 'args', k);
    } else if (step.kind === 'end' && typeof step.end === 'string') {
      add(step.end, 'end');
    }
  });
  return out;
}
