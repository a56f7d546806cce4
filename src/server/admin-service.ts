import type { ChannelStatus } from '../core/channel-adapter';
import type { ConversationRef } from '../core/message';
import type { SegmentCounts } from '../profiles/segment-counter';

/** One conversation as the admin API lists it. */
export interface ConversationSummary {
  /** conversationKey(ref), used in /admin/api/conversations/:key/release. */
  key: string;
  ref: ConversationRef;
  /** `handoff`: an operator owns it and the bot is silent. */
  mode: 'bot' | 'handoff';
  /** Active flow id, if any. */
  activeFlow?: string;
  /** ISO time of the last state change. */
  updatedAt?: string;
  /** Why the conversation was handed off (when known). */
  handoffReason?: string;
}

/** Where the flows stand after the last (re)load. */
export interface FlowsStatus {
  /** true when the serving flows are the last load's (no errors). */
  ok: boolean;
  /** Ids of the flows being served. */
  flows: string[];
  /** ISO time of the last successful load. */
  loadedAt?: string;
  /** Errors of the last load attempt, e.g. `flows/new-customer.yaml:14:7: …` (the last good flows keep serving). */
  errors: string[];
}

/** One running channel on the admin console. */
export interface ChannelSummary {
  name: string;
  proactive: boolean;
  outbound: readonly string[];
  /** The adapter's own status, when it reports one (login QR, online/offline). */
  status?: ChannelStatus;
}

/** A one-off campaign to a segment: explicit user ids, the shop's customer ids, every user with a tag, or a named segment. */
export interface CampaignRequest {
  /** snake_case; scheduling the same id twice is a no-op. */
  id: string;
  userIds?: string[];
  /** The shop's own customer ids; kefu resolves them to its users (creating unknown ones). */
  customerIds?: string[];
  tag?: string;
  /** A segment of flows/segments.yaml (its members when the campaign is scheduled, docs/profiles.md). */
  segment?: string;
  /** ISO time or ms; default now. */
  at?: string | number;
  /** Template text, e.g. "{{ user.displayName }}，双11会员专场开始啦～". */
  text: string;
  quick_replies?: string[];
}

/** A link of a channel identity to a shop customer (POST /admin/api/users/link). */
export interface UserLinkRequest {
  /** The shop's customer id, e.g. `C10086`. */
  customerId: string;
  /** Channel of the identity: `wechaty` (contact id), `wechat-official` / `wechat-mini` (openid), `wecom-kf`, `unionid`, `web`. */
  channel: string;
  /** The shopper's id on that channel. */
  externalId: string;
}

/** A shopper as the admin API shows them. */
export interface UserSummary {
  /** kefu user id. */
  id: string;
  /** The shop's customer id, when kefu knows it. */
  customerId?: string;
  identities: { channel: string; externalId: string }[];
  isNew: boolean;
  optedOut: boolean;
  tags: string[];
  createdAt: string;
  lastSeenAt: string;
}

/** An invoice request, complaint or return request the bot took down, as the admin API lists it. */
export interface ServiceRecordSummary {
  /** `FP20251120-0001` (发票), `TS20251120-0001` (投诉) or `TH20251120-0001` (退货), the number the shopper was told. */
  ref: string;
  kind: 'invoice' | 'complaint' | 'return';
  userId: string;
  status: 'open' | 'done';
  /** ISO time it was taken. */
  createdAt: string;
  /** What the shopper gave: order id, invoice title and tax id, complaint text, return reason. */
  data: Record<string, string>;
}

/** Which service records to list (all given filters apply), newest first. */
export interface ServiceRecordQuery {
  kind?: 'invoice' | 'complaint' | 'return';
  status?: 'open' | 'done';
  userId?: string;
  limit?: number;
}

/**
 * What the admin API needs from the bot. Implemented by the composition root; the server only
 * authenticates, validates input and maps errors. Throw `KefuError` with code `NOT_FOUND` for an
 * unknown conversation or user (→ 404), `BadInputError` for bad arguments (→ 400).
 *
 * @example
 * const admin: AdminService = {
 *   listConversations: async ({ mode }) => store.list(mode),
 *   releaseConversation: async (key) => bot.release(key),
 *   setOptOut: async (userId, optedOut) => users.update(userId, { optedOut }).then(() => ({ userId, optedOut })),
 *   reloadFlows: async () => flows.reload(),
 *   flowsStatus: async () => flows.status(),
 * };
 */
export interface AdminService {
  /** Schedule a one-off campaign (policy checks run per shopper at send time). */
  scheduleCampaign(request: CampaignRequest): Promise<{ id: string; users: number; chunks: number }>;
  /** Conversations, optionally only those in `mode` (e.g. `handoff`: waiting for or owned by an operator). */
  listConversations(filter: { mode?: 'bot' | 'handoff' }): Promise<ConversationSummary[]>;
  /** Hand a conversation back to the bot (mode → bot). */
  releaseConversation(key: string): Promise<{ key: string; mode: 'bot' }>;
  /** Link a channel identity to a shop customer, merging whoever kefu knew behind it into the customer (docs/identity.md). */
  linkUser(request: UserLinkRequest): Promise<UserSummary>;
  /** The kefu user of a shop customer; `NOT_FOUND` when kefu does not know them. */
  userByCustomer(customerId: string): Promise<UserSummary>;
  /** Set or clear a shopper's opt-out of proactive messages. */
  setOptOut(userId: string, optedOut: boolean): Promise<{ userId: string; optedOut: boolean }>;
  /** Reload flows from disk now (keep-last-good on errors). */
  reloadFlows(): Promise<FlowsStatus>;
  /** Current flow status. */
  flowsStatus(): Promise<FlowsStatus>;
  /** Every running channel adapter with its operator-facing status (e.g. wechaty's login QR code). */
  channels(): Promise<ChannelSummary[]>;
  /** Every segment of flows/segments.yaml with its live count (cached for a minute, docs/profiles.md). */
  segments(): Promise<SegmentCounts>;
  /** Invoice requests and complaints the bot took down for staff. */
  listServiceRecords(query: ServiceRecordQuery): Promise<ServiceRecordSummary[]>;
  /** Mark a record done (handled) or open again; `NOT_FOUND` for an unknown reference. */
  setServiceRecordStatus(ref: string, status: 'open' | 'done'): Promise<ServiceRecordSummary>;
}
