import { parse } from 'yaml';
import type { FlowBundle } from '../flows/types';
import type { FlowFiles } from './flow-set';

/** The shopping stages the studio groups flows by. */
export const STAGES = ['售前', '下单', '售后', '营销', '服务'] as const;
export type Stage = (typeof STAGES)[number];

/** The stage of the shipped flows that have no `stage:` line. */
export const DEFAULT_STAGES: Record<string, Stage> = {
  welcome: '售前',
  new_customer: '售前',
  browse_help: '售前',
  product_inquiry: '售前',
  size_guide: '售前',
  recommendation: '售前',
  order_guidance: '下单',
  payment_help: '下单',
  payment_nudge: '下单',
  order_change: '下单',
  logistics: '售后',
  returns: '售后',
  after_delivery: '售后',
  invoice: '售后',
  complaint: '售后',
  coupon: '营销',
  repurchase: '营销',
  unsubscribe: '营销',
  human_handoff: '服务',
  leave_message: '服务',
  satisfaction: '服务',
  satisfaction_feedback: '服务',
  thanks: '服务',
  bot_identity: '服务',
};

/** One flow as the studio lists it. */
export interface StudioFlow {
  id: string;
  title: string;
  /** Its file in the flow set, e.g. `coupon.yaml`. */
  file: string;
  stage: Stage | null;
}

/** Flows of one stage; `stage: null` holds the flows of no stage (未分组). */
export interface StageGroup {
  stage: Stage | null;
  flows: StudioFlow[];
}

/**
 * The flows of a flow set by shopping stage: a flow file's `stage:` line, else {@link DEFAULT_STAGES}, else
 * ungrouped. Reads the files themselves, so a draft with errors is still listed (the bundle, when there is one, only
 * gives titles).
 *
 * @example
 * flowsByStage(version.files); // [{ stage: '售前', flows: [{ id: 'welcome', title: '进店欢迎', file: 'welcome.yaml', stage: '售前' }] }, …]
 */
export function flowsByStage(files: FlowFiles, bundle?: FlowBundle): StageGroup[] {
  const flows: StudioFlow[] = [];
  for (const [file, text] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    if (file.includes('/') || file === 'intents.yaml' || file === 'settings.yaml') continue;
    let raw: { flow?: unknown; title?: unknown; stage?: unknown } | undefined;
    try {
      raw = parse(text) as typeof raw;
    } catch {
      raw = undefined;
    }
    const id = typeof raw?.flow === 'string' ? raw.flow : file.replace(/\.ya?ml$/, '');
    const title = bundle?.flows.get(id)?.title ?? (typeof raw?.title === 'string' ? raw.title : id);
    const stage = STAGES.find((s) => s === raw?.stage) ?? DEFAULT_STAGES[id] ?? null;
    flows.push({ id, title, file, stage });
  }
  const groups: StageGroup[] = STAGES.map((stage) => ({ stage, flows: flows.filter((f) => f.stage === stage) }));
  groups.push({ stage: null, flows: flows.filter((f) => f.stage === null) });
  return groups.filter((g) => g.flows.length > 0);
}
