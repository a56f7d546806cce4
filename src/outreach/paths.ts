/**
 * Read a dotted path (`payload.cartId`, `event.payload.items.0.title`) from a plain object.
 *
 * @example
 * getPath({ payload: { cartId: 'c1' } }, 'payload.cartId'); // 'c1'
 */
export function getPath(root: unknown, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
