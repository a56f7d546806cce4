import type { FlowError } from '../../core/errors';
import { flowAt, type ValidationInput, type Validator } from './context';

/** `regex:` triggers must compile. */
export const regexSyntax: Validator = {
  name: 'regex-syntax',
  run(input: ValidationInput): FlowError[] {
    return input.flows.flatMap((flow) =>
      flow.triggers.flatMap((t, i) => {
        if (t.regex === undefined) return [];
        try {
          new RegExp(t.regex, 'i');
          return [];
        } catch (err) {
          const why = (err as Error).message.replace(/^Invalid regular expression: /, '');
          return [flowAt(input, flow).path(['triggers', i, 'regex'], 'bad-regex', { flowId: flow.id, detail: why })];
        }
      }),
    );
  },
};
