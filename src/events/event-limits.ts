/** Limits of one event in a batch (POST /events, stream producers). */
export const EVENT_LIMITS = {
  /** Deepest nesting of objects/arrays inside one event. */
  maxDepth: 8,
  /** Most keys and array items inside one event, counted over all levels. */
  maxNodes: 500,
} as const;

/**
 * Why an event is too deep or too big (checked without recursion, so a hostile 100,000-level body cannot overflow
 * the stack), or undefined when it is within {@link EVENT_LIMITS}.
 *
 * @example
 * shapeProblem({ payload: { a: { b: {} } } }); // undefined
 */
export function shapeProblem(raw: unknown): string | undefined {
  // two parallel stacks (values, their depths): no pair allocated per node, this runs for every event
  const values: unknown[] = [raw];
  const depths: number[] = [1];
  let nodes = 0;
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > EVENT_LIMITS.maxDepth) return `(event): nested deeper than ${EVENT_LIMITS.maxDepth} levels; flatten the payload`;
    const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
    nodes += children.length;
    if (nodes > EVENT_LIMITS.maxNodes) return `(event): more than ${EVENT_LIMITS.maxNodes} fields and items; send a smaller payload`;
    for (const child of children) {
      if (child === null || typeof child !== 'object') continue; // leaves count above, nothing to walk
      values.push(child);
      depths.push(depth + 1);
    }
  }
  return undefined;
}
