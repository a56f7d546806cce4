import type { CondNode } from './ast';

/** Values a condition sees: the template roots (user, slots, vars, …) and, for `validate`, `value`. */
export type CondContext = Record<string, unknown>;

/**
 * Evaluates a parsed condition against a context. Missing paths are `null`; no code is ever run.
 *
 * @example
 * evaluateNode(parseCondition('slots.qty >= 2'), { slots: { qty: 3 } }); // true
 */
export function evaluateNode(node: CondNode, ctx: CondContext): unknown {
  switch (node.type) {
    case 'lit':
      return node.value;
    case 'path':
      return resolvePath(ctx, node.path);
    case 'list':
      return node.items.map((n) => evaluateNode(n, ctx));
    case 'not':
      return !truthy(evaluateNode(node.arg, ctx));
    case 'and':
      return truthy(evaluateNode(node.left, ctx)) && truthy(evaluateNode(node.right, ctx));
    case 'or':
      return truthy(evaluateNode(node.left, ctx)) || truthy(evaluateNode(node.right, ctx));
    case 'cmp':
      return compare(node.op, evaluateNode(node.left, ctx), evaluateNode(node.right, ctx));
    case 'call':
      return callFn(node.name, node.args.map((a) => evaluateNode(a, ctx)));
  }
}

/** Reads `a.b.c` from an object; anything missing is `null`. Own properties only. */
export function resolvePath(root: unknown, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || v === undefined || typeof v !== 'object') return null;
    if (!Object.prototype.hasOwnProperty.call(v, seg)) return null;
    v = (v as Record<string, unknown>)[seg];
  }
  return v === undefined ? null : v;
}

/** Truthiness: empty strings, empty lists, 0, null and false are false. */
export function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** Equality that treats `2` and `"2"` as equal and `null`/missing as equal. */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'number' || typeof b === 'number') {
    const x = asNumber(a);
    const y = asNumber(b);
    return x !== undefined && y !== undefined && x === y;
  }
  return a === b;
}

function compare(op: string, a: unknown, b: unknown): boolean {
  if (op === '==') return looseEquals(a, b);
  if (op === '!=') return !looseEquals(a, b);
  if (op === 'in') return holds(b, a);
  if (op === 'contains') return holds(a, b);
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  if (typeof a === 'string' && typeof b === 'string') return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  return false;
}

function callFn(name: string, args: unknown[]): unknown {
  if (name === 'len') {
    const v = args[0];
    if (typeof v === 'string' || Array.isArray(v)) return v.length;
    if (v && typeof v === 'object') return Object.keys(v).length;
    return 0;
  }
  return holds(args[0], args[1]);
}

/** Membership: a list with an element loosely equal to `needle`, or a text containing it. */
function holds(hay: unknown, needle: unknown): boolean {
  if (Array.isArray(hay)) return hay.some((x) => looseEquals(x, needle));
  if (typeof hay === 'string' && needle !== null && needle !== undefined) return hay.includes(String(needle));
  return false;
}
