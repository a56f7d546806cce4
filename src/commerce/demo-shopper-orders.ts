import { createHash } from 'node:crypto';
import type { DemoOrder } from './fixtures';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ADDRESS = '上海市徐汇区漕溪北路 88 号 6 楼 601 室';

/** `count` decimal digits taken from the user id's hash, starting at byte `from` (stable for one user id). */
function digitsOf(userId: string, from: number, count: number): string {
  const hash = createHash('sha256').update(userId).digest();
  const n = hash.readBigUInt64BE(from) % 10n ** BigInt(count);
  return n.toString().padStart(count, '0');
}

/** The demo order ids of a shopper: 14 digits, the same for the same user id (e.g. `72810033445201`). */
export function demoShopperOrderIds(userId: string): [shipped: string, paid: string, delivered: string] {
  const stem = `7${digitsOf(userId, 0, 11)}`;
  return [`${stem}01`, `${stem}02`, `${stem}03`];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The orders the demo shop gives a shopper it has not seen before, so that tracking, address change, cancel and
 * returns can be tried with any user id: one shipped with a tracking number (in transit), one paid and not shipped
 * yet (address can change, can be cancelled) and one delivered three days ago (inside the 7-day return window).
 * Ids and tracking numbers derive from the user id; times are relative to `now`.
 *
 * @example
 * demoShopperOrders('u-1', Date.now()).map((o) => o.status); // ['shipped', 'paid', 'delivered']
 */
export function demoShopperOrders(userId: string, now: number): DemoOrder[] {
  const [shippedId, paidId, deliveredId] = demoShopperOrderIds(userId);
  const shippedAt = now - 2 * DAY_MS;
  const deliveredOrderAt = now - 6 * DAY_MS;
  const shipped: DemoOrder = {
    id: shippedId,
    userId,
    status: 'shipped',
    items: [{ productId: 'P1001', sku: 'P1001-黑色-XL', title: '加绒连帽卫衣（XL 黑色）', quantity: 1, price: 159 }],
    total: 159,
    createdAt: iso(shippedAt),
    paidAt: iso(shippedAt + 60_000),
    address: ADDRESS,
    carrier: '顺丰',
    trackingNo: `SF${digitsOf(userId, 8, 13)}`,
    logistics: {
      status: 'in_transit',
      estimatedDelivery: iso(now + DAY_MS).slice(0, 10),
      events: [
        { at: iso(shippedAt + 5 * HOUR_MS), description: '【杭州】顺丰速运已揽收' },
        { at: iso(shippedAt + 14 * HOUR_MS), description: '快件已从【杭州转运中心】发出，下一站【上海转运中心】' },
        { at: iso(now - 6 * HOUR_MS), description: '快件已到达【上海转运中心】' },
      ],
    },
  };
  const paid: DemoOrder = {
    id: paidId,
    userId,
    status: 'paid',
    items: [{ productId: 'P2002', sku: 'P2002-1', title: '玻尿酸补水保湿面膜（10片装）', quantity: 2, price: 89 }],
    total: 178,
    createdAt: iso(now - 3 * HOUR_MS),
    paidAt: iso(now - 3 * HOUR_MS + 60_000),
    address: ADDRESS,
  };
  const delivered: DemoOrder = {
    id: deliveredId,
    userId,
    status: 'delivered',
    items: [{ productId: 'P3001', sku: 'P3001-1', title: '主动降噪蓝牙耳机（曜石黑）', quantity: 1, price: 299 }],
    total: 299,
    createdAt: iso(deliveredOrderAt),
    paidAt: iso(deliveredOrderAt + 60_000),
    address: ADDRESS,
    carrier: '中通',
    trackingNo: digitsOf(userId, 16, 14),
    logistics: {
      status: 'delivered',
      events: [
        { at: iso(deliveredOrderAt + 6 * HOUR_MS), description: '【杭州】中通快递已揽收' },
        { at: iso(now - 4 * DAY_MS), description: '快件已到达【上海转运中心】' },
        { at: iso(now - 3 * DAY_MS), description: '已签收，签收人：本人。感谢使用中通快递' },
      ],
    },
  };
  return [shipped, paid, delivered].map((o) => ({ ...o, sample: true }));
}
