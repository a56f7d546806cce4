import { conversationKey } from '../core/message';
import type { TurnRecord } from '../core/turn-record';
import type { QualityEvent } from '../quality/outcome';
import { SMALL_TALK } from '../quality/small-talk';
import { turnEvents } from '../quality/trace';

/** A shopper message this long after the session's last activity starts a new session. */
export const SESSION_GAP_MS = 30 * 60_000;

/** A shopper coming back about the same topic within this time after a session reopens it (not first-contact resolved). */
export const COMEBACK_MS = 24 * 3_600_000;

/** Inbound kinds the shopper wrote or clicked (platform events and outreach starts are not the shopper asking). */
const SHOPPER_KINDS = new Set(['text', 'postback', 'image']);

/** What one logged turn tells the service sessions. */
export interface SessionTurn {
  conversation: string;
  userId?: string;
  channel: string;
  /** When the shopper's message came in, epoch ms. */
  receivedAt: number;
  /** When the turn's replies were ready, epoch ms; absent when the bot stayed silent (e.g. a human owns it). */
  repliedAt?: number;
  /** The turn handed the conversation to a human, or a human owns it. */
  handedOff: boolean;
  /** What the turn was about: the flow it started, else the recognised intent, else the flow it continued (not small talk). */
  topic?: string;
  /** What the turn tells the session's outcome label (src/quality/trace.ts). */
  events?: QualityEvent[];
}

/**
 * The session view of a logged turn, or undefined for turns the shopper did not start (events, outreach) and for
 * turns that threw (`failed`: the message runs again, and its re-run counts).
 *
 * @example
 * sessionTurnOf({ ref, inbound: { kind: 'text', receivedAt: t, … }, replies: [reply], repliedAt: new Date(t + 800), mode: 'bot' });
 * // { conversation: 'web:-:c1', channel: 'web', receivedAt: t, repliedAt: t + 800, handedOff: false }
 */
export function sessionTurnOf(record: TurnRecord): SessionTurn | undefined {
  if (!SHOPPER_KINDS.has(record.inbound.kind) || record.failed) return undefined;
  const receivedAt = record.inbound.receivedAt;
  const turn: SessionTurn = {
    conversation: conversationKey(record.ref),
    channel: record.ref.channel,
    receivedAt,
    handedOff: Boolean(record.escalated) || record.mode === 'handoff',
    events: turnEvents(record),
  };
  if (record.userId) turn.userId = record.userId;
  if (record.replies.length > 0) turn.repliedAt = Math.max(receivedAt, (record.repliedAt ?? record.at ?? new Date()).getTime());
  const topic = [record.startedFlow, record.recognition?.top?.name, record.activeFlow].find(
    (name) => name !== undefined && !SMALL_TALK.has(name),
  );
  if (topic) turn.topic = topic;
  return turn;
}
