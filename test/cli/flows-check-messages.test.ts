import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFlows } from '../../src/app/flows-runtime';
import { flowsCheck, type CliIO } from '../../src/cli/flows-command';
import type { Logger } from '../../src/core/log';
import { resolveLang, type Lang } from '../../src/flows/messages/lang';

const INVALID = path.join(__dirname, '..', 'flows', 'fixtures', 'invalid');
const ACTIONS = ['coupon.issue', 'product.recommend'];
const GOOD_STEPS = 'steps:\n  - say: 你好\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kefu-check-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `files` into the temp dir and runs `kefu flows check` on it; returns the error lines without the summary. */
async function check(
  files: Record<string, string>,
  lang: Lang = 'zh',
  actions = ACTIONS,
): Promise<{ code: number; errors: string[]; last: string }> {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const errs: string[] = [];
  const io: CliIO = { out: () => undefined, err: (l) => errs.push(l) };
  const code = await flowsCheck(dir, io, actions, lang);
  return { code, errors: errs.slice(0, -1), last: errs.at(-1) ?? '' };
}

/** The `file:line:col` of an error line, relative to the temp dir. */
const where = (line: string): string => line.slice(line.indexOf(path.basename(dir)) + path.basename(dir).length + 1).split(': ')[0];

describe('kefu flows check speaks Chinese (and English with --lang en)', () => {
  test('a tab in the indentation is one error on its line, not a cascade', async () => {
    const tabbed = { 'a.yaml': 'flow: a\ntitle: A\nsteps:\n  - id: one\n\tsay: 你好\n  - say: 再见\n' };
    const zh = await check(tabbed);
    expect(zh.code).toBe(1);
    expect(zh.errors).toHaveLength(1);
    expect(where(zh.errors[0])).toBe('a.yaml:5:1');
    expect(zh.errors[0]).toContain('第 5 行用了制表符(Tab)缩进，YAML 只能用空格缩进');
    expect(zh.errors[0]).toMatch(/修改方法：把行首的 Tab 换成空格/);
    expect(zh.last).toBe(`✗ ${dir} 里有 1 个错误`);
    const en = await check(tabbed, 'en');
    expect(en.errors).toEqual([
      expect.stringMatching(/a\.yaml:5:1: YAML syntax error: line 5 is indented with a tab; .* Fix: replace the tab/),
    ]);
  });

  test('a branch without else is exactly one error, at the branch', async () => {
    const flow =
      'flow: a\ntitle: A\nsteps:\n  - id: route\n    branch:\n      - if: user.isNew\n        then: hello\n  - id: hello\n    say: 你好\n';
    const { errors } = await check({ 'a.yaml': flow });
    expect(errors).toHaveLength(1);
    expect(where(errors[0])).toBe('a.yaml:6:7');
    expect(errors[0]).toContain('分支 route 没有 else（否则）这一项。修改方法：在最后加一行 - else: <步骤编号>');
  });

  test('misspelt keys get a did-you-mean hint from the keys allowed at that place', async () => {
    const flow = [
      'flow: a',
      'title: A',
      'trigers:',
      '  - intent: greeting',
      '    thresold: 0.6',
      'steps:',
      '  - id: hello',
      '    sya: 你好',
      '  - ask: 什么尺码？',
      '    slot: size',
      '    optoins: [S, M]',
      '',
    ].join('\n');
    const { errors } = await check({ 'a.yaml': flow, 'intents.yaml': 'intents:\n  greeting: {}\n' });
    expect(errors.map((e) => `${where(e)} ${e.split(': ').slice(1).join(': ')}`)).toEqual([
      'a.yaml:3:1 未知字段 trigers，您是不是想写 triggers？修改方法：把 trigers 改成 triggers。',
      'a.yaml:8:5 未知字段 sya，您是不是想写 say？修改方法：把 sya 改成 say。',
      'a.yaml:11:5 未知字段 optoins，您是不是想写 options？修改方法：把 optoins 改成 options。',
    ]);
    const en = await check({}, 'en');
    expect(en.errors[1]).toMatch(/a\.yaml:8:5: Unknown key 'sya' in steps\[1\] 'hello'\. Fix: Did you mean 'say'\?$/);
    const triggers = await check({
      'a.yaml': flow.replace('trigers', 'triggers').replace('    sya', '    say').replace('optoins', 'options'),
    });
    expect(triggers.errors).toEqual([expect.stringContaining('未知字段 thresold，您是不是想写 threshold？')]);
  });

  test('unknown step kinds, actions, flows, steps and intents are suggested too', async () => {
    const flow = [
      'flow: a',
      'title: A',
      'triggers:',
      '  - intent: greting',
      'steps:',
      '  - action: coupon.isue',
      '  - call: size_gide',
      '  - say: 好的',
      '    next: finsh',
      '  - id: finish',
      '    end: true',
      '',
    ].join('\n');
    const guide = 'flow: size_guide\ntitle: 尺码\n' + GOOD_STEPS;
    const { errors } = await check({ 'a.yaml': flow, 'size-guide.yaml': guide, 'intents.yaml': 'intents:\n  greeting: {}\n' });
    expect(errors).toEqual([
      expect.stringContaining('a.yaml:4:13: 流程 a 的触发条件用了未知意图 greting，您是不是想写 greeting？'),
      expect.stringContaining('a.yaml:6:13: 步骤 step-1 调用了未知动作 coupon.isue，您是不是想写 coupon.issue？'),
      expect.stringContaining('a.yaml:7:11: 步骤 step-2 的 call 指向的流程 size_gide 不存在，您是不是想写 size_guide？'),
      expect.stringContaining('a.yaml:9:11: 流程 a 里没有步骤 finsh，您是不是想写 finish？'),
    ]);
    const kind = await check({ 'a.yaml': 'flow: a\ntitle: A\nsteps:\n  - sya: 你好\n' });
    expect(kind.errors).toEqual([expect.stringContaining('a.yaml:4:5: 未知字段 sya，您是不是想写 say？')]);
  });

  test('when a file does not parse, nothing is checked on it and no follow-up errors come from it', async () => {
    const caller = 'flow: a\ntitle: A\ntriggers:\n  - intent: greeting\nsteps:\n  - call: size_guide\n';
    const { errors } = await check({
      'a.yaml': caller,
      'size-guide.yaml': 'flow: size_guide\ntitle: "尺码\nsteps:\n  - say: 你好\n',
      'intents.yaml': 'intents:\n  greeting: {}\n\t  thanks: {}\n',
    });
    expect(errors.map(where)).toEqual(['intents.yaml:3:1', 'size-guide.yaml:5:1']);
    expect(errors[1]).toContain('YAML 格式错误：引号或括号没有成对');
  });

  test('every message of every invalid fixture is Chinese with file:line:col and 修改方法, and English with Fix', async () => {
    for (const name of await readdir(INVALID)) {
      const io = { errs: [] as string[], enErrs: [] as string[] };
      await flowsCheck(path.join(INVALID, name), { out: () => undefined, err: (l) => io.errs.push(l) }, ACTIONS, 'zh');
      await flowsCheck(path.join(INVALID, name), { out: () => undefined, err: (l) => io.enErrs.push(l) }, ACTIONS, 'en');
      expect([name, io.errs.length]).toEqual([name, io.enErrs.length]);
      expect(io.errs.length).toBeGreaterThan(1);
      for (const line of io.errs.slice(0, -1)) {
        expect([name, line]).toEqual([name, expect.stringMatching(/^\S+\.yaml:\d+:\d+: [^\n]*[\u4e00-\u9fff][^\n]*修改方法：[^\n]+$/)]);
        expect([name, line]).toEqual([name, expect.not.stringContaining('Fix:')]);
      }
      for (const line of io.enErrs.slice(0, -1)) {
        expect([name, line.match(/ Fix: /g)?.length]).toEqual([name, 1]);
        expect([name, line]).toEqual([name, expect.not.stringContaining('修改方法')]);
      }
    }
  });

  test('the language comes from --lang, else KEFU_LANG, else Chinese', () => {
    expect(resolveLang(undefined, {})).toBe('zh');
    expect(resolveLang(undefined, { KEFU_LANG: 'en' })).toBe('en');
    expect(resolveLang('zh', { KEFU_LANG: 'en' })).toBe('zh');
    expect(resolveLang('en_US.UTF-8', {})).toBe('en');
    expect(() => resolveLang('fr', {})).toThrow(/Fix: use --lang zh or --lang en/);
  });
});

describe('a broken flows folder at start-up', () => {
  test('lists every error with its own fix and never says "Fix: … Fix:" on one line', async () => {
    await writeFile(
      path.join(dir, 'a.yaml'),
      'flow: a\ntitle: A\nsteps:\n  - id: route\n    branch:\n      - if: user.isNew\n        then: route\n',
    );
    const quiet = { info: () => undefined, warn: () => undefined } as unknown as Logger;
    const failed = await startFlows(dir, [], quiet, { watch: false }).catch((e: Error) => e);
    expect(failed).toBeInstanceOf(Error);
    const lines = (failed as Error).message.split('\n');
    expect(lines[0]).toMatch(/have 1 error\(s\); correct them and start again \(`kefu flows check .*` lists them again/);
    expect(lines[1]).toMatch(
      /a\.yaml:6:7: Branch 'route' has no else case\. Fix: add `- else: <step id>` as the last case, so every shopper goes somewhere\.$/,
    );
    for (const line of lines) expect(line.match(/Fix:/g)?.length ?? 0).toBeLessThanOrEqual(1);
  });
});
