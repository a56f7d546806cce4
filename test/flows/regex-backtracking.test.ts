import path from 'node:path';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { checkRegexSafety } from '../../src/flows/validate/regex-safety';
import { FIXTURES } from './support/engine-harness';

const SHIPPED = path.resolve(__dirname, '../../flows');

describe('regex triggers are checked for catastrophic backtracking (recheck)', () => {
  test('exponential and cubic regexes are refused at file:line:col with a fix; quadratic and linear ones pass', async () => {
    const dir = path.join(FIXTURES, 'invalid', 'redos-regex');
    const { bundle, errors } = await loadFlowBundle(dir);
    expect(bundle).toBeUndefined();
    const lines = errors.map((e) => e.message.replace(path.relative(process.cwd(), dir) + path.sep, ''));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^a\.yaml:4:12: Regex in flow 'a' can backtrack catastrophically: matching time doubles with every extra character on messages like '.+', so one long message would stall the bot\. Fix: rewrite it so that no character can be matched by two repetitions in turn: \(a\+\)\+ → a\+/,
    );
    expect(lines[1]).toMatch(/^a\.yaml:5:12: Regex in flow 'a' .* grows with the message length to the power 3 .*Fix: .*\.\{0,10\}/);
  });

  test('the shop regexes in flows/ pass, and none of them was left undecided', async () => {
    const { bundle, errors } = await loadFlowBundle(SHIPPED);
    expect(errors.map((e) => e.message)).toEqual([]);
    const regexes = [...bundle!.flows.values()].flatMap((f) => f.triggers.flatMap((t) => (t.regex ? [t.regex] : [])));
    expect(regexes.length).toBeGreaterThan(10);
    const verdicts = await checkRegexSafety(regexes);
    expect([...verdicts].filter(([, v]) => !v.safe || v.undecided)).toEqual([]);
  });

  test('verdicts are cached in the process: a second check of the same regexes is instant', async () => {
    const sources = ['(a|aa)+$', '(用完|吃完|快没)了'];
    const first = await checkRegexSafety(sources);
    const start = Date.now();
    const second = await checkRegexSafety(sources);
    expect(Date.now() - start).toBeLessThan(20);
    expect(second).toEqual(first);
    expect(first.get('(a|aa)+$')).toMatchObject({ safe: false, growth: 'exponential' });
    expect(first.get('(用完|吃完|快没)了')).toEqual({ safe: true });
  });
});
