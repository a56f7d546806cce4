import type { CommerceGateway, RecommendQuery } from '../commerce/gateway';
import type { UserDirectory } from '../core/user';
import { SHOP_CHANNEL } from './shop-identities';

/**
 * The merchant API asked with the shop's own customer ids: every CommerceGateway call about a shopper (orders,
 * coupons, recommendations) passes the kefu user's `shop` identity when kefu knows it, and kefu's own user id
 * otherwise (an anonymous visitor the shop cannot know: answer an empty list). Other calls pass through.
 *
 * @example
 * const commerce = withShopCustomerIds(new HttpCommerce({ baseUrl }), users);
 * await commerce.listOrders(user.id); // GET /users/C10086/orders for a known customer
 */
export function withShopCustomerIds(inner: CommerceGateway, users: Pick<UserDirectory, 'get'>): CommerceGateway {
  const shopIdOf = async (userId: string): Promise<string> => {
    const user = await users.get(userId);
    return user?.identities.find((i) => i.channel === SHOP_CHANNEL)?.externalId ?? userId;
  };
  const wrapped: CommerceGateway = Object.create(inner) as CommerceGateway;
  return Object.assign(wrapped, {
    listOrders: async (userId: string) => inner.listOrders(await shopIdOf(userId)),
    listCoupons: async (userId: string) => inner.listCoupons(await shopIdOf(userId)),
    issueCoupon: async (userId: string, templateId: string) => inner.issueCoupon(await shopIdOf(userId), templateId),
    recommend: async (query: RecommendQuery) => inner.recommend({ ...query, userId: await shopIdOf(query.userId) }),
  });
}
