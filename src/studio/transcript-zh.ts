/**
 * A transcript failure line of src/flows/transcript (`file:line:col: expected … but …`) in Chinese, for marketing
 * staff; a line of another shape is kept as it is.
 *
 * @example
 * transcriptFailureZh('flows/tests/a.test.yaml:5:9: expected a reply containing "再见" but the bot said: "您好"');
 * // 'flows/tests/a.test.yaml:5:9: 期望回复包含「再见」，但机器人说的是："您好"'
 */
export function transcriptFailureZh(line: string): string {
  const m = /^(\S+:\d+:\d+): (.*)$/s.exec(line);
  if (!m) return line;
  const [, where, what] = m;
  for (const [re, zh] of RULES) {
    const hit = re.exec(what!);
    if (hit) return `${where}: ${zh(hit.slice(1))}`;
  }
  return line;
}

const nothing = (s: string): string => (s === '(nothing)' ? '（什么也没说）' : s);
const idle = (s: string): string => s.replace('null (idle)', '无（空闲）').replace('(none)', '（无）');

function expectation(e: string): string {
  let m = /^a reply containing "(.*)"$/s.exec(e);
  if (m) return `包含「${m[1]}」的回复`;
  m = /^the reply "(.*)"$/s.exec(e);
  if (m) return `恰好是「${m[1]}」的回复`;
  m = /^a (coupon|product|order) card$/.exec(e);
  if (m) return { coupon: '优惠券卡片', product: '商品卡片', order: '订单卡片' }[m[1] as 'coupon' | 'product' | 'order'];
  m = /^quick replies \[(.*)\]$/s.exec(e);
  if (m) return `快捷按钮［${m[1]}］`;
  return e;
}

const RULES: [RegExp, (g: string[]) => string][] = [
  [/^expected the bot to say nothing but it said: (.*)$/s, ([said]) => `期望机器人不回复，但它说了：${nothing(said!)}`],
  [/^expected (.*) but the bot said: (.*)$/s, ([e, said]) => `期望${expectation(e!)}，但机器人说的是：${nothing(said!)}`],
  [/^expected active flow (.*) but it is (.*)$/s, ([e, got]) => `期望当前流程是 ${idle(e!)}，实际是 ${idle(got!)}`],
  [/^expected active step (.*) but it is (.*)$/s, ([e, got]) => `期望当前步骤是 ${e}，实际是 ${idle(got!)}`],
  [/^expected slot (\S+) = (.*) but it is (.*)$/s, ([k, e, got]) => `期望槽位 ${k} = ${e}，实际是 ${got}`],
  [
    /^expected handoff (true|false) but the conversation mode is (.*)$/s,
    ([e, mode]) => `期望${e === 'true' ? '已' : '未'}转人工，实际会话状态是 ${mode}`,
  ],
  [/^expected status (.*) but the turn shows (.*)$/s, ([e, got]) => `期望显示状态 ${e}，实际是 ${got === 'none' ? '无' : got}`],
  [
    /^cannot click "(.*)": the bot offered (.*)$/s,
    ([t, offered]) => `无法点击「${t}」：机器人给出的按钮是 ${offered === '(no buttons)' ? '（没有按钮）' : offered}`,
  ],
];
