import { useI18n } from './i18n';

const zh = {
  empty: '还没有实验。在流程文件里写上 experiment 和 variants 就会出现在这里（见 docs/studio.md「实验」）。',
  running: '进行中',
  stopped: '已停止',
  winner: (v: string) => `胜出：${v}`,
  metric: { conversion: '下单转化', csat: '满意度', resolution: '解决率' } as Record<string, string>,
  since: (d: string, w: number) => `${d} 开始 · 看到变体后 ${w} 天内的结果`,
  flow: '流程',
  variant: '变体',
  control: '对照组',
  share: '分流比例',
  exposures: '看到的顾客',
  conversion: '下单转化率',
  csat: '满意度（1–5）',
  resolution: '解决率',
  vsControl: '与对照组相比',
  ci: '95% 置信区间',
  noData: '数据不足',
  srmBad: (p: string) =>
    `分流比例异常（样本比例检验 p = ${p} < 0.001）：实际人数和设定比例对不上，结果可能不可信，请先检查流程或渠道是否有问题。`,
  srmOk: (p: string) => `分流正常（样本比例检验 p = ${p}）。`,
  significant: '差异显著',
  stop: '停止实验',
  stopConfirm: '停止后所有顾客都会看到对照组，确定吗？',
  promote: '设为胜出',
  promoteConfirm: (v: string) => `把变体 ${v} 设为胜出？流程会改写成 ${v} 的内容并发布一个新版本，所有顾客都会看到它。`,
  done: (r: { via: string; version?: number; file: string }) =>
    r.via === 'studio' ? `已发布新版本 #${r.version}` : `已写入流程文件 ${r.file}`,
  refresh: '刷新',
  /** Full-width brackets and colon in Chinese, ASCII ones in English. */
  paren: (s: string) => `（${s}）`,
  colon: '：',
  holdoutsTitle: '主动触达的对照组',
  holdoutsIntro: (h: number) =>
    `写了 holdout 的主动触达和意图预判规则：对照组的顾客固定不发，和收到消息的顾客比较 ${h} 小时内的下单率（见 docs/outreach.md「对照组」）。`,
  holdoutsEmpty: '还没有写 holdout 的主动触达或预判规则。在触发器或 predict 规则上加 holdout: 0.1 就会出现在这里。',
  source: { trigger: '主动触达', predict: '意图预判' } as Record<string, string>,
  holdoutShare: (s: string) => `对照组 ${s}`,
  arm: '分组',
  armControl: '对照组（不发）',
  armTreated: '实验组（已发送）',
  armAssigned: '分到发送组（含被发送规则拦下的）',
  shoppers: '顾客数',
  holdoutSrmBad: (p: string) =>
    `分组比例异常（样本比例检验 p = ${p} < 0.001）：对照组人数和设定的 holdout 比例对不上，结果可能不可信，请先查原因。`,
};

type ExperimentsMessages = typeof zh;

const en: ExperimentsMessages = {
  empty: 'No experiments yet. Declare experiment: and variants in a flow file (docs/studio.md).',
  running: 'Running',
  stopped: 'Stopped',
  winner: (v) => `Winner: ${v}`,
  metric: { conversion: 'Conversion', csat: 'CSAT', resolution: 'Resolution' },
  since: (d, w) => `Since ${d} · outcomes within ${w} days of exposure`,
  flow: 'Flow',
  variant: 'Variant',
  control: 'control',
  share: 'Split',
  exposures: 'Shoppers exposed',
  conversion: 'Conversion',
  csat: 'CSAT (1–5)',
  resolution: 'Resolution',
  vsControl: 'vs control',
  ci: '95% CI',
  noData: 'Not enough data',
  srmBad: (p) =>
    `Sample ratio mismatch (p = ${p} < 0.001): the split differs from the declared weights; do not trust the results before finding why.`,
  srmOk: (p) => `Split as declared (sample ratio p = ${p}).`,
  significant: 'significant',
  stop: 'Stop',
  stopConfirm: 'Everyone will see the control. Stop?',
  promote: 'Promote',
  promoteConfirm: (v) => `Promote variant ${v}? The flow is rewritten to it and published as a new version.`,
  done: (r) => (r.via === 'studio' ? `Published version #${r.version}` : `Wrote ${r.file}`),
  refresh: 'Refresh',
  paren: (s) => ` (${s})`,
  colon: ': ',
  holdoutsTitle: 'Outreach holdouts',
  holdoutsIntro: (h) =>
    `Proactive triggers and prediction rules with holdout: the control group gets nothing; conversion within ${h} hours is compared with shoppers who were sent the message (docs/outreach.md).`,
  holdoutsEmpty: 'No trigger or prediction rule has a holdout yet. Add holdout: 0.1 to one and it shows here.',
  source: { trigger: 'Proactive trigger', predict: 'Intent prediction' },
  holdoutShare: (s) => `holdout ${s}`,
  arm: 'Group',
  armControl: 'Control (not sent)',
  armTreated: 'Treated (sent)',
  armAssigned: 'Assigned to send (incl. stopped by sending rules)',
  shoppers: 'Shoppers',
  holdoutSrmBad: (p) =>
    `Sample ratio mismatch (p = ${p} < 0.001): the control group's size does not match the holdout share; find out why first.`,
};

/** The 实验 tab's texts in the console's language. */
export function useExperimentsMessages(): ExperimentsMessages {
  return useI18n().lang === 'en' ? en : zh;
}
