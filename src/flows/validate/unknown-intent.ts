import type { FlowError } from '../../core/errors';
import { closest } from '../suggest';
import { flowAt, type ValidationInput, type Validator } from './context';

/** An `intent:` trigger must name an intent of flows/intents.yaml. */
export const unknownIntent: Validator = {
  name: 'unknown-intent',
  run(input: ValidationInput): FlowError[] {
    if (input.incomplete?.intents) return []; // intents.yaml could not be read
    const names = [...input.intents.keys()];
    return input.flows.flatMap((flow) =>
      flow.triggers.flatMap((t, i) =>
        t.intent === undefined || input.intents.has(t.intent)
          ? []
          : [
              flowAt(input, flow).path(['triggers', i, 'intent'], 'unknown-intent', {
                intent: t.intent,
                flowId: flow.id,
                suggestion: closest(t.intent, names),
                names,
              }),
            ],
      ),
    );
  },
};
