import type { ProductCard } from '../core/message';
import type { CommerceGateway, Product } from './gateway';

/** A short line of what a product comes in, e.g. `S/M/L… · 黑色/燕麦色/雾霾蓝`. */
function optionsLine(product: Product): string | undefined {
  const keys = [...new Set(product.variants.flatMap((v) => Object.keys(v.options)))].slice(0, 2);
  const parts = keys.map((key) => {
    const values = [...new Set(product.variants.map((v) => v.options[key]).filter((x): x is string => Boolean(x)))];
    return values.length > 3 ? `${values.slice(0, 3).join('/')}…` : values.join('/');
  });
  const line = parts.filter(Boolean).join(' · ');
  return line || undefined;
}

/**
 * The shop window as product cards (id, title, price, what it comes in): the demo shop page's tiles. Empty when
 * the commerce backend has no `featuredProducts` (a merchant's own shop has its own pages).
 *
 * @example
 * await shopWindowCards(new DemoCommerce()); // [{ id: 'P1001', title: '加绒连帽卫衣', price: 159, subtitle: 'S/M/L… · 黑色/燕麦色/雾霾蓝' }, …]
 */
export async function shopWindowCards(commerce: CommerceGateway, limit = 8): Promise<ProductCard[]> {
  const products = (await commerce.featuredProducts?.(limit)) ?? [];
  return products.map((p) => {
    const subtitle = optionsLine(p);
    return { id: p.id, title: p.title, price: p.price, ...(p.imageUrl && { imageUrl: p.imageUrl }), ...(subtitle && { subtitle }) };
  });
}
