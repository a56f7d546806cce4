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
}

/** Everything about one conversation that must survive between turns (stored in Redis as JSON). */
export interface ConversationState {
  /** Stack of flows; the last is active. `call` pushes, end pops. */
  stack: FlowFrame[];
  /** Flows interrupted by another flow's trigger, most recent last; resumed when the interrupting flow ends. */
  suspended: FlowFrame[];
  /** `handoff`: a human operator owns the conversation and the bot stays silent until released. */
  mode: 'bot' | 'handoff';
  /** Misunderstood turns in a row. */
  misunderstandings: number;
  /** Set when the bot asked the shopper to choose between intents. */
  clarifying?: { options: { intent: string; flowId: string; title: string }[] };
  /** Turns handled so far. */
  turn: number;
  updatedAt: number;
}

/** A fresh conversation state. */
export function emptyConversationState(now = Date.now()): ConversationState {
  return { stack: [], suspended: [], mode: 'bot', misunderstandings: 0, turn: 0, updatedAt: now };
}
