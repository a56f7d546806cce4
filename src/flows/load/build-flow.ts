import type { RawFlowFile, RawStep } from '../schema/flow-schema';
import type { AskStep, BranchCase, FlowDef, SourcePos, StepDef, TriggerDef } from '../types';
import type { YamlSource } from './yaml-source';
import { buildExperiment, buildSay, buildVariantsStep } from './build-experiment';

/**
 * Turns a structurally valid flow file into a {@link FlowDef} with positions.
 * Defaults: priority 0, interruptible true, step id `step-<n>`, ask `expect: text`, `max_attempts: 2`.
 */
export function buildFlow(raw: RawFlowFile, src: YamlSource): FlowDef {
  return {
    id: raw.flow,
    title: raw.title,
    description: raw.description,
    priority: raw.priority ?? 0,
    interruptible: raw.interruptible ?? true,
    digression: raw.digression ?? 'resume',
    small_talk: raw.small_talk ?? false,
    resumable: raw.resumable ?? true,
    related: raw.related ?? [],
    triggers: (raw.triggers ?? []).map((t, i) => ({ ...t, pos: src.posOf(['triggers', i]) }) as TriggerDef),
    steps: raw.steps.map((s, i) => buildStep(s, i, src)),
    // Each proactive entry keeps its own position, so trigger errors point at the entry, not the flow.
    proactive: raw.proactive?.map((p, i) => (p && typeof p === 'object' ? { ...p, pos: src.posOf(['proactive', i]) } : p)),
    predict: raw.predict?.map((p, i) => ({ ...p, pos: src.posOf(['predict', i]) })),
    ...(raw.experiment ? { experiment: buildExperiment(raw.experiment, src) } : {}),
    file: src.file,
    pos: src.posOf(['flow']),
  };
}

function buildStep(raw: RawStep, index: number, src: YamlSource): StepDef {
  const pos: SourcePos = src.posOf(['steps', index]);
  const base = { id: raw.id ?? `step-${index + 1}`, next: 'next' in raw ? raw.next : undefined, pos };
  if ('say' in raw) return buildSay(raw, base, src, index);
  if ('variants' in raw) return buildVariantsStep(raw, base, src, index);
  if ('ask' in raw) {
    const ask: AskStep = { ...base, kind: 'ask', ask: raw.ask, slot: raw.slot, expect: raw.expect ?? 'text', max_attempts: raw.max_attempts ?? 2 };
    return { ...ask, options: raw.options, options_from: raw.options_from, validate: raw.validate, retry: raw.retry, on_fail: raw.on_fail };
  }
  if ('branch' in raw) {
    const cases: BranchCase[] = raw.branch.map((c, j) => {
      const cpos = src.posOf(['steps', index, 'branch', j]);
      return 'else' in c ? { then: c.else, isElse: true, pos: cpos } : { if: c.if, then: c.then, isElse: false, pos: cpos };
    });
    return { ...base, kind: 'branch', branch: cases };
  }
  if ('action' in raw) return { ...base, kind: 'action', action: raw.action, args: raw.args ?? {}, as: raw.as, on_error: raw.on_error };
  if ('call' in raw) return { ...base, kind: 'call', call: raw.call };
  if ('goto' in raw) return { ...base, kind: 'goto', goto: raw.goto };
  return { ...base, kind: 'end', end: raw.end, ...(raw.ask_rating ? { ask_rating: true } : {}) };
}

/** The 0-based index of a step in its flow (for position look-ups). */
export function stepIndex(flow: FlowDef, stepId: string): number {
  return flow.steps.findIndex((s) => s.id === stepId);
}
