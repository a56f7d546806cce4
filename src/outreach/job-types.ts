import type { ConversationRef, OutboundMessage } from '../core/message';
import type { KefuEvent } from '../events/event';

/** marketing = promotions; service = tied to the shopper's own order (may use consented subscription messages). */
export type OutreachKind = 'marketing' | 'service';

/** What a due job does: render a message template, send a ready message, or start a flow. */
export type OutreachAction = { send: { text: string; quick_replies?: string[] } } | { message: OutboundMessage } | { start: string };

/** Data of a job in the `outreach` queue (name `due`). Plain JSON only. */
export interface DueJobData {
  triggerId: string;
  userId: string;
  kind: OutreachKind;
  action: OutreachAction;
  /** The event that scheduled it (templates see it as `event`). */
  event?: KefuEvent;
  /** Subscription template usable as a fallback (service kind only). */
  subscriptionTemplate?: string;
  /** Send only into this conversation instead of choosing a channel. */
  ref?: ConversationRef;
  /** Overrides the idempotency key (campaign users expanded from a chunk). */
  key?: string;
  /** The trigger's control-group share (`holdout:`): a shopper in it is suppressed as `holdout` at due time. */
  holdout?: number;
  /** Scheduled by an intent-prediction rule: checked again at due time (see predict-due-check.ts). */
  predict?: { ruleId: string; cooldownKey: string };
}

/** Data of a job in the `outreach` queue (name `campaign-chunk`): up to `chunkSize` users of one campaign. */
export interface CampaignChunkData {
  campaignId: string;
  userIds: string[];
  kind: OutreachKind;
  action: OutreachAction;
}

/** Data of a job in a `send-<channel>` queue. Its job id is the idempotency key. */
export interface SendJobData {
  key: string;
  triggerId: string;
  userId: string;
  kind: OutreachKind;
  channel: string;
  ref: ConversationRef;
  /** `window`: inside an open customer-service window (or an open channel); `subscription`: consented template message. */
  via: 'window' | 'subscription';
  subscriptionTemplate?: string;
  message?: OutboundMessage;
  /** A `start:` trigger's flow; `skipIfEnteredWithinMs` is set for intent predictions (see PREDICTED_REPEAT_MS). */
  startFlow?: { flowId: string; vars: Record<string, unknown>; skipIfEnteredWithinMs?: number };
  /** When the send job was created (ms), for latency metrics. */
  scheduledAt: number;
  /** Time of the scheduling event, compared with cancel markers. */
  eventAt?: number;
  /** Presence channels: whether the shopper was connected when the channel was chosen. */
  connected?: boolean;
}

/**
 * Deterministic BullMQ job id for a trigger and its subject. BullMQ rejects ids containing ':'
 * ("Custom Id cannot contain :"), so parts are URI-encoded (':' → %3A) and joined with '.' and '+'.
 *
 * @example
 * outreachJobId('cart_abandoned', ['c:9']); // 'cart_abandoned.c%3A9'
 */
export function outreachJobId(triggerId: string, subject: readonly unknown[]): string {
  return `${triggerId}.${subject.map((p) => encodeURIComponent(String(p))).join('+')}`;
}

/** Idempotency key of one scheduled instance: stable across retries and postponements of that job. */
export function idempotencyKeyOf(jobId: string, createdAt: number): string {
  return `${jobId}@${createdAt}`;
}

/** The outreach job id inside an idempotency key (the inverse of {@link idempotencyKeyOf}). */
export function jobIdOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf('@'));
}
