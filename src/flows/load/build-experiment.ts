import type { RawExperiment, RawNextVariant, RawSayVariant } from '../schema/experiment-schema';
import type { ExperimentDef, SayStep, SourcePos, VariantsStep } from '../types';
import type { YamlSource } from './yaml-source';

type Base = { id: string; next?: string; pos: SourcePos };
type RawSay = { say: string | string[] | { variants: RawSayVariant[] }; quick_replies?: string[]; card?: SayStep['card'] };

/** Days after exposure that count when the experiment block gives none. */
export const DEFAULT_WINDOW_DAYS = 7;

/** The `experiment:` block with defaults (status running, 7-day window) and its position. */
export function buildExperiment(raw: RawExperiment, src: YamlSource): ExperimentDef {
  const start = raw.start instanceof Date ? raw.start.toISOString().slice(0, 10) : raw.start;
  return {
    id: raw.id,
    title: raw.title,
    status: raw.status ?? 'running',
    metric: raw.metric,
    start,
    windowDays: raw.window_days ?? DEFAULT_WINDOW_DAYS,
    ...(raw.winner !== undefined ? { winner: String(raw.winner) } : {}),
    pos: src.posOf(['experiment']),
  };
}

/** A `say` step; `say: { variants }` keeps the first (control) variant's text as `say` for readers of one text. */
export function buildSay(raw: RawSay, base: Base, src: YamlSource, index: number): SayStep {
  const step: SayStep = { ...base, kind: 'say', say: '', quick_replies: raw.quick_replies, card: raw.card };
  if (typeof raw.say === 'string' || Array.isArray(raw.say)) return { ...step, say: raw.say };
  const variants = raw.say.variants.map((v, j) => ({
    id: String(v.id),
    weight: v.weight,
    say: v.text,
    ...(v.quick_replies ? { quick_replies: v.quick_replies } : {}),
    pos: src.posOf(['steps', index, 'say', 'variants', j]),
  }));
  return { ...step, say: variants[0]!.say, variants };
}

/** A `variants:` step: one next step per variant. */
export function buildVariantsStep(raw: { variants: RawNextVariant[] }, base: Base, src: YamlSource, index: number): VariantsStep {
  const variants = raw.variants.map((v, j) => ({ id: String(v.id), weight: v.weight, next: v.next, pos: src.posOf(['steps', index, 'variants', j]) }));
  return { id: base.id, pos: base.pos, kind: 'variants', variants };
}
