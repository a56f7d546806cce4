import type { BehaviourEventType } from '../profiles/features';
import { BEHAVIOUR_EVENT_TYPES } from '../profiles/features';

/** How a payload field of a behaviour event is checked. */
type FieldKind = 'id' | 'text' | 'money' | 'count';

interface FieldRule {
  kind: FieldKind;
  required?: boolean;
}

const id = { kind: 'id', required: true } as const;
const optionalId = { kind: 'id' } as const;
const text = { kind: 'text' } as const;
const money = { kind: 'money' } as const;
const count = { kind: 'count' } as const;
const order = { orderId: id, amount: money, couponCode: optionalId, category: text } as const;
const cart = { cartId: optionalId, productId: optionalId, price: money, quantity: count, category: text } as const;

/**
 * The payload fields of each behaviour type (docs/profiles.md): required ids identify what the event is about,
 * the others are checked when present (money in yuan: a number or a decimal string ≥ 0; counts: integers ≥ 1).
 * Fields not listed are kept as they are.
 */
export const BEHAVIOUR_PAYLOADS: Record<BehaviourEventType, Record<string, FieldRule>> = {
  page_view: { url: text, channel: text },
  product_view: { productId: id, category: text, price: money },
  search: { query: text },
  cart_add: cart,
  cart_remove: cart,
  checkout_start: { cartId: optionalId, amount: money },
  order_created: order,
  order_paid: order,
  order_shipped: { orderId: id },
  order_delivered: { orderId: id },
  refund_requested: { orderId: id, amount: money },
  coupon_issued: { couponCode: id },
  coupon_used: { couponCode: id, orderId: optionalId },
  live_join: { roomId: id },
  live_comment: { roomId: id, text },
  chat_message: { channel: text, text },
};

const KNOWN = new Set<string>(BEHAVIOUR_EVENT_TYPES);
/** Each type's rules as a list, built once (this runs for every event on the route and in the consumers). */
const RULES = new Map(Object.entries(BEHAVIOUR_PAYLOADS).map(([type, fields]) => [type, Object.entries(fields)]));

/** Whether `type` is one of the typed behaviour events. */
export function isBehaviourType(type: string): type is BehaviourEventType {
  return KNOWN.has(type);
}

/**
 * Check and normalise the payload of a typed behaviour event in place (money given as `"199.00"` becomes 199).
 * Returns every problem as one sentence, or undefined when the payload is fine; other event types pass unchecked.
 *
 * @example
 * behaviourPayloadProblem('product_view', { productId: 'p1', price: 'cheap' }); // 'payload.price: must be …'
 */
export function behaviourPayloadProblem(type: string, payload: Record<string, unknown>): string | undefined {
  const rules = RULES.get(type);
  if (!rules) return undefined;
  let problems: string[] | undefined;
  for (const [name, rule] of rules) {
    const value = payload[name];
    if (value === undefined || value === null) {
      if (rule.required) (problems ??= []).push(`payload.${name}: required for ${type}`);
      continue;
    }
    const checked = checkField(rule.kind, value);
    if (typeof checked === 'string') (problems ??= []).push(`payload.${name}: ${checked}`);
    else payload[name] = checked.value;
  }
  return problems?.join('; ');
}

function checkField(kind: FieldKind, value: unknown): { value: unknown } | string {
  switch (kind) {
    case 'id':
      if (
        (typeof value === 'string' && value.length > 0 && value.length <= 200) ||
        (typeof value === 'number' && Number.isSafeInteger(value))
      )
        return { value: String(value) };
      return 'must be an id: text of 1-200 characters or an integer';
    case 'text':
      return typeof value === 'string' && value.length <= 2000 ? { value } : 'must be text of at most 2,000 characters';
    case 'money': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,12}(\.\d{1,4})?$/.test(value) ? Number(value) : NaN;
      return Number.isFinite(n) && n >= 0 && n < 1e12 ? { value: n } : 'must be an amount in yuan ≥ 0, e.g. 199 or "199.00"';
    }
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 1 ? { value } : 'must be a whole number ≥ 1';
  }
}
