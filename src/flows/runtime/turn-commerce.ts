import type { CommerceGateway, Product } from '../../commerce/gateway';

/**
 * The shop's gateway as one turn sees it: `searchProducts` answers a query this turn already searched from that
 * answer (the focus look-up, a product answer and `product.search` often search the shopper's same text), so a
 * message costs the merchant API one search, not three. A smaller limit takes the first results of a larger search
 * (search results are ranked); a failed search is not kept. Every other call goes straight to the gateway.
 *
 * @example
 * const commerce = turnCommerce(shop);
 * await commerce.searchProducts('降噪耳机', 3);
 * await commerce.searchProducts('降噪耳机', 1); // no second request
 */
export function turnCommerce(commerce: CommerceGateway): CommerceGateway {
  const searches = new Map<string, { limit: number | undefined; found: Promise<Product[]> }>();
  const searchProducts = (query: string, limit?: number): Promise<Product[]> => {
    const done = searches.get(query);
    if (done && (limit === done.limit || (limit !== undefined && done.limit !== undefined && limit <= done.limit)))
      return done.found.then((found) => (limit === undefined ? found : found.slice(0, limit)));
    const found = commerce.searchProducts(query, limit);
    searches.set(query, { limit, found });
    found.catch(() => searches.get(query)?.found === found && searches.delete(query));
    return found;
  };
  return new Proxy(commerce, {
    get(target, name) {
      if (name === 'searchProducts') return searchProducts;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
