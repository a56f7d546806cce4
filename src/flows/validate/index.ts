import type { FlowError } from '../../core/errors';
import { branchElse } from './branch-else';
import { conditionSyntax } from './condition-syntax';
import type { ValidationInput, Validator } from './context';
import { duplicateFlowId } from './duplicate-flow-id';
import { duplicateStepId } from './duplicate-step-id';
import { experiments } from './experiments';
import { predictRules } from './predict-rules';
import { regexBacktracking } from './regex-backtracking';
import { regexSyntax } from './regex-syntax';
import { serviceHours } from './service-hours';
import { thresholdRange } from './threshold-range';
import { undefinedVariables } from './undefined-variables';
import { unknownAction } from './unknown-action';
import { unknownFlowRef } from './unknown-flow-ref';
import { unknownIntent } from './unknown-intent';
import { unknownStepRef } from './unknown-step-ref';
import { unreachableSteps } from './unreachable-steps';

export type { ValidationInput, Validator } from './context';

/** The phase-2 (meaning) rules, in reporting order. */
export const VALIDATORS: readonly Validator[] = [
  duplicateFlowId,
  duplicateStepId,
  unknownStepRef,
  unknownFlowRef,
  unknownIntent,
  unknownAction,
  branchElse,
  unreachableSteps,
  regexSyntax,
  regexBacktracking,
  conditionSyntax,
  thresholdRange,
  serviceHours,
  undefinedVariables,
  experiments,
  predictRules,
];

/**
 * Runs every meaning rule and returns all errors sorted by file, line and column.
 *
 * @example
 * validateMeaning({ flows, intents, settings, sources, actionNames: registry.names() });
 */
export function validateMeaning(input: ValidationInput, validators: readonly Validator[] = VALIDATORS): FlowError[] {
  const errors = validators.flatMap((v) => v.run(input));
  return errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}
