import type { ConversationState } from '../../core/conversation-state';
import { pushFlow } from './frames';
import { runActive } from './run-loop';
import type { Turn } from './turn';

/** A service session ends after this long without a turn (the unit of docs/kpis.md). */
export const RATING_SESSION_GAP_MS = 30 * 60_000;

/**
 * Call at the start of a turn, before `state.updatedAt` moves: after a gap of {@link RATING_SESSION_GAP_MS} a new
 * service session begins, in which the satisfaction question may be asked again.
 */
export function forgetRatingOfLastSession(state: ConversationState, now: number): void {
  if (state.ratingAskedAt !== undefined && now - state.updatedAt >= RATING_SESSION_GAP_MS) delete state.ratingAskedAt;
}

/**
 * After the turn's flows ran: when an `ask_rating` end step solved the shopper's request and nothing else is under way
 * (no flow active or brought back, no queued request, no "还要继续吗？" pending, no handoff), starts the satisfaction flow
 * (settings `surveys.flow`), so its question follows the answer. At most once per service session: any start of that
 * flow (e.g. the agent inbox's, after a handoff) counts as asked.
 */
export async function askRatingIfDue(turn: Turn): Promise<void> {
  const { state } = turn;
  const flowId = turn.bundle.settings.surveys.flow;
  if (turn.startedFlow === flowId) state.ratingAskedAt = turn.input.now;
  if (!turn.askRating || turn.handoff || state.ratingAskedAt !== undefined) return;
  if (state.stack.length > 0 || state.queue?.length || state.resumeOffer || state.clarifying) return;
  if (!turn.bundle.flows.has(flowId)) return;
  state.ratingAskedAt = turn.input.now;
  if (pushFlow(turn, flowId)) await runActive(turn);
}
