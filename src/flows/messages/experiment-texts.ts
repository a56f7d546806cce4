import type { FlowText } from './catalogue';

/** One problem of a flow's A/B experiment (`experiment:` block, `say: { variants }`, `variants:` steps). */
export type ExperimentProblem =
  | { rule: 'missing-block'; stepId: string }
  | { rule: 'no-variants'; experimentId: string }
  | { rule: 'duplicate-variant'; stepId: string; variant: string }
  | { rule: 'weight'; stepId: string; variant: string; weight: number }
  | { rule: 'mismatch'; stepId: string; firstStep: string; expected: string }
  | { rule: 'duplicate-id'; experimentId: string; otherFlow: string }
  | { rule: 'start'; value: string }
  | { rule: 'window'; value: number }
  | { rule: 'winner'; winner: string; ids: string[] };

const EXAMPLE_ZH = 'experiment: { id: welcome_copy, title: 欢迎语测试, metric: conversion, start: 2025-11-20 }';

/**
 * 实验相关错误的中文提示。
 *
 * @example
 * experimentZh({ rule: 'weight', stepId: 'welcome', variant: 'B', weight: 0 }).message; // '步骤 welcome 的变体 B 权重是 0，…'
 */
export function experimentZh(p: ExperimentProblem): FlowText {
  switch (p.rule) {
    case 'missing-block':
      return { message: `步骤 ${p.stepId} 写了 A/B 变体，但这个流程没有 experiment（实验）设置。`, fix: `在流程里加上实验设置，例如 ${EXAMPLE_ZH}（见 docs/studio.md「实验」）。` };
    case 'no-variants':
      return { message: `实验 ${p.experimentId} 正在进行，但流程里没有任何 A/B 变体。`, fix: '给某个 say 写上 variants（至少两个），或把 status 改成 stopped。' };
    case 'duplicate-variant':
      return { message: `步骤 ${p.stepId} 里变体 ${p.variant} 出现了两次。`, fix: '每个变体用不同的 id，例如 A、B。' };
    case 'weight':
      return { message: `步骤 ${p.stepId} 的变体 ${p.variant} 权重是 ${p.weight}，必须大于 0。`, fix: '写一个正数，例如 50 和 50（各一半），或 90 和 10。' };
    case 'mismatch':
      return {
        message: `步骤 ${p.stepId} 的变体和步骤 ${p.firstStep} 的不一致（应为 ${p.expected}）。`,
        fix: '同一个流程里的所有变体要用同样的 id、顺序和权重：顾客被分到哪个变体，所有步骤都按同一个来。',
      };
    case 'duplicate-id':
      return { message: `实验编号 ${p.experimentId} 重复了（流程 ${p.otherFlow} 里也有）。`, fix: '每个实验起一个不重复的 id，结果按它统计。' };
    case 'start':
      return { message: `实验开始日期 ${p.value} 写得不对。`, fix: "写成 '2025-11-20' 这样的日期。" };
    case 'window':
      return { message: `实验的统计窗口 window_days 是 ${p.value}，应为 1 到 90 之间的整数。`, fix: '不写就是 7 天：顾客看到变体后 7 天内的下单、评价和解决情况算进结果。' };
    case 'winner':
      return { message: `实验的胜出变体 ${p.winner} 不在变体里（${p.ids.join('、')}）。`, fix: '写其中一个变体的 id，或删掉 winner。' };
  }
}

/** The English texts of experiment problems (`kefu flows check --lang en`). */
export function experimentEn(p: ExperimentProblem): FlowText {
  switch (p.rule) {
    case 'missing-block':
      return { message: `step '${p.stepId}' declares A/B variants but the flow has no experiment: block.`, fix: 'add experiment: { id, title, metric, start } to the flow (docs/studio.md).' };
    case 'no-variants':
      return { message: `experiment '${p.experimentId}' is running but the flow has no variants.`, fix: 'give a say step variants (two or more), or set status: stopped.' };
    case 'duplicate-variant':
      return { message: `step '${p.stepId}' declares variant '${p.variant}' twice.`, fix: 'give each variant its own id, e.g. A and B.' };
    case 'weight':
      return { message: `variant '${p.variant}' of step '${p.stepId}' has weight ${p.weight}; it must be above 0.`, fix: 'write a positive number, e.g. 50 and 50, or 90 and 10.' };
    case 'mismatch':
      return { message: `the variants of step '${p.stepId}' differ from those of step '${p.firstStep}' (${p.expected}).`, fix: 'use the same ids, order and weights in every step of the flow.' };
    case 'duplicate-id':
      return { message: `experiment id '${p.experimentId}' is used twice (also in flow '${p.otherFlow}').`, fix: 'give every experiment its own id.' };
    case 'start':
      return { message: `experiment start '${p.value}' is not a date.`, fix: "write it as '2025-11-20'." };
    case 'window':
      return { message: `experiment window_days ${p.value} is not a whole number from 1 to 90.`, fix: 'leave it out for 7 days.' };
    case 'winner':
      return { message: `experiment winner '${p.winner}' is not one of the variants (${p.ids.join(', ')}).`, fix: 'name one of the variants, or remove winner.' };
  }
}
