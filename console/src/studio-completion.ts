import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
// The one source of truth: the JSON Schema generated from the zod schema that validates flow files
// (src/flows/schema, written by `kefu flows schema -o flows/flow.schema.json`).
import flowSchema from '../../flows/flow.schema.json';

/** The part of a JSON Schema node the completion reads. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  anyOf?: SchemaNode[];
  required?: string[];
  enum?: unknown[];
  description?: string;
}

/** Chinese words for the keys of flow files, shown next to each suggestion (the schema's English text otherwise). */
export const KEY_DETAILS_ZH: Readonly<Record<string, string>> = {
  // top level
  flow: '流程编号',
  title: '名称',
  description: '说明',
  stage: '购物阶段',
  priority: '优先级',
  interruptible: '可否被打断',
  digression: '结束后是否回到被打断的流程',
  small_talk: '寒暄类（同一句里有正事时让路）',
  resumable: '被打断后能否回来继续',
  related: '相关流程（插问答完后直接接着问）',
  triggers: '触发方式',
  steps: '步骤',
  proactive: '主动触达',
  experiment: 'A/B 实验设置',
  predict: '意图预判规则',
  // step kinds
  say: '说一句话',
  ask: '提问并记下答案',
  branch: '按条件分支',
  action: '执行动作（发券、查物流…）',
  call: '调用另一个流程',
  goto: '转到另一个流程',
  end: '结束流程',
  variants: '变体（A/B 分流或不同说法）',
  // step fields
  id: '编号',
  next: '下一步',
  slot: '答案存入的槽位',
  expect: '期望的答案类型',
  options: '可选答案',
  options_from: '可选答案的数据来源（动作给的按钮）',
  quick_replies: '快捷按钮',
  card: '卡片',
  type: '类型',
  from: '数据来源',
  args: '动作参数',
  as: '结果存为 vars.…',
  on_error: '动作失败时',
  on_fail: '多次未答时',
  retry: '没听懂时再问',
  validate: '校验条件',
  max_attempts: '最多问几次',
  if: '条件',
  then: '条件成立时去',
  else: '否则去',
  ask_rating: '结束后请顾客评价',
  // triggers
  when: '条件',
  intent: '意图',
  keywords: '关键词',
  regex: '正则',
  event: '事件',
  threshold: '置信度阈值',
  // variants and experiment
  weight: '权重（分流比例）',
  text: '这个变体说的话',
  status: '状态（running 进行中 / stopped 已停止）',
  metric: '主要指标（conversion / csat / resolution）',
  start: '开始日期 / 要启动的流程',
  window_days: '看到变体后几天内的结果算数',
  winner: '胜出的变体',
  // predict rules
  unless: '不启动的条件',
  after: '等多久再判断一次',
  cooldown: '同一位顾客多久最多一次',
  per: '冷却按哪个值分开算',
  holdout: '对照组比例（0～1）',
  kind: '类型（marketing 营销 / service 服务）',
};

/** Everything the completion offers, read from flow.schema.json. */
export interface FlowCompletionKeys {
  /** Keys of the top-level object of a flow file. */
  topLevel: string[];
  /** Step kinds: the key each branch of the step union requires first (say, ask, …, variants). */
  stepKinds: string[];
  /** Every key of the nested objects (steps, triggers, variants, experiment, predict rules …), kinds excluded. */
  fields: string[];
  /** Allowed values of keys with a fixed list (stage, expect, metric, status, kind …). */
  values: Record<string, string[]>;
  /** The schema's description of each key (used when there are no Chinese words for it). */
  descriptions: Record<string, string>;
}

function children(node: SchemaNode): SchemaNode[] {
  const items = node.items === undefined ? [] : Array.isArray(node.items) ? node.items : [node.items];
  return [...Object.values(node.properties ?? {}), ...items, ...(node.anyOf ?? [])];
}

/**
 * The keys, step kinds and enum values of flow files, walked from a JSON Schema (default: flows/flow.schema.json).
 *
 * @example
 * completionKeys().stepKinds; // ['say', 'ask', 'branch', 'action', 'call', 'goto', 'end', 'variants']
 */
export function completionKeys(schema: SchemaNode = flowSchema as unknown as SchemaNode): FlowCompletionKeys {
  const stepBranches = (schema.properties?.steps?.items as SchemaNode | undefined)?.anyOf ?? [];
  const stepKinds = stepBranches.flatMap((b) => (b.required?.[0] ? [b.required[0]] : []));
  const fields = new Set<string>();
  const values: Record<string, string[]> = {};
  const descriptions: Record<string, string> = {};
  const visit = (node: SchemaNode, nested: boolean): void => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (nested && !stepKinds.includes(key)) fields.add(key);
      if (child.description && !descriptions[key]) descriptions[key] = child.description;
      const allowed = [child, ...(child.anyOf ?? [])].flatMap((c) => (c.enum ?? []).map(String));
      if (allowed.length > 0) values[key] = [...new Set([...(values[key] ?? []), ...allowed])];
    }
    for (const child of children(node)) visit(child, true);
  };
  visit(schema, false);
  return { topLevel: Object.keys(schema.properties ?? {}), stepKinds, fields: [...fields], values, descriptions };
}

const KEYS = completionKeys();
const detailOf = (key: string): string => KEY_DETAILS_ZH[key] ?? KEYS.descriptions[key] ?? '';

/**
 * Completion for the studio's YAML editor, from flow.schema.json: top-level keys at the start of a line, step kinds
 * and nested keys when indented (or after `- `), action names after `action:`, the allowed values after keys that
 * have a fixed list (`stage:`, `expect:`, `metric:`, `status:`, `kind:` …).
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
    m = /(?:^|[\s{,-])([a-z_]+):\s*(\S*)$/.exec(before);
    const allowed = m ? KEYS.values[m[1]!] : undefined;
    if (m && allowed)
      return { from: ctx.pos - m[2]!.length, options: allowed.map((v) => ({ label: v, type: 'enum', detail: detailOf(m![1]!) })) };
    m = /^(\s*)(-\s+)?([a-z_]*)$/.exec(before);
    if (!m || (!m[3] && !ctx.explicit)) return null;
    const keys = m[1] === '' && !m[2] ? KEYS.topLevel : [...KEYS.stepKinds, ...KEYS.fields];
    return {
      from: ctx.pos - m[3]!.length,
      options: keys.map((key) => ({
        label: key,
        apply: `${key}: `,
        type: KEYS.stepKinds.includes(key) ? 'keyword' : 'property',
        detail: detailOf(key),
      })),
    };
  };
}
