import type { KefuEvent } from './event';

const SNAKE = /^[a-z][a-z0-9_]*$/;
const KNOWN = new Set(['id', 'type', 'userId', 'customerId', 'at', 'payload']);

function plainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null; // a plain object of any realm, not a class instance
}

/**
 * parseEvent's fast path for the common well-formed event (`id` and `userId` text of 1–200 characters, snake_case
 * `type`, `at` absent or epoch ms, `payload` absent or an object, no `customerId`): the same event the zod schema
 * gives, built without it. Anything else — including every invalid event — gives undefined, and parseEvent asks the
 * schema, so rejection reasons never differ.
 *
 * @example
 * fastEvent({ id: 'e1', type: 'page_view', userId: 'u1' }, 0); // { id: 'e1', type: 'page_view', userId: 'u1', at: 0, payload: {} }
 */
export function fastEvent(raw: unknown, now: number): KefuEvent | undefined {
  if (!plainObject(raw)) return undefined;
  const { id, type, userId, customerId, at, payload } = raw;
  if (typeof id !== 'string' || id.length < 1 || id.length > 200) return undefined;
  if (typeof type !== 'string' || !SNAKE.test(type)) return undefined;
  if (typeof userId !== 'string' || userId.length < 1 || userId.length > 200) return undefined;
  if (customerId !== undefined) return undefined;
  if (at !== undefined && !(typeof at === 'number' && Number.isSafeInteger(at) && at >= 0)) return undefined;
  if (payload !== undefined && !plainObject(payload)) return undefined;
  const merged: Record<string, unknown> = {};
  for (const key in raw) {
    if (KNOWN.has(key)) continue;
    if (key === '__proto__' || !Object.prototype.hasOwnProperty.call(raw, key)) return undefined;
    merged[key] = raw[key];
  }
  if (payload !== undefined)
    for (const key in payload) {
      if (key === '__proto__' || !Object.prototype.hasOwnProperty.call(payload, key)) return undefined;
      merged[key] = payload[key];
    }
  return { id, type, userId, at: at ?? now, payload: merged };
}
