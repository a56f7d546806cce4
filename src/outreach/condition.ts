import { getPath } from './paths';

/** Evaluates a trigger's `when` string against a scope; inject the flow engine's evaluator to share its language. */
export type ConditionEvaluator = (expression: string, scope: Record<string, unknown>) => boolean;

const COMPARISON = /^(.+?)\s*(==|!=|>=|<=|>|<|\bcontains\b)\s*(.+)$/;

/**
 * A small built-in evaluator: `path`, `not path`, `path OP literal` (==, !=, >, >=, <, <=, and `contains` for a
 * list member or a substring), joined by `and` / `or` (and binds tighter). Literals: numbers, "strings",
 * 'strings', true, false, null.
 *
 * @example
 * simpleCondition('event.payload.total >= 99 and user.isNew', scope);
 * simpleCondition('user.tags contains "回头客" and not user.attributes.vip', scope);
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
    case 'contains':
      if (Array.isArray(left)) return left.includes(right);
      return typeof left === 'string' && typeof right === 'string' && left.includes(right);
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

/** The paths a {@link simpleCondition} expression reads (its operands that are not literals), for validation. */
export function conditionPaths(expression: string): string[] {
  const paths: string[] = [];
  for (const conj of expression.split(/\s+or\s+/)) {
    for (let atom of conj.split(/\s+and\s+/)) {
      atom = atom.trim();
      while (atom.startsWith('not ')) atom = atom.slice(4).trim();
      const m = COMPARISON.exec(atom);
      for (const side of m ? [m[1]!.trim(), m[3]!.trim()] : [atom]) {
        if (!/^-?\d+(\.\d+)?$/.test(side) && !/^(["']).*\1$/.test(side) && !['true', 'false', 'null'].includes(side)) paths.push(side);
      }
    }
  }
  return paths;
}
