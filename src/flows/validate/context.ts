import type { FlowError } from '../../core/errors';
import type { YamlPath, YamlSource } from '../load/yaml-source';
import type { FlowMessageId, FlowMessageParams } from '../messages/catalogue';
import { FlowProblem } from '../messages/flow-problem';
import type { FlowDef, FlowSettings, IntentDef, StepDef } from '../types';
import type { RegexSafety } from './regex-safety';

/** Everything the meaning (phase 2) validators look at. */
export interface ValidationInput {
  /** Every structurally valid flow, in file order (duplicates included). */
  flows: FlowDef[];
  intents: Map<string, IntentDef>;
  settings: FlowSettings;
  /** Parsed sources by file, for exact positions. */
  sources: Map<string, YamlSource>;
  /** The settings.yaml source, when the file exists. */
  settingsSource?: YamlSource;
  /** Registered action names; when omitted the unknown-action rule is skipped. */
  actionNames?: string[];
  /** recheck's verdicts on the `regex:` triggers (see regex-safety.ts); when omitted the backtracking rule is skipped. */
  regexSafety?: ReadonlyMap<string, RegexSafety>;
  /**
   * Files that could not be read (phase 1 failed): then the flows or intents they define are unknown, and rules that
   * need every flow (unknown flow references, slots asked elsewhere) or every intent stay silent instead of
   * reporting follow-up errors.
   */
  incomplete?: { flows: boolean; intents: boolean };
}

/** One small named rule of phase 2. */
export interface Validator {
  name: string;
  run(input: ValidationInput): FlowError[];
}

/** Position helpers bound to one flow. */
export function flowAt(input: ValidationInput, flow: FlowDef) {
  const src = input.sources.get(flow.file);
  const idx = (step: StepDef): number => flow.steps.indexOf(step);
  return {
    /** An error at `steps[i].<sub…>` of this flow. */
    step<K extends FlowMessageId>(step: StepDef, sub: YamlPath, id: K, params: FlowMessageParams[K]): FlowError {
      const p = src ? src.posOf(['steps', idx(step), ...sub]) : step.pos;
      return new FlowProblem(id, params, p, flow.id, step.id);
    },
    /** An error at any path of this flow file (`offset` characters into its scalar when given). */
    path<K extends FlowMessageId>(path: YamlPath, id: K, params: FlowMessageParams[K], offset?: number): FlowError {
      const p = src ? (offset !== undefined ? src.posInScalar(path, offset) : src.posOf(path)) : flow.pos;
      return new FlowProblem(id, params, p, flow.id);
    },
    stepPath(step: StepDef, sub: YamlPath): YamlPath {
      return ['steps', idx(step), ...sub];
    },
  };
}
