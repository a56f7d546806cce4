import { outboundToText, type OutboundMessage } from '../../src/index';

/** The fields of a WeChat link card (wechaty `UrlLink` / puppet `urlLinkPayload`). */
export interface LinkCard {
  title: string;
  url: string;
  description?: string;
  thumbnailUrl?: string;
}

/** The fields of a mini-program card (wechaty `MiniProgram` / puppet `MiniProgramPayload`). */
export interface MiniProgramCard {
  appid: string;
  /** The Mini Program's original id `gh_…@app`. */
  username: string;
  title: string;
  pagePath: string;
  description?: string;
  thumbUrl: string;
}

/** A link card, or its text when link cards fail (or there is no link). */
type LinkOrText = { kind: 'text'; text: string } | { kind: 'link'; card: LinkCard; fallback: string };

/**
 * One thing the puppet sends: a text, an image by URL (with the text to send when it cannot be fetched and no alt
 * caption follows), a link card with the text to send if cards fail, or a mini-program card with the link card
 * (or text) to send if the puppet cannot send mini programs.
 */
export type WechatyPart =
  { kind: 'image'; url: string; fallback?: string } | LinkOrText | { kind: 'mini'; card: MiniProgramCard; fallback: LinkOrText };

/** Shown under numbered quick replies. */
export const QUICK_REPLY_HINT = '回复数字即可～';

/**
 * How one {@link OutboundMessage} goes out on WeChat: quick replies as numbered text with a hint (the shopper
 * answers with the number), a product with a Mini Program page (with its original id `username`) and a picture as a
 * mini-program card, else with a `url` as a link card, other cards and handoffs as text, an image then its alt as a caption
 * (the caption is also what the shopper gets when the image cannot be fetched; without an alt, `[图片]`).
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
      // the alt goes out as a caption; without one, a picture that cannot be fetched is announced as text
      return message.alt
        ? [
            { kind: 'image', url: message.url },
            { kind: 'text', text: message.alt },
          ]
        : [{ kind: 'image', url: message.url, fallback: outboundToText(message) }];
    case 'product_card': {
      const { product } = message;
      const text = outboundToText(message);
      const description = [`¥${product.price}`, product.subtitle].filter(Boolean).join(' ');
      const linkOrText: LinkOrText = product.url
        ? { kind: 'link', card: { title: product.title, url: product.url, description, thumbnailUrl: product.imageUrl }, fallback: text }
        : { kind: 'text', text };
      const mini = product.miniProgram;
      if (!mini?.username || !product.imageUrl) return [linkOrText];
      const card: MiniProgramCard = {
        appid: mini.appId,
        username: mini.username,
        title: product.title,
        pagePath: mini.pagePath,
        description,
        thumbUrl: product.imageUrl,
      };
      return [{ kind: 'mini', card, fallback: linkOrText }];
    }
    default:
      return [{ kind: 'text', text: outboundToText(message) }];
  }
}
