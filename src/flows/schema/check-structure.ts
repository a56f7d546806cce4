import type { z } from 'zod';
import type { FlowError } from '../../core/errors';
import type { YamlPath, YamlSource } from '../load/yaml-source';
import type { KindOwner } from '../messages/catalogue';
import { FlowProblem, tidyFlowErrors } from '../messages/flow-problem';
import { whereOf } from '../messages/where-text';
import { closest } from '../suggest';
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
export function checkStructure(src: YamlSource, schema: z.ZodType, kind: FileKind = 'other'): FlowError[] {
  if (src.errors.length) return src.errors;
  const raw = src.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [new FlowProblem('file-not-mapping', { kind }, { file: src.file, line: 1, col: 1 })];
  }
  const errors: FlowError[] = [];
  const skip = checkKindKeys(src, schema, raw, errors);
  const result = schema.safeParse(raw);
  if (result.success) return errors;
  for (const loc of flatten(result.error.issues, [], raw)) {
    if (skip.some((p) => startsWith(loc.path, p))) continue;
    errors.push(...toErrors(src, schema, raw, loc));
  }
  return tidyFlowErrors(errors);
}

/** Which special file is checked (for the fix of a file that is not a mapping). */
export type FileKind = 'flow' | 'intents' | 'settings' | 'other';

function startsWith(path: YamlPath, prefix: YamlPath): boolean {
  return prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);
}

/**
 * Steps, triggers and branch cases need exactly one kind key; report and remember the bad ones. A missing kind
 * whose unknown key is a typo of a kind (`sya:`) is reported as that unknown key, with the hint.
 */
function checkKindKeys(src: YamlSource, schema: z.ZodType, raw: object, errors: FlowError[]): YamlPath[] {
  const bad: YamlPath[] = [];
  const check = (path: YamlPath, owner: KindOwner): void => {
    const kinds = kindKeysAt(path) ?? [];
    const v = valueAt(raw, path);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return;
    const present = kinds.filter((k) => k in v);
    if (present.length === 1) return;
    bad.push(path);
    const where = whereOf(raw, path);
    if (present.length > 1) {
      errors.push(new FlowProblem('kind-many', { where, owner, kinds, present }, src.posOf(path)));
      return;
    }
    const allowed = allowedKeysAt(schema, path, raw, true);
    const typo = Object.keys(v).find((k) => !allowed.includes(k) && closest(k, kinds) !== undefined);
    if (typo === undefined) {
      errors.push(new FlowProblem('kind-missing', { where, owner, kinds }, src.posOf(path)));
      return;
    }
    errors.push(new FlowProblem('unknown-key', { key: typo, where, suggestion: closest(typo, kinds), allowed }, src.keyPosOf([...path, typo])));
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

/** The branch with the fewest issues; on a tie the one whose first issue lies deepest (its shape matched further). */
function fewest(branches: readonly (readonly Issue[])[]): number {
  const depth = (b: readonly Issue[]): number => b[0]?.path.length ?? 0;
  let best = 0;
  branches.forEach((b, i) => {
    if (b.length < branches[best].length || (b.length === branches[best].length && depth(b) > depth(branches[best]))) best = i;
  });
  return best;
}

function toErrors(src: YamlSource, schema: z.ZodType, raw: unknown, { path, issue }: Located): FlowError[] {
  const where = whereOf(raw, path);
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(schema, path, raw);
    return issue.keys.map(
      (key) => new FlowProblem('unknown-key', { key, where, suggestion: closest(key, allowed), allowed }, src.keyPosOf([...path, key])),
    );
  }
  const value = valueAt(raw, path);
  const at = src.posOf(path);
  if (value === undefined) {
    return [new FlowProblem('missing-key', { key: String(path[path.length - 1]), where: whereOf(raw, path.slice(0, -1)) }, at)];
  }
  const detail = issue.message;
  switch (issue.code) {
    case 'invalid_value': {
      const options = issue.values.map(String);
      return [new FlowProblem('value-not-allowed', { where, value: String(value), suggestion: closest(String(value), options), options }, at)];
    }
    case 'invalid_type':
      return [new FlowProblem('wrong-type', { where, expected: issue.expected, detail, empty: value === null }, at)];
    case 'too_small':
      return [new FlowProblem('too-small', { where, detail, origin: issue.origin, limit: Number(issue.minimum) }, at)];
    case 'too_big':
      return [new FlowProblem('too-big', { where, detail, limit: Number(issue.maximum) }, at)];
    case 'invalid_format':
      return [new FlowProblem('not-snake-case', { where, value: String(value), detail }, at)];
    default:
      return [new FlowProblem('bad-value', { where, detail }, at)];
  }
}
