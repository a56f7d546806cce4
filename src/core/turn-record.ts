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
  slots?: Record<string, unknown>;
  mode: 'bot' | 'handoff';
  /** Set once the conversation was handed to a human; stays set. */
  escalated?: boolean;
  /** Set when the shopper's issue is done (e.g. a flow ended successfully). */
  resolved?: boolean;
  /** Time of the turn. @defaultValue now */
  at?: Date;
  /** When the turn's replies were ready (stamped by the bot as the turn is queued for the log; first response time). */
  repliedAt?: Date;
}
