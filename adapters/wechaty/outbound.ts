import { outboundToText, type OutboundMessage } from '../../src/index';

/** The fields of a WeChat link card (wechaty `UrlLink` / puppet `urlLinkPayload`). */
export interface LinkCard {
  title: string;
  url: string;
  description?: string;
  thumbnailUrl?: string;
}

/** One thing the puppet sends: a text, an image by URL, or a link card with the text to send if cards fail. */
export type WechatyPart =
  { kind: 'text'; text: string } | { kind: 'image'; url: string } | { kind: 'link'; card: LinkCard; fallback: string };

/** Shown under numbered quick replies. */
export const QUICK_REPLY_HINT = '回复数字即可～';

/**
 * How one {@link OutboundMessage} goes out on WeChat: quick replies as numbered text with a hint (the shopper
 * answers with the number), a product with a `url` as a link card, other cards and handoffs as text, an image then its alt as a caption.
 *
 * @example
 * toParts({ type: 'quick_replies', text: '想看哪类？', replies: [{ title: '服饰' }] });
 * // → [{ kind: 'text', text: '想看哪类？\n1. 服饰\n回复数字即可～' }]
 */
export function toParts(message: OutboundMessage): WechatyPart[] {
  switch (message.type) {
    case 'quick_replies':
      // WeChat has no buttons: the shopper answers with the number (the core understands it).
      return [{ kind: 'text', text: `${outboundToText(message)}\n${QUICK_REPLY_HINT}` }];
    case 'image':
      return [{ kind: 'image', url: message.url }, ...(message.alt ? [{ kind: 'text' as const, text: message.alt }] : [])];
    case 'product_card': {
      const { product } = message;
      const text = outboundToText(message);
      if (!product.url) return [{ kind: 'text', text }];
      const description = [`¥${product.price}`, product.subtitle].filter(Boolean).join(' ');
      return [
        { kind: 'link', card: { title: product.title, url: product.url, description, thumbnailUrl: product.imageUrl }, fallback: text },
      ];
    }
    default:
      return [{ kind: 'text', text: outboundToText(message) }];
  }
}
