import type { ActionHandler } from '../engine-types';
import { couponRule, shortTime } from './present';

/**
 * `coupon.list`: the shopper's unused, unexpired coupons. Result: `{ count, items, summary }`
 * (items are CouponCard-ready).
 */
export const couponList: ActionHandler = async (_args, ctx) => {
  const all = await ctx.commerce.listCoupons(ctx.user.id);
  const items = all.filter((c) => !c.usedAt && Date.parse(c.expiresAt) > ctx.now).map((c) => ({ ...c, rule: couponRule(c) }));
  const summary = items.length
    ? `您有 ${items.length} 张可用券：${items.map((c) => `${c.title}（${c.rule}，${shortTime(c.expiresAt, ctx.shop.timezone, false)}前有效）`).join('；')}`
    : '您暂时没有可用的优惠券哦～';
  return { count: items.length, items, summary };
};
