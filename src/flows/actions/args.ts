import { BadInputError } from '../../core/errors';

/**
 * Helpers to read rendered action arguments. Templates render missing values as empty
 * strings, so `''` counts as "not given".
 */

/** A trimmed string argument, or undefined when missing/empty. */
export function optString(args: Record<string, unknown>, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** A required string argument; throws a BadInputError naming the action and the argument. */
export function reqString(args: Record<string, unknown>, key: string, action: string): string {
  const v = optString(args, key);
  if (v === undefined) {
    throw new BadInputError(`Action '${action}' needs the argument '${key}'.`, `add \`args: { ${key}: … }\` to the step (see docs/flow-authoring.md).`);
  }
  return v;
}

/** A boolean argument: true, "true", "yes", "1", "是" are true. */
export function optBool(args: Record<string, unknown>, key: string): boolean {
  const v = args[key];
  if (typeof v === 'boolean') return v;
  return typeof v === 'string' && ['true', 'yes', '1', '是'].includes(v.trim().toLowerCase());
}

/** A positive integer argument within [1, max], else the default. */
export function optInt(args: Record<string, unknown>, key: string, dflt: number, max = 20): number {
  const n = Number(args[key]);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : dflt;
}
