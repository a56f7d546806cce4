import type { ConversationRef } from '../core/message';

/** Where a handed-over conversation stands in the agent inbox: waiting for an operator, taken by one, closed. */
export type HandoffStatus = 'waiting' | 'taken' | 'closed';

/** Who ended a handoff: an operator, or the idle time (the bot took the conversation back). */
export type HandoffCloser = 'operator' | 'idle';

/** One handoff of a conversation to kefu's console (转人工). Times are ms since the epoch. */
export interface Handoff {
  id: number;
  /** The conversation key (`web:-:c-…`). */
  conversation: string;
  channel: string;
  userId: string;
  ref: ConversationRef;
  reason: string;
  status: HandoffStatus;
  /** The console user (name) who has it, once taken. */
  operator?: string;
  handedOffAt: number;
  takenAt?: number;
  firstReplyAt?: number;
  /** The shopper's last message since the handoff (masked like the conversation log). */
  lastText?: string;
  lastShopperAt?: number;
  closedAt?: number;
  closedBy?: HandoffCloser;
}

/** Which handoffs to list, newest first: `open` = waiting or taken; `mine` = taken by `operator`. */
export interface HandoffQuery {
  status?: HandoffStatus | 'open';
  operator?: string;
  limit?: number;
}

/** A new handoff from the turn that handed over. */
export interface NewHandoff {
  conversation: string;
  ref: ConversationRef;
  userId: string;
  reason: string;
  at: number;
  /** The shopper's message that led to it (masked), shown as the last message. */
  text?: string;
}

/**
 * Handoffs as the agent inbox keeps them (TypeormHandoffs). Every change is conditional on the current status, so
 * two operators taking the same conversation at once cannot both win.
 */
export interface Handoffs {
  /** Record a handoff; a second handoff of an open conversation, or the same turn recorded twice, returns the open one. */
  open(handoff: NewHandoff): Promise<{ handoff: Handoff; created: boolean }>;
  byId(id: number): Promise<Handoff | undefined>;
  /** The open (waiting or taken) handoff of a conversation. */
  openOf(conversation: string): Promise<Handoff | undefined>;
  list(query: HandoffQuery): Promise<Handoff[]>;
  /** waiting → taken by `operator`; undefined when it was not waiting (someone else took it, or it closed). */
  take(id: number, operator: string, at: number): Promise<Handoff | undefined>;
  /** taken by `from` (or anyone when `from` is undefined) → taken by `to`; undefined when that did not hold. */
  transfer(id: number, to: string, from: string | undefined, at: number): Promise<Handoff | undefined>;
  /** A shopper message while handed over. */
  noteShopper(conversation: string, text: string | undefined, at: number): Promise<Handoff | undefined>;
  /** An operator reply (sets the first reply time once). */
  noteOperatorReply(id: number, at: number): Promise<void>;
  /** open → closed; undefined when it was closed already. */
  close(id: number, by: HandoffCloser, at: number): Promise<Handoff | undefined>;
}
