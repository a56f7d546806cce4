import { z } from 'zod';
import { fastEvent } from './fast-event';

/**
 * One behaviour or commerce event (cart_add, order_created, order_paid, …) as kefu ingests it
 * from `POST /events`, Redis or the CommerceGateway.
 *
 * @example
 * const e: KefuEvent = { id: 'evt-1', type: 'cart_add', userId: 'u1', at: Date.now(), payload: { cartId: 'c9' } };
 */
export interface KefuEvent {
  /** Producer's event id, used to drop duplicates. */
  id: string;
  /** Event name, snake_case. */
  type: string;
  /** kefu user id (filled in from `customerId` when the producer sent the shop's id). */
  userId: string;
  /** The shop's own customer id, when the producer sent it; kefu resolves it to `userId` (docs/identity.md). */
  customerId?: string;
  /** When it happened, milliseconds since epoch. */
  at: number;
  payload: Record<string, unknown>;
}

/** zod schema of one incoming event; `at` may be ISO text or epoch milliseconds (default: now). */
export const eventSchema = z
  .object({
    id: z.string().min(1).max(200),
    type: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case, e.g. cart_add'),
    userId: z.string().min(1).max(200).optional(),
    customerId: z
      .string()
      .regex(/^[\x21-\x7e]{1,128}$/, "must be the shop's customer id: 1-128 visible ASCII characters")
      .optional(),
    at: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]).optional(),
    payload: z.record(z.string(), z.unknown()).optional(),
  })
  .loose()
  .refine((e) => e.userId !== undefined || e.customerId !== undefined, {
    message: "give customerId (the shop's customer id) or userId (kefu's user id)",
    path: ['customerId'],
  });

/**
 * Validate one raw event and normalise it. Unknown top-level keys go into `payload`
 * (so `{id, type, userId, cartId}` works like `{..., payload: {cartId}}`). Common well-formed events take
 * {@link fastEvent}; everything else {@link parseEventWithSchema} (same results, same reasons).
 */
export function parseEvent(raw: unknown, now = Date.now()): { ok: true; event: KefuEvent } | { ok: false; reason: string } {
  const event = fastEvent(raw, now);
  return event ? { ok: true, event } : parseEventWithSchema(raw, now);
}

/** {@link parseEvent} by the zod schema alone (the reference the fast path must agree with). */
export function parseEventWithSchema(raw: unknown, now = Date.now()): { ok: true; event: KefuEvent } | { ok: false; reason: string } {
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ');
    return { ok: false, reason };
  }
  const { id, type, userId, customerId, at, payload, ...rest } = parsed.data;
  const time = at === undefined ? now : typeof at === 'number' ? at : Date.parse(at);
  const who = customerId === undefined ? { userId: userId! } : { userId: userId ?? '', customerId };
  return { ok: true, event: { id, type, ...who, at: time, payload: { ...rest, ...(payload ?? {}) } } };
}
