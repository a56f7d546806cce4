import type { CallStep } from '../types';
import type { StepHandler } from './registry';

/** `call`: runs another flow, then continues with this flow's next step. */
export const callStep: StepHandler<CallStep> = { kind: 'call', run: (step) => ({ type: 'call', flowId: step.call }) };
