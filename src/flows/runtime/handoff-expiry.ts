import type { ConversationState } from '../../core/conversation-state';
import type { TurnInput } from '../engine-types';
import type { FlowSettings } from '../types';

/**
 * Called first in every turn: a conversation handed to a human that nobody has written in for the flows'
 * `handoff_idle_minutes` goes back to the bot (the shopper is not left waiting for a human who never comes).
 * Otherwise a shopper's message in a handed-over conversation counts as activity (`updatedAt`), so the bot
 * does not cut into a live conversation with an operator. Events and proactive starts count for nothing.
 *
 * Returns true when the conversation went back to the bot on this message (the turn then says
 * `texts.handoff_expired` and answers the message).
 *
 * @example
 * if (resumeIdleHandoff(state, input, bundle.settings)) state.mode; // 'bot'
 */
export function resumeIdleHandoff(state: ConversationState, input: TurnInput, settings: FlowSettings): boolean {
  if (state.mode !== 'handoff' || input.start !== undefined || input.message.kind === 'event') return false;
  const idleMs = settings.handoff_idle_minutes * 60_000;
  const lastActivity = Math.max(state.handoffAt ?? 0, state.updatedAt);
  if (idleMs > 0 && input.now - lastActivity >= idleMs) {
    state.mode = 'bot';
    delete state.handoffAt;
    return true;
  }
  state.updatedAt = input.now;
  return false;
}
