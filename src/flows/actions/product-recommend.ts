import { categoryName, parseCategory } from '../../commerce/categories';
import type { ActionHandler } from '../engine-types';
import { optInt, optString } from './args';
import { productView } from './present';

/**
 * `product.recommend { category?, limit?, query? }`: in-stock picks for this shopper
 * (repurchase-due items first, then new ones in the category). `category` may be a key
 * (`beauty`) or Chinese (美妆); anything else is used as a search hint.
 * Result: `{ count, items, category, summary }`.
 */
export const productRecommend: ActionHandler = async (args, ctx) => {
  const rawCategory = optString(args, 'category');
  const category = parseCategory(rawCategory) ?? (typeof ctx.user.attributes.preferredCategory === 'string' && !rawCategory ? parseCategory(ctx.user.attributes.preferredCategory) : undefined);
  const hint = optString(args, 'query') ?? (rawCategory && !parseCategory(rawCategory) ? rawCategory : undefined);
  const found = await ctx.commerce.recommend({ userId: ctx.user.id, category, query: hint, limit: optInt(args, 'limit', 3) });
  const items = found.map(productView);
  const zh = category ? categoryName(category) : '';
  const summary = items.length
    ? `${zh ? `${zh}里` : ''}这几款很受欢迎：${items.map((p) => `${p.title} ¥${p.price}`).join('、')}`
    : '亲，这个分类暂时没有合适的现货，换个分类看看吧～';
  return { count: items.length, items, category: zh, summary };
};
