import type { ConversationRef, InboundMessage, OutboundMessage } from '../core/message';
import type { UserProfile } from '../core/user';
import type { TurnOutput } from '../flows/engine-types';
import type { ConversationState } from '../core/conversation-state';
import type { Recognition } from '../core/recognizer';

/** Everything one turn accumulates on its way through the pipeline. */
export interface TurnContext {
  readonly message: InboundMessage;
  readonly ref: ConversationRef;
  /** conversationKey(ref) */
  readonly key: string;
  readonly startedAt: number;
  /** Text after sanitising (control characters stripped, length capped) and normalising (what is understood). */
  text?: string;
  /** The sanitised text as the shopper wrote it, when normalising changed it (the log keeps this one). */
  originalText?: string;
  user?: UserProfile;
  recognition?: Recognition;
  state?: ConversationState;
  output?: TurnOutput;
  /** Replies to send, in order. */
  replies: OutboundMessage[];
  /** Why the turn stopped early (duplicate, handoff, …). */
  stopped?: string;
  /** Stopped as a `duplicate` because another run holds the message right now (its claim is running, renewed). */
  runningElsewhere?: boolean;
  /** An earlier run of this message did not finish (it crashed or threw): replies it sent are not sent again. */
  rerun?: boolean;
  /** Set on a turn outreach started (a trigger's `start:`) instead of a shopper's message. */
  proactive?: { flowId: string; idempotencyKey: string; skipIfEnteredWithinMs?: number };
}

/** What {@link Bot.handle} returns: the turn's replies and where the conversation stands. */
export interface TurnResult {
  replies: OutboundMessage[];
  activeFlow?: string;
  activeStep?: string;
  state?: ConversationState;
  stopped?: string;
  /** The message was not run: another run holds it right now (see {@link TurnContext.runningElsewhere}). */
  runningElsewhere?: boolean;
  recognition?: Recognition;
  userId?: string;
}
