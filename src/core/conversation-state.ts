/**
 * What the core keeps about one conversation between turns: the flow stack the engine works on, the mode
 * (bot or a human operator) and counters. The flow engine (src/flows) reads and writes it; the state store
 * keeps it; the core itself never interprets flow ids or steps.
 */

/** A flow in progress: where it is and what it has collected. */
export interface FlowFrame {
  flowId: string;
  stepId: string;
  slots: Record<string, unknown>;
  vars: Record<string, unknown>;
  /** Set while waiting for the answer to an `ask` step. */
  awaiting?: { slot: string; attempts: number };
  /**
   * true when this frame was pushed by a `call` step (the frame beneath it is its caller).
   * Used to suspend and resume a whole call chain together on interruption.
   */
  called?: boolean;
  /** Turn number and time at which an interruption suspended this frame. */
  suspendedTurn?: number;
  suspendedAt?: number;
  /** Set once the frame was brought back after an interruption: it is never brought back twice. */
  resumed?: boolean;
  /** The id of the outreach turn (`outreach:<key>`) that started this frame proactively, if one did. */
  startedBy?: string;
}

/** The product a conversation is about: the last one shown (a card) or named; "那它有黑色吗" refers to it. */
export interface FocusedProduct {
  id: string;
  title: string;
  /** When it came into focus (ms). */
  at: number;
}

/** A request of a multi-request message waiting its turn ("查下物流，顺便开个发票" → invoice waits). */
export interface QueuedRequest {
  flowId: string;
  /** The part of the message that asked for it. */
  text: string;
}

/** Everything about one conversation that must survive between turns (stored in Redis as JSON). */
export interface ConversationState {
  /** Stack of flows; the last is active. `call` pushes, end pops. */
  stack: FlowFrame[];
  /** Flows interrupted by another flow's trigger, most recent last; resumed when the interrupting flow ends. */
  suspended: FlowFrame[];
  /** `handoff`: a human operator owns the conversation and the bot stays silent until released. */
  mode: 'bot' | 'handoff';
  /**
   * When the conversation was handed to a human (ms), while `mode` is `handoff`. The bot takes over again when
   * nobody has written for the flows' `handoff_idle_minutes` since the later of this and `updatedAt`.
   */
  handoffAt?: number;
  /** Misunderstood turns in a row. */
  misunderstandings: number;
  /** Set when the bot asked the shopper to choose between intents. */
  clarifying?: { options: { intent: string; flowId: string; title: string }[] };
  /** The product in focus, if any. */
  focus?: FocusedProduct;
  /** Requests of one message still to be handled, in the order the shopper wrote them. */
  queue?: QueuedRequest[];
  /** The bot asked whether to go back to an interrupted flow ("刚才的尺码问题还要继续吗？") and waits for the answer. */
  resumeOffer?: { frames: FlowFrame[]; title: string; at: number };
  /** When the bot last asked for a satisfaction rating (ms); forgotten when a new service session starts. */
  ratingAskedAt?: number;
  /**
   * When the conversation last entered each flow (ms), kept for a day: a predicted proactive start of a flow the
   * shopper was just in is not started again (see `TurnInput.skipIfEnteredWithinMs`).
   */
  entered?: Record<string, number>;
  /** Turns handled so far. */
  turn: number;
  updatedAt: number;
}

/** A fresh conversation state. */
export function emptyConversationState(now = Date.now()): ConversationState {
  return { stack: [], suspended: [], mode: 'bot', misunderstandings: 0, turn: 0, updatedAt: now };
}
