import type { ActionHandler } from '../engine-types';
import { reqString } from './args';
import { couponRule, shortTime } from './present';

/**
 * `coupon.issue { template }`: gives the shopper a coupon from a template (idempotent per
 * shopper and template). Result: the coupon (CouponCard fields) plus `rule` and `summary`.
 *
 * @example
 * // - action: coupon.issue
 * //   args: { template: NEW_USER_20 }
 * //   as: coupon
 */
export const couponIssue: ActionHandler = async (args, ctx) => {
  const template = reqString(args, 'template', 'coupon.issue');
  const coupon = await ctx.commerce.issueCoupon(ctx.user.id, template);
  const rule = couponRule(coupon);
  const until = shortTime(coupon.expiresAt, ctx.shop.timezone, false);
  return { ...coupon, rule, summary: `「${coupon.title}」${rule}，${until}前有效` };
};
