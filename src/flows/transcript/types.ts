import type { OutboundMessage } from '../../core/message';
import type { SourcePos } from '../types';
import type { ConversationState } from '../../core/conversation-state';
import type { ServiceState } from '../../core/service-status';

/**
 * A transcript test: a scripted chat next to the flows (flows/tests/*.test.yaml) that a
 * marketing staffer can write without TypeScript.
 *
 * ```yaml
 * name: 新客进店领券
 * user: { id: t-new-1, new: true, tags: [] }     # optional profile (attributes: {...} too)
 * user: { id: t-old-1, orders: 2, days_since_last_order: 40, delivered: true }   # a shopper with paid orders
 * channel: web                                    # optional door of the conversation (default: test)
 * now: '2025-11-20T23:30:00+08:00'                # optional clock (ISO with offset; default: the real time)
 * turns:
 *   - event: visit                                  # or: user: 你好   or: click: 服饰 (a quick reply)
 *     intents: { greeting: 0.9 }                    # optional: simulated intent scores for this turn
 *     bot:                                          # expected replies, in order (others may come between)
 *       - 欢迎                                       # a reply whose text CONTAINS this
 *       - exact: 新人券已放入您的账户                  # a reply whose text is exactly this
 *       - card: coupon                              # a coupon|product|order card
 *       - quick_replies: [服饰, 美妆]                 # a quick-reply message offering these buttons
 *       - not: 接着刚才                               # NO reply of this turn contains this (anywhere in the list)
 *                                                   # `bot: []` = the bot must say NOTHING this turn
 *     flow: new_customer                            # optional: active flow after the turn (null = idle)
 *     step: ask_category                            # optional: active step
 *     slots: { category: 服饰 }                      # optional: subset of the active frame's slots
 *     handoff: true                                 # optional: the conversation is (true) / is not (false) with a human
 *     status: ticket                                # optional: the status the turn shows (web widget header)
 *     now: '2025-11-20T23:45:00+08:00'              # optional: the clock from this turn on
 * ```
 */
export interface TranscriptTest {
  name: string;
  user: TranscriptUser;
  turns: TranscriptTurn[];
  /** The door the conversation is on (`channel:`); the driver's default when absent. */
  channel?: string;
  /** The clock at the first turn (`now:`, ms); the driver's own clock when absent. */
  now?: number;
  file: string;
  pos: SourcePos;
}

/** The shopper profile of a transcript. */
export interface TranscriptUser {
  id: string;
  isNew: boolean;
  tags: string[];
  attributes: Record<string, string | number | boolean>;
  /** Paid orders (`orders:`), days since the last one and whether one was delivered; `new` defaults to false with orders. */
  orders?: { count: number; daysSinceLast: number; delivered: boolean };
}

/** What the shopper does in one turn. */
export type TranscriptInput = { kind: 'event'; event: string } | { kind: 'text'; text: string } | { kind: 'click'; title: string; payload?: string };

/** One expected reply (`not`: no reply of the turn may contain the text). */
export type ReplyExpectation = { contains: string } | { exact: string } | { card: 'coupon' | 'product' | 'order' } | { quick_replies: string[] } | { not: string };

/** One turn: input, optional simulated intents, and what to expect. */
export interface TranscriptTurn {
  input: TranscriptInput;
  intents?: Record<string, number>;
  /** Expected replies; an explicitly empty list means the bot must stay silent. Undefined: not checked. */
  bot?: { expect: ReplyExpectation; pos: SourcePos }[];
  flow?: string | null;
  step?: string;
  slots?: Record<string, unknown>;
  handoff?: boolean;
  /** Expected status shown this turn (see ServiceState). */
  status?: ServiceState;
  /** The clock from this turn on (ms). */
  now?: number;
  pos: SourcePos;
  /** Positions of the expectation keys (bot, flow, step, slots, handoff, status). */
  keyPos: Record<string, SourcePos>;
}

/** What a driver reports after a turn. */
export interface DriverTurn {
  replies: OutboundMessage[];
  state: ConversationState;
  activeFlow?: string;
  activeStep?: string;
}

/**
 * Runs transcript turns against something that answers: the engine directly, or the full bot.
 */
export interface TranscriptDriver {
  /** Starts a new conversation; `setup.channel` is its door (a driver's default when absent). */
  reset(user: TranscriptUser, setup?: TranscriptSetup): Promise<void> | void;
  /** One turn; `at` is the clock for it (ms), the driver's own clock when absent. */
  turn(input: TranscriptInput, intents?: Record<string, number>, at?: number): Promise<DriverTurn>;
}

/** How a transcript's conversation is set up. */
export interface TranscriptSetup {
  channel?: string;
  /** The transcript's clock at the start (ms): the user's order times are relative to it. */
  now?: number;
}
