import type { ConditionProblem } from '../conditions/tokenizer';
import type { ExperimentProblem } from './experiment-texts';

/**
 * The shape of the flow checker's message catalogue: every message `kefu flows check` can print, by id, with
 * its parameters. messages-en.ts and messages-zh.ts each implement all of it (the compiler checks that no id is
 * missing in either language).
 */

/** A segment of a place in a file: a key, or the n-th item (0-based) of a list with the step id when known. */
export type WhereSeg = string | { index: number; id?: string };
/** A place in a file, e.g. `steps[2] 'ask_size'.expect` = `['steps', { index: 1, id: 'ask_size' }, 'expect']`. */
export type Where = readonly WhereSeg[];

/** What needs a kind key: a step (say/ask/…), a trigger (intent/keywords/…) or a branch case (if/else). */
export type KindOwner = 'step' | 'trigger' | 'branch case';

/** One problem of a `proactive:` entry, as zod found it (path inside the entry). */
export interface ProactiveProblem {
  path: string;
  /** zod's (or the refinement's) English text. */
  detail: string;
  /** A refinement's id (see trigger-schema.ts), for the translation. */
  rule?: string;
  /** zod's issue code, for the translation of plain type/shape issues. */
  code: string;
  expected?: string;
  keys?: string[];
}

/** The parameters of every message, by id. */
export interface FlowMessageParams {
  'yaml-tab': { line: number; otherLines: number[] };
  'yaml-syntax': { code: string; detail: string };
  'yaml-value': { detail: string };
  'file-not-mapping': { kind: 'flow' | 'intents' | 'settings' | 'other' };
  'dir-unreadable': { reason: string };
  'dir-no-flows': Record<string, never>;
  'kind-missing': { where: Where; owner: KindOwner; kinds: readonly string[] };
  'kind-many': { where: Where; owner: KindOwner; kinds: readonly string[]; present: string[] };
  'unknown-key': { key: string; where: Where; suggestion?: string; allowed: string[] };
  'missing-key': { key: string; where: Where };
  'value-not-allowed': { where: Where; value: string; suggestion?: string; options: string[] };
  'wrong-type': { where: Where; expected: string; detail: string; empty: boolean };
  'too-small': { where: Where; detail: string; origin: string; limit: number };
  'too-big': { where: Where; detail: string; limit: number };
  'not-snake-case': { where: Where; value: string; detail: string };
  'bad-value': { where: Where; detail: string };
  'duplicate-intent': { name: string; firstLine: number };
  'duplicate-flow-id': { id: string; here: string; there: string };
  'duplicate-step-id': { id: string; flowId: string; firstLine: number };
  'unknown-step': { ref: string; flowId: string; suggestion?: string; ids: string[] };
  'unknown-flow': { ref: string; kind: 'call' | 'goto'; stepId: string; suggestion?: string };
  'unknown-handoff-flow': { ref: string; suggestion?: string };
  'unknown-related-flow': { ref: string; flowId: string; suggestion?: string };
  'unknown-intent': { intent: string; flowId: string; suggestion?: string; names: string[] };
  'unknown-action': { action: string; stepId: string; suggestion?: string; names: string[] };
  'branch-no-else': { stepId: string };
  'else-not-last': { stepId: string };
  'unreachable-step': { stepId: string; firstId: string };
  'bad-regex': { flowId: string; detail: string };
  'regex-backtracking': { flowId: string; growth: 'exponential' | number; example: string };
  'bad-condition': { text: string; detail: string; problem: ConditionProblem; col: number };
  'threshold-range': { flowId: string; value: number };
  'service-hours': { key: 'days' | 'open' | 'close' | 'timezone'; kind: 'bad-value' | 'same-time'; value: string };
  'settings-range': { key: string; value: number };
  'unknown-variable': { name: string; suggestion?: string; roots: string[] };
  'unknown-slot': { name: string; slot: string; suggestion?: string };
  'unknown-var': { name: string; varName: string; flowId: string; suggestion?: string };
  'bad-template': { detail: string };
  'proactive-invalid': { id?: string; problems: ProactiveProblem[] };
  'proactive-when-syntax': { id: string; detail: string; problem: ConditionProblem; col: number };
  'proactive-when-reads': { id: string; paths: string[] };
  'proactive-duplicate': { id: string; otherFlow: string };
  'proactive-unknown-start': { id: string; start: string; suggestion?: string; flows: string[] };
  'predict-duration': { id: string; key: 'after' | 'cooldown'; value: string };
  'predict-condition': { id: string; key: 'when' | 'unless'; detail: string; problem: ConditionProblem; col: number };
  'predict-reads': { id: string; key: 'when' | 'unless' | 'per'; paths: string[] };
  'predict-unknown-start': { id: string; start: string; suggestion?: string };
  'predict-duplicate': { id: string; otherFlow: string };
  experiment: { problem: ExperimentProblem };
}

/** A message id of the flow checker. */
export type FlowMessageId = keyof FlowMessageParams;

/** One message in one language: what happened, and how to fix it. */
export interface FlowText {
  message: string;
  fix: string;
}

/** The lines of `kefu flows check` / `kefu flows graph` that are not errors of a file. */
export interface CliTexts {
  /** Last line when there are errors. */
  errorCount(count: number, dir: string): string;
  /** The one line when everything is fine. */
  ok(p: { dir: string; flows: number; steps: number; intents: number; proactive: number }): string;
  /** `kefu flows graph <flow>` with an unknown flow. */
  unknownGraphFlow(p: { flowId: string; suggestion?: string; flows: string[] }): string;
}

/** A whole catalogue in one language. */
export interface Catalogue {
  /** Put between a message and its fix: `Fix: ` or `修改方法：`. */
  fixLabel: string;
  problems: { [K in FlowMessageId]: (p: FlowMessageParams[K]) => FlowText };
  cli: CliTexts;
}

/**
 * The text of one message in a catalogue.
 *
 * @example
 * textOf(EN, 'branch-no-else', { stepId: 'route' }).message; // "Branch 'route' has no else case."
 */
export function textOf<K extends FlowMessageId>(catalogue: Catalogue, id: K, params: FlowMessageParams[K]): FlowText {
  const render = catalogue.problems[id] as (p: FlowMessageParams[K]) => FlowText;
  return render(params);
}
