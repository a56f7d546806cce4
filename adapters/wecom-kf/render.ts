import { createHash } from 'node:crypto';
import { UnsupportedFeatureError, outboundToText, type OutboundMessage, type OutboundType } from '../../src/index';
import { type ImageType } from '../../src/kits/wechat';
import { MAX_MSGID_LENGTH } from './constants';
import type { KfOutboundBody } from './kf-types';
import { CHANNEL } from './normalise';

/**
 * Types the adapter renders natively. Images and product cards with a link and a picture need that picture
 * uploaded first (see {@link mediaUrlOf}); without a media_id they go out as text. Handoff comes last on purpose:
 * after it the session belongs to a human and the bot is silent.
 */
export const KF_OUTBOUND: readonly OutboundType[] = ['text', 'quick_replies', 'image', 'product_card', 'handoff'];

/** Image types WeCom takes as `type=image` temporary media (JPG and PNG). */
export const KF_IMAGE_TYPES: readonly ImageType[] = ['image/jpeg', 'image/png'];

/**
 * The picture `message` needs uploaded as temporary media before send_msg: an image's URL, or the picture of a
 * product card with a Mini Program page (`miniProgram`, sent as a `miniprogram` card) or a link (`url`, a `link`
 * card), whose `thumb_media_id` it becomes.
 *
 * @example
 * mediaUrlOf({ type: 'image', url: 'https://cdn.example.com/a.jpg' }); // 'https://cdn.example.com/a.jpg'
 */
export function mediaUrlOf(message: OutboundMessage): string | undefined {
  if (message.type === 'image') return message.url;
  const p = message.type === 'product_card' ? message.product : undefined;
  if (p && (p.url || p.miniProgram) && p.imageUrl) return p.imageUrl;
  return undefined;
}

/**
 * The same message without its Mini Program page: how a product card goes out when WeCom refuses the `miniprogram`
 * card (a `link` card with the same thumbnail, or text).
 */
export function withoutMiniProgram(message: OutboundMessage): OutboundMessage {
  if (message.type !== 'product_card' || !message.product.miniProgram) return message;
  const { miniProgram: _dropped, ...product } = message.product;
  return { ...message, product };
}

/**
 * The send_msg message part of an outbound message: text → text; quick_replies → msgmenu (head_content and
 * click items whose id is the reply's payload, else its title); handoff → its text; image → image with `mediaId`
 * (its alt text without one); product_card with a Mini Program page → miniprogram card, else with a url → link
 * card, whose thumb is `mediaId` (its text rendering without either or without mediaId). Others throw
 * UnsupportedFeatureError.
 *
 * @example
 * renderKf({ type: 'quick_replies', text: '想看哪类？', replies: [{ title: '服饰' }] });
 * // → { msgtype: 'msgmenu', msgmenu: { head_content: '想看哪类？', list: [{ type: 'click', click: { id: '服饰', content: '服饰' } }] } }
 * renderKf({ type: 'image', url, alt: '实拍图' }, 'MEDIA_ID'); // → { msgtype: 'image', image: { media_id: 'MEDIA_ID' } }
 */
export function renderKf(message: OutboundMessage, mediaId?: string): KfOutboundBody {
  switch (message.type) {
    case 'text':
    case 'handoff':
      return { msgtype: 'text', text: { content: message.text } };
    case 'image':
      return mediaId ? { msgtype: 'image', image: { media_id: mediaId } } : { msgtype: 'text', text: { content: outboundToText(message) } };
    case 'product_card': {
      const p = message.product;
      if (p.miniProgram && mediaId) {
        const { appId: appid, pagePath: pagepath } = p.miniProgram;
        return { msgtype: 'miniprogram', miniprogram: { appid, title: `${p.title} ¥${p.price}`, thumb_media_id: mediaId, pagepath } };
      }
      if (!p.url || !mediaId) return { msgtype: 'text', text: { content: outboundToText(message) } };
      const desc = `¥${p.price}${p.subtitle ? ` ${p.subtitle}` : ''}`;
      return { msgtype: 'link', link: { title: p.title, desc, url: p.url, thumb_media_id: mediaId } };
    }
    case 'quick_replies':
      return {
        msgtype: 'msgmenu',
        msgmenu: {
          head_content: message.text,
          list: message.replies.map((r) => ({ type: 'click' as const, click: { id: r.payload ?? r.title, content: r.title } })),
        },
      };
    default:
      throw new UnsupportedFeatureError(CHANNEL, String(message.type));
  }
}

/**
 * The send_msg msgid of an idempotency key: the same for every attempt, at most 32 characters of
 * [0-9a-zA-Z_-] as the API requires. WeCom refuses a msgid it has already sent, which makes keyed sends
 * reach the customer at most once.
 */
export function msgIdOf(idempotencyKey: string, suffix = ''): string {
  const hash = createHash('sha256').update(`${idempotencyKey}\u0000${suffix}`).digest('base64url');
  return `k${hash}`.slice(0, MAX_MSGID_LENGTH);
}
