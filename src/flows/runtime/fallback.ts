import { matchChoice } from './choice-match';
import { activeFrame, sayText, type Turn } from './turn';
import { render } from './render';
import { startFlow } from './start';
import { intentScore } from './select-trigger';
import { buildContext } from './context';
import { testCondition } from '../conditions/compile';
import type { ConversationState } from '../../core/conversation-state';

type ClarifyOption = NonNullable<ConversationState['clarifying']>['options'][number];

/** The best flow with an `intent:` trigger for `intent` whose guard passes (ignoring thresholds). */
function flowForIntent(turn: Turn, intent: string): { flowId: string; title: string } | undefined {
  const ctx = buildContext(turn);
  for (const flow of [...turn.bundle.flows.values()].sort((a, b) => b.priority - a.priority)) {
    const ok = flow.triggers.some((t) => t.intent === intent && (!t.when || safe(t.when, ctx)));
    if (ok) return { flowId: flow.id, title: flow.title };
  }
  return undefined;
}

function safe(cond: string, ctx: Record<string, unknown>): boolean {
  try {
    return testCondition(cond, ctx);
  } catch {
    return false;
  }
}

/** Two close intents (both ≥ clarify_floor, within clarify_margin) mapping to two different flows. */
export function clarifyOptions(turn: Turn): ClarifyOption[] | undefined {
  const { clarify_floor, clarify_margin } = turn.bundle.settings;
  const rec = turn.input.recognition;
  const ranked = Object.keys(rec.intents)
    .map((name) => ({ name, score: intentScore(rec, name) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 2);
  if (ranked.length < 2 || ranked[1].score < clarify_floor || ranked[0].score - ranked[1].score > clarify_margin) return undefined;
  const options = ranked.map((r) => ({ intent: r.name, ...flowForIntent(turn, r.name) }));
  if (!options[0].flowId || !options[1].flowId || options[0].flowId === options[1].flowId) return undefined;
  return options as ClarifyOption[];
}

/** If the bot asked the shopper to choose, starts the chosen flow. Returns true when handled. */
export async function answerClarification(turn: Turn): Promise<boolean> {
  const options = turn.state.clarifying?.options;
  delete turn.state.clarifying;
  if (!options) return false;
  const title = matchChoice(turn.text, options.map((o) => o.title));
  const chosen = options.find((o) => o.title === title);
  if (!chosen) return false;
  await startFlow(turn, chosen.flowId);
  return true;
}

/** Hands off: starts settings.handoff_flow, or (if missing) hands off directly with a notice. */
export async function escalate(turn: Turn, reason: string): Promise<void> {
  const flowId = turn.bundle.settings.handoff_flow;
  turn.state.misunderstandings = 0;
  if (turn.bundle.flows.has(flowId)) {
    const said = turn.replies.length;
    await startFlow(turn, flowId);
    // The handoff flow decides: it handed over, or (no human reachable) it is taking a message or said why not.
    if (turn.handoff || activeFrame(turn) || turn.replies.length > said) return;
  }
  turn.handoff = { reason };
  turn.replies.push({ type: 'handoff', text: '正在为您转接人工客服，请稍等片刻～', reason });
}

/**
 * Nothing matched and no flow is active: ask to choose between two close intents, else say
 * "not understood"; after max_misunderstandings in a row, hand off.
 */
export async function fallback(turn: Turn): Promise<void> {
  const options = clarifyOptions(turn);
  if (options) {
    turn.state.clarifying = { options };
    const text = render(turn, undefined, turn.bundle.settings.texts.clarify);
    turn.replies.push({ type: 'quick_replies', text, replies: options.map((o) => ({ title: o.title })) });
    return;
  }
  turn.misunderstood = true;
  turn.state.misunderstandings += 1;
  if (turn.state.misunderstandings >= turn.bundle.settings.max_misunderstandings) {
    await escalate(turn, `连续 ${turn.state.misunderstandings} 次未能理解顾客`);
    return;
  }
  sayText(turn, render(turn, undefined, turn.bundle.settings.texts.not_understood));
}
