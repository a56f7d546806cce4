/** The event mix of bench:events: shaped like a shop's traffic (mostly views), typed payloads per type. */
const MIX: [type: string, share: number][] = [
  ['product_view', 45],
  ['page_view', 20],
  ['search', 8],
  ['cart_add', 8],
  ['cart_remove', 2],
  ['checkout_start', 3],
  ['order_created', 2],
  ['order_paid', 2],
  ['coupon_used', 1],
  ['live_join', 2],
  ['live_comment', 2],
  ['chat_message', 5],
];
const CATEGORIES = ['服饰', '鞋靴', '美妆', '数码', '家居', '食品', '母婴', '运动'];

function pick(i: number): string {
  let r = (i * 2654435761) % 100;
  for (const [type, share] of MIX) {
    if (r < share) return type;
    r -= share;
  }
  return 'page_view';
}

/** One event (the id carries `@ID@`, replaced per request so every request's ids are new). */
export function benchEvent(i: number, users: number, at: number): Record<string, unknown> {
  const type = pick(i);
  const userId = `bu${(i * 7919) % users}`;
  const productId = `p${(i * 31) % 5000}`;
  const category = CATEGORIES[i % CATEGORIES.length];
  const price = 20 + ((i * 13) % 900);
  const payloads: Record<string, Record<string, unknown>> = {
    product_view: { productId, category, price },
    page_view: { url: `/item/${productId}`, channel: 'web' },
    search: { query: '羽绒服 女' },
    cart_add: { cartId: `c${userId}`, productId, price, quantity: 1, category },
    cart_remove: { cartId: `c${userId}`, productId, price },
    checkout_start: { cartId: `c${userId}`, amount: price },
    order_created: { orderId: `o@ID@-${i}`, amount: price },
    order_paid: { orderId: `o@ID@-${i}`, amount: price, category },
    coupon_used: { couponCode: 'NEW10', orderId: `o@ID@-${i}` },
    live_join: { roomId: 'r1' },
    live_comment: { roomId: 'r1', text: '有M码吗' },
    chat_message: { channel: 'wechat-official', text: '在吗' },
  };
  return { id: `@ID@-${i}`, type, userId, at, payload: payloads[type] };
}

/** A request body template of `count` events; `withId(template, n)` makes request n's ids unique. */
export function bodyTemplate(count: number, users: number, offset: number): string {
  const at = Date.now();
  return JSON.stringify(Array.from({ length: count }, (_, i) => benchEvent(offset + i, users, at)));
}

export function withId(template: string, n: string): string {
  return template.replaceAll('@ID@', n);
}

/** Width of a request id written into a {@link StampedBody}. */
const SLOT = 12;

/**
 * A request body built once, as bytes, with a fixed-width slot for the request id in every event id: `stamp(id)`
 * only overwrites the slots (a few µs per 1,000 events), so the load generator costs next to nothing during the
 * timed part. The returned bytes are reused: send them and wait for the answer before stamping again.
 */
export class StampedBody {
  private readonly bytes: Buffer;
  private readonly slots: number[] = [];

  constructor(template: string) {
    this.bytes = Buffer.from(template.replaceAll('@ID@', '#'.repeat(SLOT)));
    const marker = Buffer.from('#'.repeat(SLOT));
    for (let at = this.bytes.indexOf(marker); at >= 0; at = this.bytes.indexOf(marker, at + SLOT)) this.slots.push(at);
  }

  /** The body with `id` (ASCII, at most 12 characters, unique per request) in every event id. */
  stamp(id: string): Buffer {
    if (id.length > SLOT) throw new Error(`request id ${id} is longer than ${SLOT} characters`);
    const fixed = id.padStart(SLOT, '0');
    for (const at of this.slots) this.bytes.write(fixed, at, 'latin1');
    return this.bytes;
  }
}
