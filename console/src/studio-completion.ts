import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';

/** Step kinds (one per step) and the other keys of flow files, for completion. */
const STEP_KINDS: [string, string][] = [
  ['say', '说一句话'],
  ['ask', '提问并记下答案'],
  ['branch', '按条件分支'],
  ['action', '执行动作（发券、查物流…）'],
  ['call', '调用另一个流程'],
  ['goto', '转到另一个流程'],
  ['end', '结束流程'],
];
const FIELDS: [string, string][] = [
  ['id', '步骤编号'],
  ['next', '下一步'],
  ['slot', '答案存入的槽位'],
  ['expect', '期望的答案类型'],
  ['options', '可选答案'],
  ['quick_replies', '快捷按钮'],
  ['card', '卡片'],
  ['args', '动作参数'],
  ['as', '结果存为 vars.…'],
  ['on_error', '动作失败时'],
  ['on_fail', '多次未答时'],
  ['retry', '没听懂时再问'],
  ['validate', '校验条件'],
  ['max_attempts', '最多问几次'],
  ['if', '条件'],
  ['then', '条件成立时去'],
  ['else', '否则去'],
  ['when', '触发条件'],
  ['intent', '意图'],
  ['keywords', '关键词'],
  ['regex', '正则'],
  ['event', '事件'],
  ['threshold', '置信度阈值'],
  ['ask_rating', '结束后请顾客评价'],
];
const TOP_LEVEL: [string, string][] = [
  ['flow', '流程编号'],
  ['title', '流程名称'],
  ['description', '说明'],
  ['stage', '购物阶段'],
  ['priority', '优先级'],
  ['interruptible', '可否被打断'],
  ['digression', '结束后是否回到被打断的流程'],
  ['triggers', '触发方式'],
  ['steps', '步骤'],
  ['proactive', '主动触达'],
];
const STAGES = ['售前', '下单', '售后', '营销', '服务'];

/**
 * Completion for the studio's YAML editor: step kinds and keys at the start of a line (or after `- `), action names
 * after `action:`, shopping stages after `stage:`.
 *
 * @example
 * autocompletion({ override: [flowCompletions(['coupon.issue', 'logistics.track'])] })
 */
export function flowCompletions(actions: string[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    let m = /\baction:\s*([\w.]*)$/.exec(before);
    if (m) return { from: ctx.pos - m[1]!.length, options: actions.map((a) => ({ label: a, type: 'function', detail: '动作' })) };
    m = /\bstage:\s*(\S*)$/.exec(before);
    if (m) return { from: ctx.pos - m[1]!.length, options: STAGES.map((s) => ({ label: s, type: 'enum', detail: '购物阶段' })) };
    m = /^(\s*)(-\s+)?([a-z_]*)$/.exec(before);
    if (!m || (!m[3] && !ctx.explicit)) return null;
    const keys = m[1] === '' && !m[2] ? TOP_LEVEL : [...STEP_KINDS, ...FIELDS];
    return {
      from: ctx.pos - m[3]!.length,
      options: keys.map(([key, detail]) => ({
        label: key,
        apply: `${key}: `,
        type: STEP_KINDS.some(([k]) => k === key) ? 'keyword' : 'property',
        detail,
      })),
    };
  };
}
