/** `kefu flows check` on A/B experiments: Chinese errors at file:line for weights, ids, missing texts and blocks. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadFlowBundle } from '../../src/flows/load-bundle';
import { renderFlowError } from '../../src/flows/messages/flow-problem';

const FIXTURE = path.join(__dirname, 'fixtures', 'ab');

async function check(flowText: string): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-ab-'));
  try {
    cpSync(path.join(FIXTURE, 'human_handoff.yaml'), path.join(dir, 'human_handoff.yaml'));
    cpSync(path.join(FIXTURE, 'intents.yaml'), path.join(dir, 'intents.yaml'));
    writeFileSync(path.join(dir, 'promo.yaml'), flowText);
    const { errors } = await loadFlowBundle(dir, { actionNames: ['handoff.human'] });
    return errors.map((e) => renderFlowError(e, 'zh').replace(`${dir}/`, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HEAD = `flow: promo
title: 促销
experiment:
  id: promo_copy
  title: 促销文案
  metric: csat
  start: '2025-11-20'
triggers:
  - keywords: [促销]
steps:
`;

describe('experiment checks', () => {
  it('accepts the fixture flow', async () => {
    const { bundle, errors } = await loadFlowBundle(FIXTURE, { actionNames: ['handoff.human'] });
    expect(errors.map((e) => e.message)).toEqual([]);
    const flow = bundle!.flows.get('welcome_ab')!;
    expect(flow.experiment).toMatchObject({
      id: 'coupon_copy',
      status: 'running',
      metric: 'conversion',
      start: '2025-11-20',
      windowDays: 7,
    });
  });

  it('reports a zero weight, a duplicate id and a mismatch between steps at their lines', async () => {
    const errors = await check(
      HEAD +
        `  - id: hello
    say:
      variants:
        - { id: A, weight: 50, text: 你好 }
        - { id: A, weight: 0, text: 您好 }
  - id: again
    say:
      variants:
        - { id: A, weight: 70, text: 再见 }
        - { id: B, weight: 30, text: 拜拜 }
`,
    );
    expect(errors).toEqual([
      expect.stringMatching(/^promo\.yaml:15:\d+: 步骤 hello 里变体 A 出现了两次。修改方法：/),
      expect.stringMatching(/^promo\.yaml:15:\d+: 步骤 hello 的变体 A 权重是 0，必须大于 0。修改方法：/),
      expect.stringMatching(/^promo\.yaml:19:\d+: 步骤 again 的变体和步骤 hello 的不一致（应为 A:50、A:0）。修改方法：/),
    ]);
  });

  it('reports a variant without text (phase 1) at its line', async () => {
    const errors = await check(
      HEAD + `  - say:\n      variants:\n        - { id: A, weight: 50, text: 你好 }\n        - { id: B, weight: 50 }\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^promo\.yaml:14:\d+: 第 1 个步骤的 say 的第 2 个变体缺少必填字段 text。/);
  });

  it('needs an experiment block for variants, and variants for a running experiment', async () => {
    const noBlock = await check(
      `flow: promo\ntitle: 促销\nsteps:\n  - say:\n      variants:\n        - { id: A, weight: 1, text: 你好 }\n        - { id: B, weight: 1, text: 您好 }\n`,
    );
    expect(noBlock).toEqual([
      expect.stringMatching(/^promo\.yaml:6:\d+: 步骤 step-1 写了 A\/B 变体，但这个流程没有 experiment（实验）设置。修改方法：/),
    ]);
    const noVariants = await check(HEAD.replace("  start: '2025-11-20'", "  start: '2025-13-40'\n  status: running") + '  - say: 你好\n');
    expect(noVariants).toEqual([
      expect.stringMatching(/^promo\.yaml:7:\d+: 实验开始日期 2025-13-40 写得不对。/),
      expect.stringMatching(/^promo\.yaml:8:\d+: 实验 promo_copy 正在进行，但流程里没有任何 A\/B 变体。/),
    ]);
  });
});
