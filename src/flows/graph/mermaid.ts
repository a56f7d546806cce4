import { END_OF_FLOW, followingStep } from '../runtime/frames';
import type { FlowDef, StepDef } from '../types';

const MAX_LABEL = 18;

function short(text: string): string {
  const t = text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, '‹$1›').replace(/\s+/g, ' ').trim();
  return t.length > MAX_LABEL ? `${t.slice(0, MAX_LABEL)}…` : t;
}

/** Mermaid-safe text inside quotes. */
function esc(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
}

/** A short Chinese label for a step node. */
export function stepLabel(step: StepDef): string {
  switch (step.kind) {
    case 'say':
      return `说${step.variants ? `（${step.variants.map((v) => v.id).join('/')}）` : ''}：${short(Array.isArray(step.say) ? step.say[0] : step.say)}`;
    case 'ask':
      return `问：${short(step.ask)}（${step.slot}）`;
    case 'branch':
      return `判断：${step.id}`;
    case 'action':
      return `执行：${step.action}`;
    case 'call':
      return `调用：${step.call}`;
    case 'goto':
      return `转到：${step.goto}`;
    case 'end':
      return typeof step.end === 'string' ? `结束：${short(step.end)}` : '结束';
    case 'variants':
      return `分流：${step.id}`;
  }
}

const nodeId = (id: string): string => `s_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;
const flowNode = (id: string): string => `f_${id.replace(/[^A-Za-z0-9_]/g, '_')}`;

/**
 * A Mermaid flowchart of one flow: steps as nodes, branch conditions as edge labels,
 * calls/gotos as links to other flows' nodes. `wholeLabels` keeps branch conditions whole (the studio's graph) instead
 * of cutting them at 18 characters.
 *
 * @example
 * console.log(flowToMermaid(bundle.flows.get('new_customer')!));
 */
export function flowToMermaid(flow: FlowDef, options: { wholeLabels?: boolean } = {}): string {
  const condition = (text: string): string => (options.wholeLabels ? text.replace(/\s+/g, ' ').trim() : short(text));
  const lines = ['flowchart TD', `  start(["${esc(flow.title)}"])`];
  const edge = (from: string, to: string, label?: string): void => {
    lines.push(label ? `  ${from} -->|"${esc(label)}"| ${to}` : `  ${from} --> ${to}`);
  };
  const shape = (s: StepDef): string => (s.kind === 'branch' || s.kind === 'variants' ? `{"${esc(stepLabel(s))}"}` : s.kind === 'end' ? `(["${esc(stepLabel(s))}"])` : `["${esc(stepLabel(s))}"]`);
  const others = new Set<string>();
  flow.steps.forEach((s) => lines.push(`  ${nodeId(s.id)}${shape(s)}`));
  edge('start', nodeId(flow.steps[0].id));
  const link = (from: StepDef, to: string, label?: string): void => edge(nodeId(from.id), to === END_OF_FLOW ? 'done' : nodeId(to), label);
  let usesDone = false;
  for (const s of flow.steps) {
    const next = followingStep(flow, s);
    if (s.kind === 'branch') s.branch.forEach((c) => link(s, c.then, c.isElse ? '否则' : condition(c.if ?? '')));
    else if (s.kind === 'variants') s.variants.forEach((v) => link(s, v.next, `变体 ${v.id}（${v.weight}）`));
    else if (s.kind === 'goto') {
      others.add(s.goto);
      edge(nodeId(s.id), flowNode(s.goto), '转到');
    } else if (s.kind !== 'end') {
      if (s.kind === 'call') {
        others.add(s.call);
        lines.push(`  ${nodeId(s.id)} -.->|"调用"| ${flowNode(s.call)}`);
      }
      if (s.kind === 'ask' && s.on_fail) link(s, s.on_fail, '多次未答');
      if (s.kind === 'action' && s.on_error) link(s, s.on_error, '失败');
      link(s, next);
      usesDone ||= next === END_OF_FLOW;
    }
  }
  if (usesDone) lines.push('  done(["结束"])');
  for (const id of others) lines.push(`  ${flowNode(id)}[["流程：${esc(id)}"]]`);
  return lines.join('\n');
}
