import type { z } from 'zod';
import type { YamlPath } from '../load/yaml-source';
import { CASE_KIND_KEYS, STEP_KIND_KEYS, TRIGGER_KIND_KEYS } from './flow-schema';

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  innerType?: AnySchema;
  options?: AnySchema[];
}

const def = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The kind keys that select a union branch at `path` (steps, triggers, branch cases), if any. */
export function kindKeysAt(path: YamlPath): readonly string[] | undefined {
  const n = path.length;
  if (n === 2 && path[0] === 'steps' && typeof path[1] === 'number') return STEP_KIND_KEYS;
  if (n === 2 && path[0] === 'triggers' && typeof path[1] === 'number') return TRIGGER_KIND_KEYS;
  if (n === 4 && path[0] === 'steps' && path[2] === 'branch' && typeof path[3] === 'number') return CASE_KIND_KEYS;
  return undefined;
}

/** The value at `path` inside a plain JS value. */
export function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Index of the union branch to report for the raw value at `path` (by kind key), or undefined. */
export function branchIndexFor(path: YamlPath, raw: unknown): number | undefined {
  const keys = kindKeysAt(path);
  const v = valueAt(raw, path);
  if (!keys || v === null || typeof v !== 'object') return undefined;
  const i = keys.findIndex((k) => k in (v as object));
  return i >= 0 ? i : undefined;
}

function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (let d = def(cur); d.innerType && ['optional', 'default', 'nullable', 'prefault'].includes(d.type); d = def(cur)) {
    cur = d.innerType;
  }
  return cur;
}

/**
 * The keys a strict object accepts at `path` (for unknown-key hints), following the raw value's kind; with
 * `everyKind`, the keys of every kind at `path` (say's, ask's, … for a step).
 */
export function allowedKeysAt(root: AnySchema, path: YamlPath, raw: unknown, everyKind = false): string[] {
  let s = unwrap(root);
  const walked: (string | number)[] = [];
  const pick = (): void => {
    const d = def(s);
    if (d.type !== 'union' || !d.options) return;
    const idx = branchIndexFor(walked, raw);
    const objects = d.options.filter((o) => def(unwrap(o)).type === 'object');
    s = unwrap(idx !== undefined ? d.options[idx] : (objects[0] ?? d.options[0]));
  };
  pick();
  for (const [i, seg] of path.entries()) {
    const d = def(s);
    const next = d.type === 'object' ? d.shape?.[String(seg)] : d.type === 'array' ? d.element : d.type === 'record' ? d.valueType : undefined;
    if (!next) return [];
    s = unwrap(next);
    walked.push(seg);
    const options = def(s).options;
    if (everyKind && i === path.length - 1 && def(s).type === 'union' && options) {
      return [...new Set(options.flatMap((o) => Object.keys(def(unwrap(o)).shape ?? {})))];
    }
    pick();
  }
  const d = def(s);
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}
