import type { MiniProgramSettings } from '../config/mini-program-settings';
import type { OutboundMessage, ProductCard } from '../core/message';

/**
 * The Mini Program page of one product: the page template with `{id}` replaced by the (URL-encoded) product id.
 *
 * @example
 * miniProgramPageOf({ appId: 'wx0123456789abcdef', pageTemplate: 'pages/goods/detail?id={id}' }, 'P1001');
 * // → { appId: 'wx0123456789abcdef', pagePath: 'pages/goods/detail?id=P1001' }
 */
export function miniProgramPageOf(settings: MiniProgramSettings, productId: string): NonNullable<ProductCard['miniProgram']> {
  const pagePath = settings.pageTemplate.split('{id}').join(encodeURIComponent(productId));
  return { appId: settings.appId, pagePath, ...(settings.username ? { username: settings.username } : {}) };
}

/**
 * `message` with the shop's Mini Program page filled in when it is a product card without a `miniProgram` of its own
 * (a product from the commerce backend may carry one); everything else, or no settings, comes back unchanged.
 *
 * @example
 * withShopMiniProgram({ type: 'product_card', product: { id: 'P1001', title: '卫衣', price: 159 } }, settings);
 * // → { type: 'product_card', product: { …, miniProgram: { appId: 'wx…', pagePath: 'pages/goods/detail?id=P1001' } } }
 */
export function withShopMiniProgram(message: OutboundMessage, settings: MiniProgramSettings | undefined): OutboundMessage {
  if (!settings || message.type !== 'product_card' || message.product.miniProgram) return message;
  return { ...message, product: { ...message.product, miniProgram: miniProgramPageOf(settings, message.product.id) } };
}
