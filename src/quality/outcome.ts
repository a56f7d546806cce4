/**
 * The outcome of a finished service session (一次咨询) and the neutral transcript the labeller reads
 * (docs/kpis.md, "Conversation quality"). Built from stored turns (src/quality/trace.ts) or from hand-labelled
 * transcripts (bench/quality.ts); nothing here knows the database or a channel.
 */

/** resolved 已解决 · escalated 转人工 · abandoned 放弃 · unresolved 未解决. */
export type Outcome = 'resolved' | 'escalated' | 'abandoned' | 'unresolved';

/** Every outcome, in report order. */
export const OUTCOMES: readonly Outcome[] = ['resolved', 'escalated', 'abandoned', 'unresolved'];

/** What the shopper's words say about the bot's answers (src/quality/shopper-cues.ts). */
export type ShopperCue = 'negative' | 'correction' | 'thanks' | 'ack';

/** One event of a session, oldest first. */
export type QualityEvent =
  | {
      kind: 'shopper';
      /** The shopper's words; read for cues when `cues` is absent. */
      text?: string;
      /** Cues already read from the words (the stored trace keeps cues, not words). */
      cues?: ShopperCue[];
      /** The lexicon words found (kept as signals, e.g. `算了`). */
      words?: string[];
    }
  | {
      kind: 'bot';
      intent?: string;
      score?: number;
      /** The flow that handled the shopper's message. */
      flow?: string;
      /** That flow reached its end on this turn. */
      flowDone?: boolean;
      /** The bot now waits for an answer (an ask step, a clarification). */
      asks?: boolean;
      /** The flow (or `clarify` / `resume`) that waits for the answer, when not `flow`. */
      askFlow?: string;
      /** The bot did not understand (a fallback reply). */
      fallback?: boolean;
      /** The reply, or a fingerprint of it: two equal values mean the bot said the same thing again. */
      reply?: string;
    }
  | { kind: 'handoff'; reason?: string }
  | { kind: 'operator' }
  | { kind: 'ticket'; id?: string }
  | { kind: 'rating'; score: number }
  | { kind: 'order' };

/** A session's outcome and the signals that decided it (e.g. `["flow_done:logistics", "thanks"]`). */
export interface LabelledOutcome {
  outcome: Outcome;
  signals: string[];
}
