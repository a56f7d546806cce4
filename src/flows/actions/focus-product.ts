import type { Product } from '../../commerce/gateway';
import type { ActionContext } from '../engine-types';

/** Colour words: "有黑色吗" asks about a variant, it does not name another product. */
const COLOUR = /[\u4e00-\u9fa5]?色/gu;

/**
 * Whether the query names the product by its title: they share two or more characters in a row (colours aside).
 *
 * @example
 * namesByTitle('降噪耳机多少钱', earphones); // true ('降噪' is in 主动降噪蓝牙耳机)
 */
export function namesByTitle(query: string, product: Product): boolean {
  const q = query.toLowerCase().replace(COLOUR, ' ');
  const title = product.title.toLowerCase().replace(COLOUR, ' ');
  for (let i = 0; i + 2 <= q.length; i++) {
    const pair = q.slice(i, i + 2);
    if (!/\s/.test(pair) && title.includes(pair)) return true;
  }
  return false;
}

/**
 * The products a product question is about, best first. With no product in focus: what the query finds. With one
 * (`focusId`): another product only when the query names it by its title ("那口红呢", "这件卫衣有XL吗"); otherwise
 * the product in focus ("那它有黑色吗", "是什么材质的", "XL有货吗").
 *
 * @example
 * await productsAbout(ctx, '那它有黑色吗', 'p-hoodie', 1); // [hoodie]
 */
export async function productsAbout(ctx: ActionContext, query: string, focusId: string | undefined, limit: number): Promise<Product[]> {
  const found = query ? await ctx.commerce.searchProducts(query, limit) : [];
  if (!focusId) return found;
  const focus = await ctx.commerce.getProduct(focusId);
  if (!focus) return found;
  const named = found.filter((p) => p.id !== focus.id && namesByTitle(query, p));
  if (named.length > 0 && !found.slice(0, 1).some((p) => p.id === focus.id)) return named;
  return [focus, ...found.filter((p) => p.id !== focus.id)].slice(0, limit);
}
