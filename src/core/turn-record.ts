import type { ConversationRef, InboundMessage, OutboundMessage } from './message';
import type { Recognition } from './recognizer';

/** One handled turn, as the durable conversation log records it. */
export interface TurnRecord {
  ref: ConversationRef;
  /** kefu user id of the shopper. */
  userId?: string;
  inbound: InboundMessage;
  replies: OutboundMessage[];
  recognition?: Recognition;
  activeFlow?: string;
  activeStep?: string;
  /** The flow whose trigger won this turn, if one started. */
  startedFlow?: string;
  /** The flow that was active before this turn (the one the shopper's message continued unless another started). */
  previousFlow?: string;
  /** Flows that ended on this turn (active before it or started in it, and gone from the stack after it). */
  endedFlows?: string[];
  /** The turn was not understood (a fallback reply). */
  misunderstood?: boolean;
  /** After this turn the bot waits for an answer: the asking flow's id, or `clarify` / `resume` (the engine's own questions). */
  awaiting?: string;
  slots?: Record<string, unknown>;
  mode: 'bot' | 'handoff';
  /** Set once the conversation was handed to a human; stays set. */
  escalated?: boolean;
  /** Why the conversation was handed to a human on this turn (set on the handoff turn only). */
  handoffReason?: string;
  /** Set when this turn gave a handed-over conversation back to the bot because nobody wrote for the idle time. */
  handoffExpired?: boolean;
  /** Set when the shopper's issue is done (e.g. a flow ended successfully). */
  resolved?: boolean;
  /**
   * The turn threw (its replies were not sent, its state not saved): the shopper's message is logged, and the
   * message may run again (its next record has `rerun`).
   */
  failed?: boolean;
  /**
   * An earlier run of this message did not finish (it threw, or its process died): the log keeps the message once
   * (an inbound already logged for this message id is not written again; the replies are).
   */
  rerun?: boolean;
  /** Time of the turn. @defaultValue now */
  at?: Date;
  /** When the turn's replies were ready (stamped by the bot as the turn is queued for the log; first response time). */
  repliedAt?: Date;
}
