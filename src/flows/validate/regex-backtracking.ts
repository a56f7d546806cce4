import type { FlowError } from '../../core/errors';
import { flowAt, type ValidationInput, type Validator } from './context';
import type { RegexSafety } from './regex-safety';

const HINT =
  'rewrite it so that no character can be matched by two repetitions in turn: (a+)+ → a+, (\\w+\\s?)* → [\\w\\s]*, ' +
  '\\s*\\s* → \\s*, .*X.* → .{0,10}X.{0,10}. Runs of spaces in messages are folded to one, so \\s? is enough where you wrote \\s*.';

function growthText(growth: 'exponential' | number): string {
  return growth === 'exponential' ? 'doubles with every extra character' : `grows with the message length to the power ${growth}`;
}

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
        const message =
          `Regex in flow '${flow.id}' can backtrack catastrophically: matching time ${growthText(verdict.growth)}` +
          ` on messages like '${verdict.example}', so one long message would stall the bot.`;
        return [flowAt(input, flow).path(['triggers', i, 'regex'], message, HINT)];
      }),
    );
  },
};
