import type { FlowError } from '../../core/errors';
import { compileCondition } from '../conditions/compile';
import { templateVariables } from '../templates/render';
import { didYouMean } from '../suggest';
import { TEMPLATE_ROOTS, type FlowDef } from '../types';
import { flowAt, type ValidationInput, type Validator } from './context';
import { conditionsOf, templatesOf } from './collect';

interface Known {
  slots: Set<string>;
  vars: Set<string>;
}

/** Why a variable path is undefined (message + hint), or undefined when it is fine. */
export function checkVariable(path: string[], known: Known, flow: FlowDef, allowValue = false): { message: string; hint: string } | undefined {
  const [root, name] = path;
  const full = path.join('.');
  const roots: string[] = [...TEMPLATE_ROOTS, ...(allowValue ? ['value'] : [])];
  if (!roots.includes(root)) {
    return { message: `Undefined variable '${full}'.`, hint: didYouMean(root, roots, `variables start with one of: ${roots.join(', ')}.`) };
  }
  if (root === 'slots' && name !== undefined && !known.slots.has(name)) {
    return { message: `Undefined variable '${full}': no ask step collects slot '${name}'.`, hint: didYouMean(name, known.slots, `add an ask step with \`slot: ${name}\`.`) };
  }
  if (root === 'vars' && name !== undefined && !known.vars.has(name)) {
    return {
      message: `Undefined variable '${full}': no action in flow '${flow.id}' stores \`as: ${name}\`.`,
      hint: didYouMean(name, known.vars, `add \`as: ${name}\` to the action step that produces it.`),
    };
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
      const errors: FlowError[] = [];
      for (const t of templatesOf(flow)) {
        let paths: string[][];
        try {
          paths = templateVariables(t.text);
        } catch (err) {
          errors.push(at.path(t.path, `Invalid template: ${(err as Error).message.split('\n')[0]}.`, 'check the {{ … }} markup; filters must be standard liquid filters.'));
          continue;
        }
        for (const p of paths) {
          const bad = checkVariable(p, known, flow);
          if (bad) errors.push(at.path(t.path, bad.message, bad.hint, t.text.indexOf(p[0])));
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
          const bad = checkVariable(path, known, flow, c.allowValue);
          if (bad) errors.push(at.path(c.path, bad.message, bad.hint, pos));
        }
      }
      flow.steps.forEach((s) => {
        if (s.kind !== 'say' || !s.card) return;
        const bad = checkVariable(s.card.from.split('.'), known, flow);
        if (bad) errors.push(at.step(s, ['card', 'from'], bad.message, bad.hint));
      });
      return errors;
    });
  },
};
