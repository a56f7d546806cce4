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
          const params = { text, detail: err.message, problem: err.problem, col: err.col };
          return [flowAt(input, flow).path(path, 'bad-condition', params, err.offset)];
        }
      }),
    );
  },
};
