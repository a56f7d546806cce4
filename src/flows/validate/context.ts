import { FlowError } from '../../core/errors';
import type { YamlPath, YamlSource } from '../load/yaml-source';
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
    step(step: StepDef, sub: YamlPath, message: string, hint: string): FlowError {
      const p = src ? src.posOf(['steps', idx(step), ...sub]) : step.pos;
      return new FlowError(message, flow.file, p.line, p.col, hint, flow.id, step.id);
    },
    /** An error at any path of this flow file. */
    path(path: YamlPath, message: string, hint: string, offset?: number): FlowError {
      const p = src ? (offset !== undefined ? src.posInScalar(path, offset) : src.posOf(path)) : flow.pos;
      return new FlowError(message, flow.file, p.line, p.col, hint, flow.id);
    },
    stepPath(step: StepDef, sub: YamlPath): YamlPath {
      return ['steps', idx(step), ...sub];
    },
  };
}
