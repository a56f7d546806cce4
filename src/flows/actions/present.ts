import type { Coupon, Logistics, Order, OrderStatus, Product } from '../../commerce/gateway';
import { ORDER_STATUS_ZH } from '../../commerce/order-status-zh';


const LOGISTICS_ZH: Record<Logistics['status'], string> = {
  pending: '待揽收',
  in_transit: '运输中',
  out_for_delivery: '派送中',
  delivered: '已签收',
};

/** A product as flows render it: ProductCard fields plus category and stock. */
export interface ProductView {
  id: string;
  title: string;
  price: number;
  imageUrl?: string;
  subtitle: string;
  category: string;
  stock: number;
  /** Attribute lines joined, e.g. `面料：棉68%…；版型：宽松落肩`. */
  details: string;
  /** The product's own Mini Program page, when the commerce backend gives one. */
  miniProgram?: Product['miniProgram'];
}

/** Card-ready view of a product; `subtitle` is a stock line (库存充足 / 仅剩 3 件 / 已售罄). */
export function productView(p: Product): ProductView {
  const stock = p.variants.reduce((s, v) => s + v.stock, 0);
  const subtitle = stock === 0 ? '已售罄' : stock < 10 ? `仅剩 ${stock} 件` : '库存充足';
  const details = Object.entries(p.attributes)
    .map(([k, v]) => `${k}：${v}`)
    .join('；');
  const view: ProductView = { id: p.id, title: p.title, price: p.price, imageUrl: p.imageUrl, subtitle, category: p.category, stock, details };
  if (p.miniProgram) view.miniProgram = p.miniProgram;
  return view;
}

/** An order as flows render it: OrderCard fields plus the raw status and a short item line. */
export interface OrderView {
  id: string;
  status: string;
  statusCode: OrderStatus;
  total: number;
  items: { title: string; quantity: number }[];
  /** e.g. 加绒连帽卫衣等 2 件 */
  itemLine: string;
  createdAt: string;
  logistics?: string;
}

/** Card-ready view of an order (address left out: personal data). */
export function orderView(o: Order, track?: Logistics): OrderView {
  const count = o.items.reduce((s, i) => s + i.quantity, 0);
  const first = o.items[0]?.title.replace(/（.*）$/, '') ?? '商品';
  const view: OrderView = {
    id: o.id,
    status: ORDER_STATUS_ZH[o.status],
    statusCode: o.status,
    total: o.total,
    items: o.items.map((i) => ({ title: i.title, quantity: i.quantity })),
    itemLine: count > 1 ? `${first}等 ${count} 件` : first,
    createdAt: o.createdAt,
  };
  if (track) view.logistics = `${track.carrier} ${track.trackingNo} ${LOGISTICS_ZH[track.status]}`;
  return view;
}

/** Chinese label of a logistics state. */
export function logisticsStatusZh(status: Logistics['status']): string {
  return LOGISTICS_ZH[status];
}

/** The rule of a coupon in shop words: 满99减20 / 无门槛减5元. */
export function couponRule(c: Pick<Coupon, 'amount' | 'minSpend'>): string {
  return c.minSpend > 0 ? `满${c.minSpend}减${c.amount}` : `无门槛减${c.amount}元`;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone (building an Intl.DateTimeFormat costs far more than using one). */
function monthDayTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * A date-time as shoppers read it in the shop's time zone, e.g. `11月17日 05:48`.
 *
 * @example
 * shortTime('2025-11-17T05:48:00+08:00', 'Asia/Shanghai'); // '11月17日 05:48'
 */
export function shortTime(iso: string, timeZone: string, withTime = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = monthDayTimeFormat(timeZone).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const date = `${get('month')}月${get('day')}日`;
  return withTime ? `${date} ${get('hour')}:${get('minute')}` : date;
}

/** Words shoppers use → attribute names they are asking about. */
const ATTRIBUTE_WORDS: [RegExp, string[]][] = [
  [/面料|材质|纯棉|棉的|什么料|起球|透气/, ['面料', '材质', '质地']],
  [/成分|配料|添加|过敏|孕妇|酒精/, ['成分', '配料']],
  [/保质期|过期|放多久|生产日期|储存/, ['保质期', '储存']],
  [/尺码|码数|多大|尺寸|大小|身高|体重/, ['尺码建议', '尺码', '尺寸', '适用体重', '规格']],
  [/规格|容量|多少片|多少克|净含量|几袋|重量|多重/, ['规格', '净含量', '容量', '重量']],
  [/续航|电池|充电|多久没电/, ['续航', '输出', '容量']],
  [/兼容|支持|iphone|苹果|安卓|华为|蓝牙|连接/i, ['兼容', '蓝牙版本', '连接']],
  [/防水|游泳|洗澡/, ['防水']],
  [/保修|质保|坏了怎么办/, ['保修']],
  [/怎么洗|洗涤|机洗|手洗/, ['洗涤']],
  [/怎么用|用法|使用/, ['使用', '特点']],
];

/**
 * The attribute lines that answer a question about a product (`这个是纯棉的吗` → 面料…),
 * or every line when the question names no attribute.
 *
 * @example
 * attributeAnswer(hoodie, '是纯棉的吗'); // '面料：棉68% 聚酯纤维32%，内里加绒'
 */
export function attributeAnswer(p: Product, question: string): string {
  const keys = ATTRIBUTE_WORDS.filter(([re]) => re.test(question)).flatMap(([, k]) => k);
  const lines = Object.entries(p.attributes).filter(([k]) => keys.includes(k));
  const chosen = lines.length ? lines : Object.entries(p.attributes);
  return chosen.map(([k, v]) => `${k}：${v}`).join('；');
}
