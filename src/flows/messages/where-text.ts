import type { Where, WhereSeg } from './catalogue';

/** A parsed value path (keys and 0-based list indexes), as in YamlSource. */
type ValuePath = ReadonlyArray<string | number>;

/**
 * The place `path` points at in `raw`, with the step ids of `steps[i]` filled in.
 *
 * @example
 * whereOf({ steps: [{ id: 'hi' }] }, ['steps', 0, 'next']); // ['steps', { index: 0, id: 'hi' }, 'next']
 */
export function whereOf(raw: unknown, path: ValuePath): Where {
  let value = raw;
  return path.map((seg, i): WhereSeg => {
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[seg] : undefined;
    if (typeof seg === 'string') return seg;
    const id = (value as { id?: unknown } | undefined)?.id;
    return path[i - 1] === 'steps' && typeof id === 'string' ? { index: seg, id } : { index: seg };
  });
}

/**
 * English: `steps[2] 'ask_size'.expect`, or `the file` for the top level.
 *
 * @example
 * whereEn(['steps', { index: 1, id: 'ask' }, 'expect']); // "steps[2] 'ask'.expect"
 */
export function whereEn(where: Where): string {
  if (where.length === 0) return 'the file';
  let out = '';
  for (const seg of where) {
    if (typeof seg === 'string') out += (out ? '.' : '') + seg;
    else out += `[${seg.index + 1}]${seg.id ? ` '${seg.id}'` : ''}`;
  }
  return out;
}

/** Chinese names of the lists a marketing author meets most. */
const LIST_NAMES_ZH: Record<string, string> = {
  steps: '步骤',
  triggers: '触发条件',
  branch: '分支',
  proactive: '主动触达',
  predict: '预判规则',
  variants: '变体',
  intents: '意图',
  turns: '对话轮',
};

/**
 * Chinese: `第 2 个步骤（ask_size）的 expect`, or `文件最外层` for the top level.
 *
 * @example
 * whereZh(['steps', { index: 1, id: 'ask' }, 'expect']); // '第 2 个步骤（ask）的 expect'
 */
export function whereZh(where: Where): string {
  if (where.length === 0) return '文件最外层';
  const parts: string[] = [];
  where.forEach((seg, i) => {
    const nextIsIndex = typeof where[i + 1] === 'object';
    if (typeof seg === 'string') {
      if (!nextIsIndex) parts.push(seg);
      return;
    }
    const list = where[i - 1];
    const name = typeof list === 'string' ? LIST_NAMES_ZH[list] : undefined;
    const item = name ? `第 ${seg.index + 1} 个${name}` : `${String(list)} 的第 ${seg.index + 1} 项`;
    parts.push(`${item}${seg.id ? `（${seg.id}）` : ''}`);
  });
  return parts.reduce((out, part) => `${out}${/[\w)]$/.test(out) ? ' ' : ''}的${/^\w/.test(part) ? ' ' : ''}${part}`);
}
