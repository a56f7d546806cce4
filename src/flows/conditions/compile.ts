import { pathsIn, type CondNode } from './ast';
import { evaluateNode, truthy, type CondContext } from './evaluate';
import { parseCondition } from './parser';

/** A condition parsed once and evaluated many times. */
export interface CompiledCondition {
  source: string;
  ast: CondNode;
  /** Evaluates to a boolean (truthiness of the expression). */
  test(ctx: CondContext): boolean;
  /** Dotted paths used, with their 0-based offsets. */
  paths: { path: string[]; pos: number }[];
}

const cache = new Map<string, CompiledCondition>();

/**
 * Parses (or fetches from the cache) a condition. Throws ConditionSyntaxError with a column.
 *
 * @example
 * compileCondition('user.isNew and not ("vip" in user.tags)').test({ user: { isNew: true, tags: [] } }); // true
 */
export function compileCondition(source: string): CompiledCondition {
  const hit = cache.get(source);
  if (hit) return hit;
  const ast = parseCondition(source);
  const compiled: CompiledCondition = { source, ast, test: (ctx) => truthy(evaluateNode(ast, ctx)), paths: pathsIn(ast) };
  if (cache.size > 5000) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

/** Evaluates a condition source against a context (compiling it once). */
export function testCondition(source: string, ctx: CondContext): boolean {
  return compileCondition(source).test(ctx);
}
