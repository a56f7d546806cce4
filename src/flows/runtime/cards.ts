import type { CouponCard, OrderCard, OutboundMessage, ProductCard } from '../../core/message';
import type { CardDef } from '../types';
import { ORDER_STATUS_ZH } from '../../commerce/order-status-zh';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);


/** A stock line: 已售罄 / 仅剩 3 件 / 库存充足. */
export function stockLine(stock: number): string {
  return stock <= 0 ? '已售罄' : stock < 10 ? `仅剩 ${stock} 件` : '库存充足';
}

/** Product (or product view) → ProductCard. */
export function toProductCard(p: Obj): ProductCard {
  const variants = Array.isArray(p.variants) ? (p.variants as Obj[]) : undefined;
  const subtitle = typeof p.subtitle === 'string' ? p.subtitle : variants ? stockLine(variants.reduce((s, v) => s + num(v.stock), 0)) : undefined;
  const card: ProductCard = { id: str(p.id), title: str(p.title), price: num(p.price) };
  if (typeof p.imageUrl === 'string') card.imageUrl = p.imageUrl;
  if (typeof p.url === 'string') card.url = p.url;
  if (subtitle) card.subtitle = subtitle;
  const mini = isObj(p.miniProgram) ? p.miniProgram : undefined;
  if (mini && typeof mini.appId === 'string' && typeof mini.pagePath === 'string' && mini.appId && mini.pagePath) {
    card.miniProgram = { appId: mini.appId, pagePath: mini.pagePath, ...(typeof mini.username === 'string' && mini.username ? { username: mini.username } : {}) };
  }
  return card;
}

/** Coupon → CouponCard. */
export function toCouponCard(c: Obj): CouponCard {
  return { code: str(c.code), title: str(c.title), amount: num(c.amount), minSpend: num(c.minSpend), expiresAt: str(c.expiresAt) };
}

/** Order (or order view) → OrderCard. */
export function toOrderCard(o: Obj): OrderCard {
  const items = Array.isArray(o.items) ? (o.items as Obj[]).map((i) => ({ title: str(i.title), quantity: num(i.quantity) || 1 })) : [];
  const card: OrderCard = { id: str(o.id), status: (ORDER_STATUS_ZH as Record<string, string>)[str(o.status)] ?? str(o.status), total: num(o.total), items };
  const logistics = typeof o.logistics === 'string' ? o.logistics : o.trackingNo ? `${str(o.carrier)} ${str(o.trackingNo)}`.trim() : undefined;
  if (logistics) card.logistics = logistics;
  return card;
}

/** Unwraps `{ order }`/`{ coupon }`/`{ products }`-style action results to the card data. */
function unwrap(type: CardDef['type'], value: unknown): unknown {
  if (!isObj(value)) return value;
  const key = type === 'product' ? (Array.isArray(value.products) ? 'products' : 'product') : type;
  if (key in value && (isObj(value[key]) || Array.isArray(value[key]))) return value[key];
  if (type === 'product' && Array.isArray(value.items) && !('total' in value)) return value.items;
  return value;
}

/**
 * Cards for a `say` step's `card:` — one per array element; nothing for empty/missing data.
 *
 * @example
 * cardMessages('product', [product]); // [{ type: 'product_card', product: {...} }]
 */
export function cardMessages(type: CardDef['type'], value: unknown): OutboundMessage[] {
  const data = unwrap(type, value);
  const list = (Array.isArray(data) ? data : [data]).filter(isObj);
  return list.map((v): OutboundMessage => {
    if (type === 'product') return { type: 'product_card', product: toProductCard(v) };
    if (type === 'coupon') return { type: 'coupon_card', coupon: toCouponCard(v) };
    return { type: 'order_card', order: toOrderCard(v) };
  });
}
