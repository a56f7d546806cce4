import type { FlowError } from '../../core/errors';
import { compileCondition } from '../conditions/compile';
import { templateVariables } from '../templates/render';
import type { FlowMessageParams } from '../messages/catalogue';
import { closest } from '../suggest';
import { TEMPLATE_ROOTS, type FlowDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';
import { conditionsOf, templatesOf } from './collect';

interface Known {
  slots: Set<string>;
  vars: Set<string>;
}

type VariableProblem =
  | { id: 'unknown-variable'; params: FlowMessageParams['unknown-variable'] }
  | { id: 'unknown-slot'; params: FlowMessageParams['unknown-slot'] }
  | { id: 'unknown-var'; params: FlowMessageParams['unknown-var'] };

/**
 * Why a variable path is undefined (a catalogue message), or undefined when it is fine. With `slotsComplete` false
 * (a flow file could not be read, and it may ask for the slot) unknown slots are not reported.
 */
export function checkVariable(path: string[], known: Known, flow: FlowDef, allowValue = false, slotsComplete = true): VariableProblem | undefined {
  const [root, name] = path;
  const full = path.join('.');
  const roots: string[] = [...TEMPLATE_ROOTS, ...(allowValue ? ['value'] : [])];
  if (!roots.includes(root)) {
    return { id: 'unknown-variable', params: { name: full, suggestion: closest(root, roots), roots } };
  }
  if (root === 'slots' && name !== undefined && slotsComplete && !known.slots.has(name)) {
    return { id: 'unknown-slot', params: { name: full, slot: name, suggestion: closest(name, known.slots) } };
  }
  if (root === 'vars' && name !== undefined && !known.vars.has(name)) {
    return { id: 'unknown-var', params: { name: full, varName: name, flowId: flow.id, suggestion: closest(name, known.vars) } };
  }
  return undefined;
}

/** Template and condition variables must start with a known root; slots must be asked, vars set by an action. */
export const undefinedVariables: Validator = {
  name: 'undefined-variables',
  run(input: ValidationInput): FlowError[] {
    const slots = new Set(input.flows.flatMap((f) => f.steps.flatMap((s) => (s.kind === 'ask' ? [s.slot] : []))));
    return input.flows.flatMap((flow) => {
      const known: Known = { slots, vars: new Set(flow.steps.flatMap((s) => (s.kind === 'action' && s.as ? [s.as] : []))) };
      const at = flowAt(input, flow);
      const complete = !input.incomplete?.flows;
      const errors: FlowError[] = [];
      for (const t of templatesOf(flow)) {
        let paths: string[][];
        try {
          paths = templateVariables(t.text);
        } catch (err) {
          errors.push(at.path(t.path, 'bad-template', { detail: (err as Error).message.split('\n')[0] }));
          continue;
        }
        for (const p of paths) {
          const bad = checkVariable(p, known, flow, false, complete);
          if (bad) errors.push(at.path(t.path, bad.id, bad.params, t.text.indexOf(p[0])));
        }
      }
      for (const c of conditionsOf(flow)) {
        let compiled;
        try {
          compiled = compileCondition(c.text);
        } catch {
          continue; // reported by condition-syntax
        }
        for (const { path, pos } of compiled.paths) {
          const bad = checkVariable(path, known, flow, c.allowValue, complete);
          if (bad) errors.push(at.path(c.path, bad.id, bad.params, pos));
        }
      }
      flow.steps.forEach((s) => {
        const from = s.kind === 'say' ? s.card?.from : s.kind === 'ask' ? s.options_from : undefined;
        if (!from) return;
        const bad = checkVariable(from.split('.'), known, flow, false, complete);
        if (bad) errors.push(at.step(s, s.kind === 'say' ? ['card', 'from'] : ['options_from'], bad.id, bad.params));
      });
      return errors;
    });
  },
};
