import { getPath } from './paths';

/** Evaluates a trigger's `when` string against a scope; inject the flow engine's evaluator to share its language. */
export type ConditionEvaluator = (expression: string, scope: Record<string, unknown>) => boolean;

const COMPARISON = /^(.+?)\s*(==|!=|>=|<=|>|<)\s*(.+)$/;

/**
 * A small built-in evaluator: `path`, `not path`, `path OP literal` (==, !=, >, >=, <, <=),
 * joined by `and` / `or` (and binds tighter). Literals: numbers, "strings", 'strings', true, false, null.
 *
 * @example
 * simpleCondition('event.payload.total >= 99 and user.isNew', scope);
 */
export const simpleCondition: ConditionEvaluator = (expression, scope) =>
  expression.split(/\s+or\s+/).some((conj) => conj.split(/\s+and\s+/).every((atom) => evalAtom(atom.trim(), scope)));

function evalAtom(atom: string, scope: Record<string, unknown>): boolean {
  if (atom.startsWith('not ')) return !evalAtom(atom.slice(4).trim(), scope);
  const m = COMPARISON.exec(atom);
  if (!m) return Boolean(operand(atom, scope));
  const left = operand(m[1]!.trim(), scope);
  const right = operand(m[3]!.trim(), scope);
  switch (m[2]) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    default: {
      if (typeof left !== 'number' || typeof right !== 'number') return false;
      if (m[2] === '>') return left > right;
      if (m[2] === '>=') return left >= right;
      if (m[2] === '<') return left < right;
      return left <= right;
    }
  }
}

function operand(text: string, scope: Record<string, unknown>): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^(["']).*\1$/.test(text)) return text.slice(1, -1);
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  const value = getPath(scope, text);
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
