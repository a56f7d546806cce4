import { afterInterruption } from './digression';
import { flowOf } from './frames';
import { startQueued } from './request-queue';
import type { Turn } from './turn';

/**
 * Pops the active frame. When the stack becomes empty, what waits comes next: a queued request of the same message
 * ("查下物流，顺便开个发票"), else the flow this one interrupted (see {@link afterInterruption}). Nothing comes
 * back once a handoff was requested this turn.
 */
export function popFrame(turn: Turn): void {
  const ended = turn.state.stack.pop();
  // After a handoff the human owns the conversation: nothing resumes.
  if (turn.handoff || turn.state.stack.length > 0) return;
  if (startQueued(turn)) return;
  afterInterruption(turn, ended && flowOf(turn, ended));
}
