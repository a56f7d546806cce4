import type { FlowError } from '../../core/errors';
import { compileCondition } from '../conditions/compile';
import { ConditionSyntaxError } from '../conditions/tokenizer';
import { flowAt, type ValidationInput, type Validator } from './context';
import { conditionsOf } from './collect';

/** Conditions (`when`, `if`, `validate`) must parse. */
export const conditionSyntax: Validator = {
  name: 'condition-syntax',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow) =>
      conditionsOf(flow).flatMap(({ text, path }) => {
        try {
          compileCondition(text);
          return [];
        } catch (err) {
          if (!(err instanceof ConditionSyntaxError)) throw err;
          return [
            flowAt(input, flow).path(
              path,
              `Invalid condition '${text}': ${err.message}.`,
              'write e.g. `slots.size == "XL" and user.isNew` — operators: == != < <= > >= in, and/or/not, contains(a, b), len(x).',
              err.offset,
            ),
          ];
        }
      }),
    );
  },
};
