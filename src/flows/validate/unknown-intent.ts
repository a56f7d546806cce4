import type { FlowError } from '../../core/errors';
import { didYouMean } from '../suggest';
import { flowAt, type ValidationInput, type Validator } from './context';

/** An `intent:` trigger must name an intent of flows/intents.yaml. */
export const unknownIntent: Validator = {
  name: 'unknown-intent',
  run(input: ValidationInput): FlowError[] {
    const names = [...input.intents.keys()];
    return input.flows.flatMap((flow) =>
      flow.triggers.flatMap((t, i) =>
        t.intent === undefined || input.intents.has(t.intent)
          ? []
          : [
              flowAt(input, flow).path(
                ['triggers', i, 'intent'],
                `Unknown intent '${t.intent}' in a trigger of flow '${flow.id}'.`,
                didYouMean(t.intent, names, `add '${t.intent}' to flows/intents.yaml or use one of: ${names.join(', ') || '(none defined)'}.`),
              ),
            ],
      ),
    );
  },
};
