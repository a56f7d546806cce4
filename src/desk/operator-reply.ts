import type { CommerceGateway } from '../commerce/gateway';
import { BadInputError, KefuError } from '../core/errors';
import type { OutboundMessage } from '../core/message';
import { toCouponCard, toProductCard } from '../flows/runtime/cards';

/** What an operator sends from the inbox: a text, a picture (https URL), a product card or a coupon card. */
export type OperatorMessage =
  | { type: 'text'; text: string }
  | { type: 'image'; url: string }
  | { type: 'product'; productId: string }
  | { type: 'coupon'; templateId: string };

/** Longest operator text (WeChat's customer-service text limit is about 2,048 bytes; 600 characters stay well under). */
export const MAX_OPERATOR_TEXT = 600;

/**
 * The message to send for an operator's input: product cards from the catalogue, coupons issued to the shopper from a
 * coupon template (idempotent per shopper and template, so sending the same coupon twice shows the same code).
 * Throws BadInputError (→ 400) with a Chinese message the console shows.
 *
 * @example
 * await buildOperatorMessage({ type: 'coupon', templateId: 'APOLOGY_15' }, userId, commerce); // { type: 'coupon_card', … }
 */
export async function buildOperatorMessage(input: OperatorMessage, userId: string, commerce: CommerceGateway): Promise<OutboundMessage> {
  switch (input.type) {
    case 'text': {
      const text = input.text.trim();
      if (!text) throw new BadInputError('回复内容为空。The reply is empty.', 'type something to send.');
      if ([...text].length > MAX_OPERATOR_TEXT)
        throw new BadInputError(`回复太长（最多 ${MAX_OPERATOR_TEXT} 字）。The reply is too long.`, 'split it into two messages.');
      return { type: 'text', text, status: { state: 'human', text: '人工客服为您服务中' } };
    }
    case 'image': {
      let url: URL;
      try {
        url = new URL(input.url);
      } catch {
        throw new BadInputError('图片地址无效。Not a valid picture URL.', 'paste an https:// link to the picture.');
      }
      if (url.protocol !== 'https:')
        throw new BadInputError('图片地址须以 https:// 开头。The picture URL must be https.', 'use the https link of the picture.');
      return { type: 'image', url: url.toString() };
    }
    case 'product': {
      const product = await commerce.getProduct(input.productId);
      if (!product)
        throw new KefuError('NOT_FOUND', `没有找到商品 ${input.productId}。No such product.`, 'pick a product from the search.');
      return { type: 'product_card', product: toProductCard(product as unknown as Record<string, unknown>) };
    }
    case 'coupon': {
      const coupon = await commerce.issueCoupon(userId, input.templateId).catch((err: unknown) => {
        throw new KefuError(
          'COUPON_NOT_ISSUED',
          `优惠券 ${input.templateId} 发放失败。The coupon was not issued.`,
          `check the template id with the shop. (${(err as Error).message})`,
        );
      });
      return { type: 'coupon_card', coupon: toCouponCard(coupon as unknown as Record<string, unknown>) };
    }
  }
}
