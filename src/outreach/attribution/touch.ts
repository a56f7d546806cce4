import type { OutboundMessage } from '../../core/message';

/** What a conversation showed the shopper that an order can be credited to. */
export type TouchKind = 'product' | 'coupon';

/**
 * One "touch": a product card shown (ref = product id) or a coupon card issued (ref = coupon code) in a
 * conversation, at the time of the turn. Stored in `kefu_chat_touch` (see docs/attribution.md).
 */
export interface ChatTouch {
  /** The conversation key, see `conversationKey(ref)`. */
  conversation: string;
  /** kefu user id of the shopper when the card was shown. */
  userId: string;
  /** The door (channel adapter name), e.g. `web`. */
  channel: string;
  kind: TouchKind;
  /** Product id or coupon code. */
  ref: string;
  /** When it was shown, ms since epoch. */
  at: number;
}

/** Where a conversation took place and when: the fields a touch shares with its turn. */
export interface TouchOrigin {
  conversation: string;
  userId: string;
  channel: string;
  at: number;
}

/**
 * The touches of one turn's replies: each product card and coupon card, once per kind and ref.
 *
 * @example
 * touchesOf(origin, [{ type: 'product_card', product: { id: 'P1001', title: '卫衣', price: 159 } }]);
 * // [{ ...origin, kind: 'product', ref: 'P1001' }]
 */
export function touchesOf(origin: TouchOrigin, replies: readonly OutboundMessage[]): ChatTouch[] {
  const touches = new Map<string, ChatTouch>();
  for (const reply of replies) {
    const touch =
      reply.type === 'product_card'
        ? { kind: 'product' as const, ref: reply.product.id }
        : reply.type === 'coupon_card'
          ? { kind: 'coupon' as const, ref: reply.coupon.code }
          : undefined;
    if (touch && touch.ref) touches.set(`${touch.kind}:${touch.ref}`, { ...origin, ...touch });
  }
  return [...touches.values()];
}
