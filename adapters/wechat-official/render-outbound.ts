import { UnsupportedFeatureError, outboundToText, type OutboundMessage, type OutboundType } from '../../src/index';
import { type ImageType } from '../../src/kits/wechat';
import type { SubscriptionTemplateConfig, WechatKind } from './options';

/**
 * What each kind sends. Images go out as `image` messages once uploaded as temporary media (the adapter fetches
 * and uploads them); an image that cannot be fetched or uploaded goes out as its alt text.
 */
export const OUTBOUND_TYPES: readonly OutboundType[] = [
  'text',
  'image',
  'quick_replies',
  'product_card',
  'coupon_card',
  'order_card',
  'handoff',
];

/** Image types uploaded as temporary media: PNG/JPEG/GIF on Official Accounts; JPEG/PNG on Mini Programs. */
export const IMAGE_TYPES: Readonly<Record<WechatKind, readonly ImageType[]>> = {
  official: ['image/jpeg', 'image/png', 'image/gif'],
  mini: ['image/jpeg', 'image/png'],
};

/** WeChat's limit of a subscription message `thing` field, in characters. */
export const THING_MAX_CHARS = 20;

/** Cuts `text` to `max` characters (code points), ending with "…" when cut. */
export function truncateChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The id a quick reply carries in a msgmenu, and comes back as `bizmsgmenuid`. */
export function menuIdOf(reply: { title: string; payload?: string }): string {
  return reply.payload ?? reply.title;
}

/**
 * The cover picture to upload when `message` goes out as a mini-program card (`miniprogrampage`): that of a product
 * card with a `miniProgram` page and an `imageUrl`, else undefined (the card goes out as before). On a Mini Program
 * door the card can only open the Mini Program the shopper is in (its body has no appid), so a page of another AppID
 * is not sent as a card there.
 *
 * @example
 * miniCardCoverOf('official', 'wxOA', { type: 'product_card', product: { id: 'P1', title: '卫衣', price: 159, imageUrl, miniProgram } });
 * // → imageUrl
 */
export function miniCardCoverOf(kind: WechatKind, appId: string, message: OutboundMessage): string | undefined {
  if (message.type !== 'product_card' || !message.product.miniProgram || !message.product.imageUrl) return undefined;
  if (kind === 'mini' && message.product.miniProgram.appId !== appId) return undefined;
  return message.product.imageUrl;
}

/**
 * The body of `POST /cgi-bin/message/custom/send` for one message. An image with the `imageMediaId` it was
 * uploaded as is an `image` message (without one: its alt text); a product card with a `miniProgram` page and the
 * media id of its cover is a `miniprogrampage` card (Official Accounts name the Mini Program's `appid`; a Mini Program
 * opens its own page). Official Accounts show quick replies as a native `msgmenu` and a product with a URL and picture
 * as a `news` card; everything else is text.
 *
 * @example
 * renderCustomMessage('wechat-official', 'official', 'oUser', { type: 'text', text: '您好' });
 * // → { touser: 'oUser', msgtype: 'text', text: { content: '您好' } }
 * renderCustomMessage('wechat-mini', 'mini', 'oUser', { type: 'image', url }, 'MEDIA_ID');
 * // → { touser: 'oUser', msgtype: 'image', image: { media_id: 'MEDIA_ID' } }
 * renderCustomMessage('wechat-official', 'official', 'oUser', productCardWithMiniProgram, 'THUMB_ID');
 * // → { touser: 'oUser', msgtype: 'miniprogrampage', miniprogrampage: { title, appid, pagepath, thumb_media_id: 'THUMB_ID' } }
 */
export function renderCustomMessage(
  adapter: string,
  kind: WechatKind,
  touser: string,
  message: OutboundMessage,
  imageMediaId?: string,
): Record<string, unknown> {
  if (!OUTBOUND_TYPES.includes(message.type)) throw new UnsupportedFeatureError(adapter, String(message.type));
  if (message.type === 'image' && imageMediaId) return { touser, msgtype: 'image', image: { media_id: imageMediaId } };
  if (message.type === 'product_card' && message.product.miniProgram && imageMediaId) {
    const { title: name, price, miniProgram } = message.product;
    const { appId, pagePath } = miniProgram;
    const title = `${name} ¥${price}`;
    const page =
      kind === 'official'
        ? { title, appid: appId, pagepath: pagePath, thumb_media_id: imageMediaId }
        : { title, pagepath: pagePath, thumb_media_id: imageMediaId };
    return { touser, msgtype: 'miniprogrampage', miniprogrampage: page };
  }
  if (kind === 'official' && message.type === 'quick_replies') {
    const list = message.replies.map((r) => ({ id: menuIdOf(r), content: r.title }));
    return { touser, msgtype: 'msgmenu', msgmenu: { head_content: message.text, list, tail_content: '' } };
  }
  if (kind === 'official' && message.type === 'product_card' && message.product.url && message.product.imageUrl) {
    const p = message.product;
    const article = { title: p.title, description: `¥${p.price}${p.subtitle ? ` ${p.subtitle}` : ''}`, url: p.url, picurl: p.imageUrl };
    return { touser, msgtype: 'news', news: { articles: [article] } };
  }
  return { touser, msgtype: 'text', text: { content: outboundToText(message) } };
}

/**
 * The text of `message` as a passive reply, or undefined when it must go through the API instead (native
 * msgmenu and news cards exist only there; an image is sent through the API once uploaded, else as this text).
 */
export function passiveTextOf(adapter: string, kind: WechatKind, message: OutboundMessage): string | undefined {
  const body = renderCustomMessage(adapter, kind, 'x', message);
  return body.msgtype === 'text' ? (body.text as { content: string }).content : undefined;
}

/**
 * The body of a subscription message send: the mapped template, its fixed fields and the message text in
 * `textField` (cut to 20 characters).
 *
 * @example
 * renderSubscription('oUser', { templateId: 'T1', textField: 'thing1', data: { phrase2: '已发货' } }, '您的包裹已发出');
 */
export function renderSubscription(touser: string, template: SubscriptionTemplateConfig, text: string): Record<string, unknown> {
  const data: Record<string, { value: string }> = {};
  for (const [key, value] of Object.entries(template.data ?? {})) data[key] = { value };
  data[template.textField] = { value: truncateChars(text, THING_MAX_CHARS) };
  return { touser, template_id: template.templateId, ...(template.page ? { page: template.page } : {}), data };
}
