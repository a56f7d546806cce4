import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startFlows } from '../../src/app/flows-runtime';
import { createLogger } from '../../src/core/log/create-logger';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { renderFlowError } from '../../src/flows/messages/flow-problem';
import { compilePredictRules } from '../../src/outreach/predict-rules';

const help = `flow: payment_help
title: 结算帮助
steps:
  - say: 亲，结算时遇到问题了吗？
predict:
  - id: payment_help_at_checkout
    when: event.type == "checkout_start"
    after: 2m
    unless: features.order_created_10m > 0
    start: payment_help
`;

describe('predict: blocks are checked by the flow loader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kefu-predict-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const errorsOf = async (text: string): Promise<string[]> => {
    await writeFile(path.join(dir, 'payment-help.yaml'), text);
    const { bundle, errors } = await loadFlowBundle(dir);
    expect(bundle).toBeUndefined();
    return errors.map((e) => renderFlowError(e, 'zh').replace(`${dir}/`, ''));
  };

  it('a good rule loads, with its durations', async () => {
    await writeFile(path.join(dir, 'payment-help.yaml'), help);
    const { bundle, errors } = await loadFlowBundle(dir);
    expect(errors).toEqual([]);
    expect(compilePredictRules(bundle!.flows.values())).toMatchObject([{ id: 'payment_help_at_checkout', afterMs: 120_000, cooldownMs: 86_400_000, holdout: 0 }]);
  });

  it('a misspelt key or a value out of range: a Chinese error at its file:line:col (shape, phase 1)', async () => {
    const bad = help.replace('start: payment_help', 'start: payment_help\n    holdout: 1.5\n    colldown: 1h');
    expect(await errorsOf(bad)).toEqual([
      'payment-help.yaml:11:14: 第 1 个预判规则的 holdout 太大了，最大是 1。修改方法：改成不大于 1 的数字。',
      'payment-help.yaml:12:5: 未知字段 colldown，您是不是想写 cooldown？修改方法：把 colldown 改成 cooldown。',
    ]);
  });

  it('a bad duration, condition or flow: each one Chinese error at its file:line:col (meaning, phase 2)', async () => {
    const bad = help.replace('after: 2m', 'after: 两分钟').replace('> 0', '> (0').replace('start: payment_help', 'start: payment_hlep');
    expect(await errorsOf(bad)).toEqual([
      'payment-help.yaml:8:12: 预判规则 payment_help_at_checkout 的 after 写成了 两分钟，这不是一个时长。修改方法：写成数字加单位：s 秒、m 分、h 小时、d 天、w 周，例如 after: 2m。',
      expect.stringMatching(/^payment-help\.yaml:9:\d+: 预判规则 payment_help_at_checkout 的 unless 条件写得不对：第 \d+ 个字符处/),
      'payment-help.yaml:10:12: 预判规则 payment_help_at_checkout 要启动的流程 payment_hlep 不存在，您是不是想写 payment_help？修改方法：把 payment_hlep 改成 payment_help。',
    ]);
  });

  it('conditions may read only features, event and user; ids are unique among rules and proactive triggers', async () => {
    const bad = `${help}  - id: payment_help_at_checkout\n    when: slots.size == "XL"\n    start: payment_help\n`;
    expect(await errorsOf(bad)).toEqual([
      expect.stringMatching(/^payment-help\.yaml:11:9: 预判规则编号 payment_help_at_checkout 重复了/),
      expect.stringMatching(/^payment-help\.yaml:12:11: 预判规则 payment_help_at_checkout 的 when 读取了 slots\.size，这里读不到。/),
    ]);
  });

  it('a broken edit on hot reload is reported and the last good flows and rules keep running', async () => {
    await writeFile(path.join(dir, 'payment-help.yaml'), help);
    const runtime = await startFlows(dir, [], createLogger({ level: 'silent', name: 'test' }), { watch: false });
    await writeFile(path.join(dir, 'payment-help.yaml'), help.replace('after: 2m', 'after: 两分钟'));
    expect(await runtime.reload()).toBe(false);
    expect(runtime.status()).toMatchObject({ ok: false, errors: [expect.stringContaining('payment-help.yaml:8:12')] });
    expect(compilePredictRules(runtime.current().flows.values())).toMatchObject([{ id: 'payment_help_at_checkout', afterMs: 120_000 }]);
    runtime.stop();
  });
});
