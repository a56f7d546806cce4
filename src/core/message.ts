import type { ServiceStatus } from './service-status';

/**
 * The channel-agnostic message model. Adapters normalise platform payloads into
 * {@link InboundMessage} at the edge and render {@link OutboundMessage} back.
 */

/**
 * A serialisable pointer to one conversation on one channel: everything needed to
 * send into it later (for example from an outreach job), and nothing live.
 *
 * @example
 * const ref: ConversationRef = { channel: 'web', conversationId: 'c-1', userId: 'u-1' };
 */
export interface ConversationRef {
  /** Adapter name, e.g. `web`, `wechaty`, `wechat-official`, `wecom-kf`, `test`. */
  channel: string;
  /** Conversation id unique within the channel (and account). */
  conversationId: string;
  /** The shopper's id on that channel (open id, contact id, browser id). */
  userId: string;
  /** Channel account the shop speaks from (app id, kf account), when a channel has several. */
  accountId?: string;
  /**
   * The shop's own customer id, only when the channel verified it (web chat: a signed identity from the shop's
   * backend, see docs/identity.md). The turn then belongs to that shop customer's kefu user; never set it from
   * anything the shopper could make up.
   */
  customerId?: string;
  /** Small channel-specific routing data; must stay JSON-serialisable. */
  extra?: Record<string, string | number | boolean>;
}

/** Stable key of a conversation, e.g. for Redis state and locks. */
export function conversationKey(ref: ConversationRef): string {
  return [ref.channel, ref.accountId ?? '-', ref.conversationId].join(':');
}

/** What kind of thing the shopper (or platform) sent. */
export type InboundKind = 'text' | 'image' | 'event' | 'postback';

/** A behaviour or platform event delivered into a conversation (visit, order_created, …). */
export interface InboundEvent {
  type: string;
  payload?: Record<string, unknown>;
}

/** One normalised message from a shopper or platform. */
export interface InboundMessage {
  /** Platform message id, used to drop platform retries (dedupe). */
  id: string;
  ref: ConversationRef;
  kind: InboundKind;
  /** Text for `text`; the button title for `postback`. */
  text?: string;
  /**
   * What the shopper typed when `text` was normalised for understanding (拼音, 繁体, full-width, typos): free-text
   * answers (an address, a company name, a message for staff) are kept as written.
   */
  originalText?: string;
  /** Payload of a clicked quick reply / button. */
  postback?: string;
  /** Image URL for `image`. */
  imageUrl?: string;
  /** For `event`. */
  event?: InboundEvent;
  /** Milliseconds since epoch when the platform received it. */
  receivedAt: number;
  /** Display name if the channel knows it (never used for identity). */
  displayName?: string;
  /**
   * The product the shopper is looking at when the channel knows it (web chat: the product tile or page the
   * shopper asked from). Flows may keep it as the product in focus; its id is the CommerceGateway's product id.
   */
  product?: { id: string };
}

/** A button under a text that sends `payload` (or the title) back when clicked. */
export interface QuickReply {
  title: string;
  payload?: string;
}

/** A product shown as a card. */
export interface ProductCard {
  id: string;
  title: string;
  price: number;
  imageUrl?: string;
  url?: string;
  /** Short line under the title, e.g. 库存充足 / 仅剩 3 件. */
  subtitle?: string;
  /**
   * The product's page in the shop's Mini Program (小程序). WeChat doors that can send mini-program cards open it
   * instead of `url` (needs `imageUrl` as the card's cover); other channels ignore it. Filled in from
   * KEFU_MINIPROGRAM_* when the product has none of its own.
   */
  miniProgram?: {
    /** The Mini Program's AppID (wx…). */
    appId: string;
    /** Page path as in its app.json, with the query, e.g. `pages/goods/detail?id=P1001`. */
    pagePath: string;
    /** Its original id `gh_…@app` (原始ID): personal accounts (wechaty) send mini-program cards only with it. */
    username?: string;
  };
}

/** A coupon shown as a card. */
export interface CouponCard {
  code: string;
  title: string;
  /** Discount in yuan (for 满减/立减). */
  amount: number;
  /** Minimum spend in yuan, 0 for none. */
  minSpend: number;
  /** ISO date-time. */
  expiresAt: string;
}

/** An order shown as a card. */
export interface OrderCard {
  id: string;
  status: string;
  total: number;
  items: { title: string; quantity: number }[];
  /** Logistics line, e.g. 顺丰 SF123… 运输中. */
  logistics?: string;
}

/**
 * Everything the bot can send. Adapters render what they support and throw UnsupportedFeatureError otherwise.
 * Texts may carry a `status` (where the conversation stands: bot, waiting for a human, message left, after hours)
 * for channels that show one, such as the web widget's header; other channels ignore it.
 */
export type OutboundMessage =
  | { type: 'text'; text: string; status?: ServiceStatus }
  | { type: 'image'; url: string; alt?: string }
  | { type: 'quick_replies'; text: string; replies: QuickReply[]; status?: ServiceStatus }
  | { type: 'product_card'; product: ProductCard }
  | { type: 'coupon_card'; coupon: CouponCard }
  | { type: 'order_card'; order: OrderCard }
  | { type: 'handoff'; text: string; reason?: string; status?: ServiceStatus };

/** The type names of {@link OutboundMessage}. */
export type OutboundType = OutboundMessage['type'];

/** Plain-text rendering of any outbound message, for channels (and logs) that only show text. */
export function outboundToText(message: OutboundMessage): string {
  switch (message.type) {
    case 'text':
      return message.text;
    case 'image':
      return message.alt ?? '[图片]';
    case 'quick_replies':
      return `${message.text}\n${message.replies.map((r, i) => `${i + 1}. ${r.title}`).join('\n')}`;
    case 'product_card':
      return `【${message.product.title}】¥${message.product.price}${message.product.subtitle ? ` ${message.product.subtitle}` : ''}`;
    case 'coupon_card': {
      const c = message.coupon;
      const rule = c.minSpend > 0 ? `满${c.minSpend}减${c.amount}` : `立减${c.amount}元`;
      return `【优惠券】${c.title}（${rule}，有效期至 ${c.expiresAt.slice(0, 10)}）`;
    }
    case 'order_card': {
      const o = message.order;
      return `【订单 ${o.id}】${o.status} ¥${o.total}${o.logistics ? ` ${o.logistics}` : ''}`;
    }
    case 'handoff':
      return message.text;
  }
}
