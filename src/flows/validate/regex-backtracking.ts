import type { FlowError } from '../../core/errors';
import { flowAt, type ValidationInput, type Validator } from './context';
import type { RegexSafety } from './regex-safety';

/**
 * `regex:` triggers must not backtrack catastrophically (ReDoS): one long message would block the bot for seconds.
 * Reads the verdicts the loader got from recheck (`input.regexSafety`, see regex-safety.ts); without them it checks
 * nothing. Regexes that do not compile are left to regex-syntax.
 */
export const regexBacktracking: Validator = {
  name: 'regex-backtracking',
  run(input: ValidationInput): FlowError[] {
    const verdicts = input.regexSafety;
    if (!verdicts) return [];
    return input.flows.flatMap((flow) =>
      flow.triggers.flatMap((t, i) => {
        const verdict: RegexSafety | undefined = t.regex === undefined ? undefined : verdicts.get(t.regex);
        if (!verdict || verdict.safe) return [];
        const params = { flowId: flow.id, growth: verdict.growth, example: verdict.example };
        return [flowAt(input, flow).path(['triggers', i, 'regex'], 'regex-backtracking', params)];
      }),
    );
  },
};
