import { outboundToText, type CouponCard, type OrderCard, type ProductCard } from '../../src/index';

/** A Bot Framework attachment (a card or a picture). */
export interface CardAttachment {
  contentType: string;
  content?: Record<string, unknown>;
  contentUrl?: string;
  name?: string;
}

/** Adaptive Card version every Bot Framework channel kefu targets renders (Teams, Web Chat, Direct Line, Emulator). */
const ADAPTIVE_VERSION = '1.3';

const money = (yuan: number): string => `¥${Number.isInteger(yuan) ? yuan : yuan.toFixed(2)}`;
const text = (value: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
});
const facts = (pairs: [string, string | undefined][]): Record<string, unknown> => ({
  type: 'FactSet',
  facts: pairs.filter(([, v]) => v !== undefined && v !== '').map(([title, value]) => ({ title, value })),
});

function adaptive(body: Record<string, unknown>[], fallbackText: string): CardAttachment {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: ADAPTIVE_VERSION,
      lang: 'zh-CN',
      body,
      fallbackText,
    },
  };
}

/**
 * A product as a Hero card: title, price and stock line, its picture, and 查看详情 opening its page.
 *
 * @example
 * productCard({ id: 'p-1', title: '加绒连帽卫衣', price: 129, subtitle: 'XL 库存充足' });
 */
export function productCard(product: ProductCard): CardAttachment {
  return {
    contentType: 'application/vnd.microsoft.card.hero',
    content: {
      title: product.title,
      subtitle: [money(product.price), product.subtitle].filter(Boolean).join(' · '),
      ...(product.imageUrl && { images: [{ url: product.imageUrl, alt: product.title }] }),
      ...(product.url && { buttons: [{ type: 'openUrl', title: '查看详情', value: product.url }] }),
    },
  };
}

/** A coupon as an Adaptive Card: 优惠券, its rule (满99减20 / 立减20元), code and expiry date. */
export function couponCard(coupon: CouponCard): CardAttachment {
  const rule = coupon.minSpend > 0 ? `满${coupon.minSpend}减${coupon.amount}` : `立减${coupon.amount}元`;
  return adaptive(
    [
      text('🎁 优惠券', { size: 'Small', color: 'Accent' }),
      text(coupon.title, { size: 'Medium', weight: 'Bolder' }),
      text(rule, { size: 'ExtraLarge', weight: 'Bolder', color: 'Attention' }),
      facts([
        ['券码', coupon.code],
        ['有效期至', coupon.expiresAt.slice(0, 10)],
      ]),
    ],
    outboundToText({ type: 'coupon_card', coupon }),
  );
}

/** An order as an Adaptive Card: number, status, total, logistics and its items. */
export function orderCard(order: OrderCard): CardAttachment {
  return adaptive(
    [
      text(`订单 ${order.id}`, { size: 'Medium', weight: 'Bolder' }),
      facts([
        ['状态', order.status],
        ['合计', money(order.total)],
        ['物流', order.logistics],
      ]),
      ...order.items.map((item) => text(`${item.title} × ${item.quantity}`, { spacing: 'Small' })),
    ],
    outboundToText({ type: 'order_card', order }),
  );
}

/** A picture attachment; the content type is guessed from the file name (JPEG when it says nothing). */
export function imageAttachment(url: string, alt?: string): CardAttachment {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  const type = ext === 'png' ? 'image/png' : ext === 'gif' ? 'image/gif' : ext === 'webp' ? 'image/webp' : 'image/jpeg';
  return { contentType: type, contentUrl: url, ...(alt && { name: alt }) };
}
