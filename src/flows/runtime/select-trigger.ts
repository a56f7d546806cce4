import { testCondition } from '../conditions/compile';
import type { Recognition } from '../../core/recognizer';
import type { FlowBundle, FlowDef, TriggerDef } from '../types';

/** A flow whose trigger matched this turn. */
export interface TriggerMatch {
  flow: FlowDef;
  trigger: TriggerDef;
  score: number;
  /** keyword/regex/event matches are "strong"; intent matches are strong when ≥ their threshold (always, here). */
  via: 'keywords' | 'regex' | 'intent' | 'event';
}

/** What a trigger is matched against. */
export interface TriggerQuery {
  text?: string;
  event?: string;
  recognition: Recognition;
  /** Context for `when` guards. */
  ctx: Record<string, unknown>;
}

const regexCache = new Map<string, RegExp>();
function regex(src: string): RegExp {
  let r = regexCache.get(src);
  if (!r) regexCache.set(src, (r = new RegExp(src, 'i')));
  return r;
}

/** Words that, right before a keyword, say the shopper does NOT want it: 不用转人工, 不要发票, 别退货. */
const NEGATION_BEFORE = /(不用|不要|不需要|无需|别|先不|不想|没让你)(再|帮我|给我)?$/u;

/** Whether `keyword` occurs in `text` other than right after a negation ("不用转人工" does not ask for a human). */
function keywordIn(text: string, keyword: string): boolean {
  for (let i = text.indexOf(keyword); i >= 0; i = text.indexOf(keyword, i + 1)) {
    const before = text.slice(Math.max(0, i - 6), i);
    if (!NEGATION_BEFORE.test(before) || A_NOT_A.test(before)) return true;
  }
  return false;
}

/** A-not-A questions are no refusal: 用不用转人工 / 要不要发票 / 需不需要开票. */
const A_NOT_A = /(.)不\1(再|帮我|给我)?$|需不需要$/u;

/** The score of an intent in a recognition (its score, or the top score when it is the top). */
export function intentScore(rec: Recognition, intent: string): number {
  return rec.intents[intent] ?? (rec.top.name === intent ? rec.top.score : 0);
}

function matchOne(t: TriggerDef, q: TriggerQuery, bundle: FlowBundle): Omit<TriggerMatch, 'flow' | 'trigger'> | undefined {
  if (q.event !== undefined) return t.event === q.event ? { score: 1, via: 'event' } : undefined;
  const text = (q.text ?? '').toLowerCase();
  if (t.keywords && text && t.keywords.some((k) => keywordIn(text, k.toLowerCase()))) return { score: 1, via: 'keywords' };
  if (t.regex && text && regex(t.regex).test(q.text ?? '')) return { score: 1, via: 'regex' };
  if (t.intent) {
    const score = intentScore(q.recognition, t.intent);
    if (score > 0 && score >= (t.threshold ?? bundle.settings.default_threshold)) return { score, via: 'intent' };
  }
  return undefined;
}

/**
 * All matching flows, best first: highest score, then priority, then file order.
 * Events match only `event:` triggers; text matches keywords, regex and intents.
 */
export function matchTriggers(bundle: FlowBundle, q: TriggerQuery, exclude?: string): TriggerMatch[] {
  const out: (TriggerMatch & { order: number })[] = [];
  let order = 0;
  for (const flow of bundle.flows.values()) {
    order++;
    if (flow.id === exclude) continue;
    let best: TriggerMatch | undefined;
    for (const t of flow.triggers) {
      const m = matchOne(t, q, bundle);
      if (!m || (best && best.score >= m.score)) continue;
      if (t.when && !safeTest(t.when, q.ctx)) continue;
      best = { flow, trigger: t, ...m };
    }
    if (best) out.push({ ...best, order });
  }
  out.sort((a, b) => b.score - a.score || b.flow.priority - a.flow.priority || a.order - b.order);
  return out;
}

/** The winning flow of a turn, if any. */
export function selectFlow(bundle: FlowBundle, q: TriggerQuery, exclude?: string): TriggerMatch | undefined {
  return matchTriggers(bundle, q, exclude)[0];
}

function safeTest(cond: string, ctx: Record<string, unknown>): boolean {
  try {
    return testCondition(cond, ctx);
  } catch {
    return false;
  }
}
