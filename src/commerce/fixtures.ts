import catalogueJson from './demo-data/catalogue.json';
import couponsJson from './demo-data/coupons.json';
import ordersJson from './demo-data/orders.json';
import type { Logistics, Order, Product } from './gateway';

/** A coupon template: what `issueCoupon(userId, templateId)` hands out. */
export interface CouponTemplate {
  id: string;
  title: string;
  /** Discount in yuan. */
  amount: number;
  /** Minimum spend in yuan (0: no threshold). */
  minSpend: number;
  /** Days the issued coupon stays valid. */
  validityDays: number;
  /** Who it is meant for. `new` templates are refused to shoppers who already ordered. */
  audience: 'new' | 'returning' | 'all';
}

/** A demo order plus its logistics track (if shipped). */
export interface DemoOrder extends Order {
  logistics?: Omit<Logistics, 'orderId' | 'carrier' | 'trackingNo'>;
}

/** The data a {@link DemoCommerce} starts from. */
export interface DemoFixtures {
  products: Product[];
  orders: DemoOrder[];
  couponTemplates: CouponTemplate[];
}

/**
 * A fresh deep copy of the shipped demo fixtures (src/commerce/demo-data/*.json),
 * so that every store can mutate its own.
 */
export function loadDemoFixtures(): DemoFixtures {
  return structuredClone({
    products: catalogueJson.products as unknown as Product[],
    orders: ordersJson.orders as unknown as DemoOrder[],
    couponTemplates: couponsJson.templates as unknown as CouponTemplate[],
  });
}
