import { actionStep } from './action';
import { askStep } from './ask';
import { branchStep } from './branch';
import { callStep } from './call';
import { endStep } from './end';
import { gotoStep } from './goto';
import { StepRegistry } from './registry';
import { sayStep } from './say';
import { variantsStep } from './variants';

export { StepRegistry, type StepHandler, type StepOutcome } from './registry';

/** A registry with the built-in step kinds (say, ask, branch, action, call, goto, end, variants). */
export function createStepRegistry(): StepRegistry {
  return new StepRegistry()
    .register(sayStep)
    .register(askStep)
    .register(branchStep)
    .register(actionStep)
    .register(callStep)
    .register(gotoStep)
    .register(endStep)
    .register(variantsStep);
}
