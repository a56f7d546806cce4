import { DemoCommerce } from '../../../src/commerce/demo-store';
import type { CommerceGateway } from '../../../src/commerce/gateway';
import { turnCommerce } from '../../../src/flows/runtime/turn-commerce';

/** The demo shop, counting the searches that reach it. */
function countingShop(): { shop: CommerceGateway; searches: string[] } {
  const demo = new DemoCommerce();
  const searches: string[] = [];
  const shop: CommerceGateway = Object.assign(Object.create(demo) as CommerceGateway, {
    searchProducts: (query: string, limit?: number) => {
      searches.push(`${query}/${limit}`);
      return demo.searchProducts(query, limit);
    },
  });
  return { shop, searches };
}

describe('turnCommerce (one turn searches the shopper text once)', () => {
  it('answers the same query with a smaller or equal limit from the first search', async () => {
    const { shop, searches } = countingShop();
    const commerce = turnCommerce(shop);
    const three = await commerce.searchProducts('卫衣', 3);
    expect(await commerce.searchProducts('卫衣', 1)).toEqual(three.slice(0, 1));
    expect(await commerce.searchProducts('卫衣', 3)).toEqual(three);
    expect(searches).toEqual(['卫衣/3']);
  });

  it('searches again for a larger limit, another query, or in another turn', async () => {
    const { shop, searches } = countingShop();
    const commerce = turnCommerce(shop);
    await commerce.searchProducts('卫衣', 1);
    await commerce.searchProducts('卫衣', 3);
    await commerce.searchProducts('耳机', 3);
    await turnCommerce(shop).searchProducts('卫衣', 3);
    expect(searches).toEqual(['卫衣/1', '卫衣/3', '耳机/3', '卫衣/3']);
  });

  it('does not keep a failed search, and passes every other call through', async () => {
    const demo = new DemoCommerce();
    let fail = true;
    const shop: CommerceGateway = Object.assign(Object.create(demo) as CommerceGateway, {
      searchProducts: (query: string, limit?: number) =>
        fail ? Promise.reject(new Error('merchant API down')) : demo.searchProducts(query, limit),
    });
    const commerce = turnCommerce(shop);
    await expect(commerce.searchProducts('卫衣', 3)).rejects.toThrow('merchant API down');
    fail = false;
    expect((await commerce.searchProducts('卫衣', 3)).length).toBeGreaterThan(0);
    const [first] = await demo.searchProducts('卫衣', 1);
    expect(await commerce.getProduct(first!.id)).toEqual(await demo.getProduct(first!.id));
  });
});
