import type { GotoStep } from '../types';
import type { StepHandler } from './registry';

/** `goto`: continues in another flow; this flow ends. */
export const gotoStep: StepHandler<GotoStep> = { kind: 'goto', run: (step) => ({ type: 'goto', flowId: step.goto }) };
