import path from 'node:path';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { FIXTURES } from './support/engine-harness';

/** Loads test/flows/fixtures/invalid/<name> and returns `file:line:col: message` lines relative to that dir. */
async function errorsOf(name: string, actionNames?: string[]): Promise<string[]> {
  const dir = path.join(FIXTURES, 'invalid', name);
  const { bundle, errors } = await loadFlowBundle(dir, { actionNames });
  expect(bundle).toBeUndefined();
  return errors.map((e) => e.message.replace(path.relative(process.cwd(), dir) + path.sep, ''));
}

describe('flow validation, phase 1 (structure)', () => {
  test('unknown key, with a did-you-mean hint at the key position', async () => {
    expect(await errorsOf('unknown-key')).toEqual(["a.yaml:6:5: Unknown key 'nxt' in steps[1] 'one'. Fix: Did you mean 'next'?"]);
  });

  test('a step with two kind keys', async () => {
    const [e] = await errorsOf('two-kinds');
    expect(e).toMatch(/^a\.yaml:4:5: steps\[1\] 'one': a step needs exactly one of say\/ask\/branch\/action\/call\/goto\/end\/variants, found say and ask\./);
  });

  test('missing required key', async () => {
    expect(await errorsOf('missing-key')).toEqual(["a.yaml:1:1: Missing required key 'title' in the file. Fix: add `title: …`."]);
  });

  test('value outside an enum suggests the closest', async () => {
    expect(await errorsOf('bad-enum')).toEqual(["a.yaml:6:13: steps[1].expect: 'sise' is not allowed. Fix: Did you mean 'size'?"]);
  });

  test('YAML syntax errors have a position', async () => {
    const [e] = await errorsOf('yaml-syntax');
    expect(e).toMatch(/^a\.yaml:5:1: YAML syntax error: Missing closing "quote/);
  });

  test('phase 1 errors stop phase 2 for that file only', async () => {
    const errors = await errorsOf('phase1-stops');
    expect(errors).toEqual([
      "a.yaml:7:5: Unknown key 'colour' in steps[1] 'one'. Fix: remove it; allowed keys here: id, next, say, quick_replies, card.",
      "b.yaml:5:11: Unknown step 'nowhere' in flow 'b'. Fix: use one of the step ids of this flow: step-1.",
    ]);
  });
});

describe('flow validation, phase 2 (meaning)', () => {
  test('unknown step reference', async () => {
    expect((await errorsOf('unknown-step'))[0]).toBe("a.yaml:6:11: Unknown step 'finsh' in flow 'a'. Fix: Did you mean 'finish'?");
  });

  test('unknown flow reference in call, in related and in settings.handoff_flow', async () => {
    expect(await errorsOf('unknown-flow')).toEqual([
      "a.yaml:5:11: Unknown flow 'size_gide' in call of step 'go'. Fix: Did you mean 'size_guide'?",
      "settings.yaml:2:15: Unknown flow 'human' in settings.handoff_flow. Fix: create flows/human.yaml or use an existing flow id.",
      "size_guide.yaml:3:14: Unknown flow 'product_inqury' in related of flow 'size_guide'. Fix: use an existing flow id or remove the entry.",
    ]);
  });

  test('unknown intent', async () => {
    expect(await errorsOf('unknown-intent')).toEqual(["a.yaml:4:13: Unknown intent 'greting' in a trigger of flow 'a'. Fix: Did you mean 'greeting'?"]);
  });

  test('unknown action (only when action names are given)', async () => {
    expect(await errorsOf('unknown-action', ['coupon.issue', 'product.recommend'])).toEqual([
      "a.yaml:5:13: Unknown action 'coupon.isue' in step 'give'. Fix: Did you mean 'coupon.issue'?",
    ]);
    const { errors } = await loadFlowBundle(path.join(FIXTURES, 'invalid', 'unknown-action'));
    expect(errors).toEqual([]);
  });

  test('unreachable step', async () => {
    expect(await errorsOf('unreachable')).toEqual([
      "a.yaml:8:5: Step 'orphan' can never be reached from the first step 'hello'. Fix: point a next/then/on_fail/on_error at 'orphan', or delete it.",
    ]);
  });

  test('branch without else', async () => {
    expect(await errorsOf('branch-no-else')).toEqual([
      "a.yaml:6:7: Branch 'route' has no else case. Fix: add `- else: <step id>` as the last case, so every shopper goes somewhere.",
    ]);
  });

  test('else must be the last case', async () => {
    expect(await errorsOf('else-not-last')).toEqual(["a.yaml:6:9: In branch 'route' the else case must be the last one. Fix: move `- else: …` below the other cases."]);
  });

  test('duplicate step id', async () => {
    expect(await errorsOf('duplicate-step')).toEqual(["a.yaml:6:9: Duplicate step id 'hi' in flow 'a' (first used on line 4). Fix: rename one of them, e.g. 'hi_2'."]);
  });

  test('duplicate flow id across files names both files with positions', async () => {
    const [e] = await errorsOf('duplicate-flow');
    expect(e).toMatch(/^b-two\.yaml:2:7: Duplicate flow id 'same': defined in \S*b-two\.yaml:2:7 and in \S*a-one\.yaml:1:7\./);
  });

  test('undefined template and condition variables', async () => {
    expect(await errorsOf('undefined-var')).toEqual([
      "a.yaml:7:18: Undefined variable 'slot.size'. Fix: Did you mean 'slots'?",
      "a.yaml:8:17: Undefined variable 'slots.colour': no ask step collects slot 'colour'. Fix: add an ask step with `slot: colour`.",
      "a.yaml:8:38: Undefined variable 'vars.coupon.code': no action in flow 'a' stores `as: coupon`. Fix: add `as: coupon` to the action step that produces it.",
      "a.yaml:10:36: Undefined variable 'slots.sise': no ask step collects slot 'sise'. Fix: Did you mean 'size'?",
    ]);
  });

  test('invalid regex', async () => {
    const [e] = await errorsOf('bad-regex');
    expect(e).toMatch(/^a\.yaml:4:12: Invalid regex in flow 'a': .*Unterminated group\. Fix: /);
  });

  test('invalid condition points at the bad token', async () => {
    const [e] = await errorsOf('bad-condition');
    expect(e).toMatch(/^a\.yaml:5:26: Invalid condition 'user\.isNew and and user\.tags': Unexpected 'and' \(at column 16\)\. Fix: /);
  });

  test('threshold out of 0..1', async () => {
    expect(await errorsOf('bad-threshold')).toEqual(["a.yaml:5:16: Threshold 60 is out of range in flow 'a'. Fix: use a number between 0 and 1, e.g. 0.6."]);
  });

  test('the engine fixture directory is valid', async () => {
    const { errors } = await loadFlowBundle(path.join(FIXTURES, 'engine'));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
