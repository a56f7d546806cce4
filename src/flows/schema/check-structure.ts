import type { z } from 'zod';
import { FlowError } from '../../core/errors';
import type { YamlPath, YamlSource } from '../load/yaml-source';
import { didYouMean } from '../suggest';
import { allowedKeysAt, branchIndexFor, kindKeysAt, valueAt } from './zod-walk';

type Issue = z.core.$ZodIssue;
interface Located {
  path: YamlPath;
  issue: Issue;
}

/**
 * Phase 1: checks one parsed file against its strict zod schema and maps every problem to
 * the YAML node's `file:line:col`. Returns [] when the structure is fine.
 *
 * @example
 * checkStructure(parseYamlSource('flows/a.yaml', text), flowFileSchema);
 */
export function checkStructure(src: YamlSource, schema: z.ZodType): FlowError[] {
  if (src.errors.length) return src.errors;
  const raw = src.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [new FlowError('The file must be a YAML mapping (key: value lines).', src.file, 1, 1, 'start with `flow: <id>` / see docs/flows.md for the format.')];
  }
  const errors: FlowError[] = [];
  const skip = checkKindKeys(src, raw, errors);
  const result = schema.safeParse(raw);
  if (result.success) return errors;
  for (const loc of flatten(result.error.issues, [], raw)) {
    if (skip.some((p) => startsWith(loc.path, p))) continue;
    errors.push(...toErrors(src, schema, raw, loc));
  }
  return dedupe(errors);
}

function startsWith(path: YamlPath, prefix: YamlPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}

/** Steps, triggers and branch cases need exactly one kind key; report and remember the bad ones. */
function checkKindKeys(src: YamlSource, raw: object, errors: FlowError[]): YamlPath[] {
  const bad: YamlPath[] = [];
  const check = (path: YamlPath, what: string): void => {
    const keys = kindKeysAt(path) ?? [];
    const v = valueAt(raw, path);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
    const present = keys.filter((k) => k in v);
    if (present.length === 1) return;
    bad.push(path);
    const p = src.posOf(path);
    const message =
      present.length === 0
        ? `${describe(raw, path)}: a ${what} needs exactly one of ${keys.join('/')}, found none.`
        : `${describe(raw, path)}: a ${what} needs exactly one of ${keys.join('/')}, found ${present.join(' and ')}.`;
    const hint = present.length === 0 ? firstUnknownHint(Object.keys(v), keys) : `split it into ${present.length} ${what}s.`;
    errors.push(new FlowError(message, src.file, p.line, p.col, hint));
  };
  const steps = (raw as { steps?: unknown }).steps;
  const triggers = (raw as { triggers?: unknown }).triggers;
  if (Array.isArray(triggers)) triggers.forEach((_, i) => check(['triggers', i], 'trigger'));
  if (Array.isArray(steps)) {
    steps.forEach((s, i) => {
      check(['steps', i], 'step');
      const branch = (s as { branch?: unknown } | null)?.branch;
      if (Array.isArray(branch)) branch.forEach((_, j) => check(['steps', i, 'branch', j], 'branch case'));
    });
  }
  return bad;
}

function firstUnknownHint(present: string[], kinds: readonly string[]): string {
  for (const k of present) {
    const h = didYouMean(k, kinds, '');
    if (h) return `${h} (key '${k}')`;
  }
  return `add one of: ${kinds.join(', ')}.`;
}

/** Expand union issues into the issues of the branch the author most likely meant. */
function flatten(issues: readonly Issue[], prefix: YamlPath, raw: unknown): Located[] {
  const out: Located[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const idx = branchIndexFor(path, raw) ?? fewest(issue.errors);
      out.push(...flatten(issue.errors[idx], path, raw));
    } else {
      out.push({ path, issue });
    }
  }
  return out;
}

function fewest(branches: readonly (readonly Issue[])[]): number {
  let best = 0;
  branches.forEach((b, i) => {
    if (b.length < branches[best].length) best = i;
  });
  return best;
}

function toErrors(src: YamlSource, schema: z.ZodType, raw: unknown, { path, issue }: Located): FlowError[] {
  const where = describe(raw, path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(schema, path, raw);
    return issue.keys.map((key) => {
      const p = src.keyPosOf([...path, key]);
      const hint = didYouMean(key, allowed, `remove it; allowed keys here: ${allowed.join(', ')}.`);
      return new FlowError(`Unknown key '${key}' in ${where}.`, src.file, p.line, p.col, hint);
    });
  }
  const value = valueAt(raw, path);
  const p = src.posOf(path);
  if (value === undefined) {
    const key = path[path.length - 1];
    const parent = describe(raw, path.slice(0, -1));
    return [new FlowError(`Missing required key '${key}' in ${parent}.`, src.file, p.line, p.col, `add \`${key}: …\`.`)];
  }
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const options = issue.values.map(String);
    const hint = didYouMean(String(value), options, `use one of: ${options.join(', ')}.`);
    return [new FlowError(`${where}: '${String(value)}' is not allowed.`, src.file, p.line, p.col, hint)];
  }
  return [new FlowError(`${where}: ${issue.message}.`, src.file, p.line, p.col, hintFor(issue))];
}

function hintFor(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `write a ${issue.expected} here.`;
    case 'too_small':
      return 'add at least one item.';
    case 'invalid_format':
      return 'use snake_case like `new_customer`.';
    default:
      return 'see docs/flows.md for the file format.';
  }
}

/** `steps[3] (welcome).next`-style description of a path, naming step ids when known. */
export function describe(raw: unknown, path: YamlPath): string {
  if (path.length === 0) return 'the file';
  let out = '';
  path.forEach((seg, i) => {
    if (typeof seg === 'number') {
      out += `[${seg + 1}]`;
      const id = (valueAt(raw, path.slice(0, i + 1)) as { id?: unknown } | undefined)?.id;
      if (path[i - 1] === 'steps' && typeof id === 'string') out += ` '${id}'`;
    } else {
      out += (out ? '.' : '') + seg;
    }
  });
  return out;
}

function dedupe(errors: FlowError[]): FlowError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
}
