import { call } from './api';

/** Which handoffs a tab lists: 待接入, 我的, 全部进行中, 已结束. */
export type InboxTab = 'waiting' | 'mine' | 'open' | 'closed';

/** A handoff as GET /console/api/inbox lists it (shopper id masked, times ISO). */
export interface InboxItem {
  id: number;
  channel: string;
  shopper: string;
  reason: string;
  status: 'waiting' | 'taken' | 'closed';
  operator: string | null;
  handedOffAt: string;
  takenAt: string | null;
  firstReplyAt: string | null;
  /** Seconds waited until taken (or until now while waiting). */
  waitSeconds: number;
  lastText: string | null;
  lastShopperAt: string | null;
  closedAt: string | null;
  closedBy: 'operator' | 'idle' | null;
}

/** One message of the transcript, with what the bot understood of a shopper's message. */
export interface TranscriptLine {
  id: number;
  from: 'shopper' | 'bot' | 'operator';
  operator: string | null;
  kind: string;
  text: string | null;
  /** The sent message (cards: `product`, `coupon`, `order`) for bot and operator lines. */
  payload: Record<string, unknown> | null;
  /** For a shopper-side event (kind `event`, e.g. the chat window opened): its name. */
  event?: string | null;
  intent: string | null;
  score: number | null;
  flow: string | null;
  at: string;
}

/** The shopper's profile (ids masked). */
export interface ShopperView {
  id: string;
  displayName: string | null;
  customerId: string | null;
  isNew: boolean;
  orderCount: number;
  tags: string[];
  channels: string[];
  firstSeenAt: string;
}

/** One of the shopper's recent orders. */
export interface OrderView {
  id: string;
  status: string;
  total: number;
  createdAt?: string;
  items: { title: string; quantity: number }[];
}

/** GET /console/api/inbox/:id. */
export interface InboxDetail {
  handoff: InboxItem;
  /** Whether the door lets an operator reply now; `note` says why not, or warns when ok. */
  canReply: { ok: boolean; note?: string };
  shopper: ShopperView | null;
  orders: OrderView[];
  transcript: TranscriptLine[];
}

/** What an operator sends. */
export type OperatorMessage =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string }
  | { type: 'product'; productId: string }
  | { type: 'coupon'; templateId: string };

/** A saved canned reply (快捷回复). */
export interface CannedReply {
  id: number;
  title: string;
  text: string;
}

/** A product found by the 发送商品 search. */
export interface ProductHit {
  id: string;
  title: string;
  price: number;
  imageUrl: string | null;
}

/** A colleague to transfer to. */
export interface OperatorRow {
  name: string;
  online: boolean;
}

/** The handoffs of one tab, newest first. */
export async function fetchInbox(tab: InboxTab): Promise<InboxItem[]> {
  return (await call<{ items: InboxItem[] }>('GET', `inbox?status=${tab}`)).items;
}

/** One handoff with transcript, shopper and orders. */
export function fetchInboxDetail(id: number): Promise<InboxDetail> {
  return call<InboxDetail>('GET', `inbox/${id}`);
}

/** The profile tags that hold for a handoff's shopper now, by group (人口属性 / 行为 / 交易 / 服务). */
export interface ProfileTagGroup {
  group: string;
  tags: { name: string; description: string }[];
}

/** The shopper's profile tags (GET /console/api/shoppers/handoff-<id>/profile, docs/profiles.md). */
export async function fetchProfileTags(handoffId: number): Promise<ProfileTagGroup[]> {
  return (await call<{ groups: ProfileTagGroup[] }>('GET', `shoppers/handoff-${handoffId}/profile`)).groups;
}

/** Take a waiting handoff (409 with the server's text when someone else has it). */
export async function takeHandoff(id: number): Promise<InboxItem> {
  return (await call<{ handoff: InboxItem }>('POST', `inbox/${id}/take`, {})).handoff;
}

/** Send a reply; `clientId` makes a retried click send it once. */
export function replyTo(id: number, message: OperatorMessage, clientId: string): Promise<{ delivered: boolean; note: string | null }> {
  return call('POST', `inbox/${id}/reply`, { message, clientId });
}

/** Hand the conversation to a colleague. */
export async function transferHandoff(id: number, to: string): Promise<InboxItem> {
  return (await call<{ handoff: InboxItem }>('POST', `inbox/${id}/transfer`, { to })).handoff;
}

/** Close: the bot answers again; `rate` asks the shopper for a rating. */
export async function closeHandoff(id: number, rate: boolean): Promise<InboxItem> {
  return (await call<{ handoff: InboxItem }>('POST', `inbox/${id}/close`, { rate })).handoff;
}

/** The signed-in operator's 在线 / 离开 choice. */
export async function fetchPresence(): Promise<'online' | 'away'> {
  return (await call<{ status: 'online' | 'away' }>('GET', 'inbox-presence')).status;
}

/** Choose 在线 or 离开. */
export async function setPresence(status: 'online' | 'away'): Promise<void> {
  await call('POST', 'inbox-presence', { status });
}

/** Operators and admins one may transfer to, with whether they are online now. */
export async function fetchOperators(): Promise<OperatorRow[]> {
  const data = await call<{ operators: OperatorRow[]; online: string[] }>('GET', 'inbox-operators');
  const online = new Set(data.online);
  return data.operators.map((o) => ({ name: o.name, online: online.has(o.name) }));
}

/** Products matching `q` (at most 10). */
export async function searchProducts(q: string): Promise<ProductHit[]> {
  return (await call<{ products: ProductHit[] }>('GET', `inbox-products?q=${encodeURIComponent(q)}`)).products;
}

/** The coupon templates operators may send. */
export async function fetchCouponTemplates(): Promise<string[]> {
  return (await call<{ templates: string[] }>('GET', 'inbox-coupons')).templates;
}

/** The shop's canned replies. */
export async function fetchCanned(): Promise<CannedReply[]> {
  return (await call<{ replies: CannedReply[] }>('GET', 'canned-replies')).replies;
}

/** Save a canned reply. */
export async function addCanned(title: string, text: string): Promise<CannedReply> {
  return (await call<{ reply: CannedReply }>('POST', 'canned-replies', { title, text })).reply;
}

/** Delete a canned reply. */
export async function deleteCanned(id: number): Promise<void> {
  await call('DELETE', `canned-replies/${id}`);
}
