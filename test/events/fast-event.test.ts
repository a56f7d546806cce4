import { parseEvent, parseEventWithSchema } from '../../src/events/event';
import { fastEvent } from '../../src/events/fast-event';
import { validateBatch } from '../../src/events/validate-batch';

/** A small deterministic PRNG, so a failure names a reproducible item. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const IDS: unknown[] = ['e1', '', 'x'.repeat(200), 'x'.repeat(201), 7, null, '订单-1', ' '];
const TYPES: unknown[] = ['product_view', 'cart_add', 'custom_thing', 'Cart', '1x', 'a-b', '', 3, 'order_paid'];
const USERS: unknown[] = ['u1', '', 'u'.repeat(200), 'u'.repeat(201), 12, null, '顾客'];
const CUSTOMERS: unknown[] = ['shop-9', 'has space', '', 'x'.repeat(129), 5];
const ATS: unknown[] = [
  0,
  1764000000000,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER + 2,
  '2026-12-06T10:00:00Z',
  '2026-12-06',
  'soon',
  null,
  NaN,
  -0,
];
const PAYLOADS: unknown[] = [
  {},
  { productId: 'p1', price: 12, category: '服饰' },
  { orderId: 'o1', amount: '199.00' },
  { nested: { deep: [1, 2, { x: 1 }] } },
  { '2': 'two', '1': 'one', b: 1, a: 2 },
  [],
  null,
  'text',
  5,
  JSON.parse('{"__proto__":{"polluted":1},"ok":1}') as unknown,
];
const EXTRAS: Record<string, unknown>[] = [
  {},
  { cartId: 'c1' },
  { productId: 'p9', price: 3 },
  { '10': 'ten', z: null },
  JSON.parse('{"__proto__":{"x":1}}'),
];

/** One item: each field present with a value from its list (often a valid one), or absent. */
function item(next: () => number): unknown {
  const pick = <T>(list: readonly T[], validShare = 0.6): T | undefined => {
    const r = next();
    if (r < 0.08) return undefined;
    return r < validShare ? list[0] : list[Math.floor(next() * list.length)];
  };
  const r = next();
  if (r < 0.03) return pick([null, 42, 'text', [1, 2], true]);
  const out: Record<string, unknown> = {};
  const fields: [string, unknown][] = [
    ['id', pick(IDS, 0.8)],
    ['type', pick(TYPES, 0.8)],
    ['userId', pick(USERS, 0.8)],
    ['customerId', next() < 0.15 ? pick(CUSTOMERS, 0.5) : undefined],
    ['at', next() < 0.6 ? pick(ATS, 0.3) : undefined],
    ['payload', next() < 0.85 ? pick(PAYLOADS, 0.2) : undefined],
  ];
  // the producer's key order varies; unknown top-level keys go into the payload
  const extras = EXTRAS[Math.floor(next() * EXTRAS.length)]!;
  for (const [k, v] of [...fields, ...Object.entries(extras)].sort(() => next() - 0.5))
    if (k !== '__proto__' && (v !== undefined || next() < 0.1)) out[k] = v;
  if (Object.prototype.hasOwnProperty.call(extras, '__proto__'))
    Object.defineProperty(out, '__proto__', { value: extras['__proto__'], enumerable: true });
  return out;
}

describe('parseEvent fast path', () => {
  it('gives exactly what the zod schema gives (event, key order, rejection reason) for 20,000 valid and invalid items', () => {
    const next = random(15);
    let fast = 0;
    let valid = 0;
    for (let n = 0; n < 20_000; n += 1) {
      const raw = item(next);
      const reference = parseEventWithSchema(structuredClone(raw), 1000);
      const copy = structuredClone(raw);
      const got = parseEvent(copy, 1000);
      if (fastEvent(structuredClone(raw), 1000)) fast += 1;
      if (reference.ok) valid += 1;
      expect({ n, raw, got: JSON.stringify(got) }).toEqual({ n, raw, got: JSON.stringify(reference) });
      expect(got).toEqual(reference);
    }
    // both kinds are well represented, and the fast path really takes the common valid ones
    expect(valid).toBeGreaterThan(5000);
    expect(20_000 - valid).toBeGreaterThan(5000);
    expect(fast).toBeGreaterThan(valid * 0.5);
  });

  it('never accepts what the schema rejects, and validateBatch reports the schema reasons', () => {
    const next = random(7);
    const items = Array.from({ length: 5000 }, () => item(next));
    for (const raw of items) if (fastEvent(structuredClone(raw), 0)) expect(parseEventWithSchema(structuredClone(raw), 0).ok).toBe(true);
    const batch = validateBatch(
      items.map((raw) => structuredClone(raw)),
      0,
    );
    for (const r of batch.rejected) {
      const reference = parseEventWithSchema(structuredClone(items[r.index]), 0);
      if (!reference.ok) expect(r.reason).toBe(reference.reason);
    }
    expect(batch.rejected.length).toBeGreaterThan(1000);
  });
});
