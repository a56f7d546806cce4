import type { ActionHandler } from '../engine-types';
import { optInt, optString } from './args';
import { attributeAnswer, productView } from './present';
import { productsAbout } from './focus-product';

/**
 * `product.search { query, focus?, limit? }`: products matching a keyword or a whole sentence; `focus` (the product in
 * focus, `{{ focus.product.id }}`) answers follow-ups that point back at it or name no product ("是什么材质的").
 * Result: `{ count, items, first, answer, summary }` (items are ProductCard-ready); `answer`
 * is the best match's attribute lines that answer the question (`是纯棉的吗` → 面料：…).
 */
export const productSearch: ActionHandler = async (args, ctx) => {
  const query = optString(args, 'query') ?? optString(args, 'q') ?? '';
  const found = await productsAbout(ctx, query, optString(args, 'focus'), optInt(args, 'limit', 3));
  const items = found.map(productView);
  const summary = items.length
    ? `为您找到 ${items.length} 款：${items.map((p) => `${p.title} ¥${p.price}`).join('、')}`
    : '亲，暂时没找到相关商品呢，可以换个关键词或者发下商品链接哦～';
  const answer = found[0] ? `${found[0].title}｜${attributeAnswer(found[0], query)}` : summary;
  return { count: items.length, items, first: items[0] ?? null, answer, summary };
};
