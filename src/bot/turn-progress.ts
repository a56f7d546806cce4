import type { ConversationState } from '../core/conversation-state';
import type { TurnRecord } from '../core/turn-record';
import type { TurnOutput } from '../flows/engine-types';

/** What a turn did to the flows, for the conversation-quality labels (docs/kpis.md). */
export type TurnProgress = Pick<TurnRecord, 'previousFlow' | 'endedFlows' | 'misunderstood' | 'awaiting'>;

/** The flow ids on the stack and suspended, read before the turn (the engine may change the state in place). */
export function flowsBefore(state: ConversationState | undefined): { active?: string; all: string[] } {
  if (!state) return { all: [] };
  const active = state.stack.at(-1)?.flowId;
  const all = [...state.stack, ...state.suspended].map((f) => f.flowId);
  return active === undefined ? { all } : { active, all };
}

/**
 * Compares the flows before and after a turn: which flow the message continued, which flows ended, whether the
 * engine did not understand, and what the bot now waits for.
 *
 * @example
 * turnProgress({ active: 'returns', all: ['returns'] }, stateAfter, output);
 * // { previousFlow: 'returns', endedFlows: ['returns'] }
 */
export function turnProgress(
  before: { active?: string; all: string[] },
  after: ConversationState | undefined,
  output: TurnOutput | undefined,
): TurnProgress {
  const progress: TurnProgress = {};
  if (before.active !== undefined) progress.previousFlow = before.active;
  if (!after || !output) return progress;
  const still = new Set([...after.stack, ...after.suspended].map((f) => f.flowId));
  const ended = [...new Set([...before.all, ...(output.startedFlow ? [output.startedFlow] : [])])].filter((id) => !still.has(id));
  if (ended.length > 0) progress.endedFlows = ended;
  if (output.misunderstood) progress.misunderstood = true;
  const top = after.stack.at(-1);
  const awaiting = after.clarifying ? 'clarify' : after.resumeOffer ? 'resume' : top?.awaiting ? top.flowId : undefined;
  if (awaiting !== undefined) progress.awaiting = awaiting;
  return progress;
}
