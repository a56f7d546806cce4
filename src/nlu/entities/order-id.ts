/**
 * Order numbers: long digit strings (10–20 digits), letter-prefixed ids such as DD20261111xxxx,
 * and masked tokens like [订单x].
 */
import type { Entity } from '../../core/recognizer';
import { entityAt, matchAll } from './types';

const DIGITS_RE = /(?<![\dA-Za-z])\d{10,20}(?![\dA-Za-z])/g;
const LETTERED_RE = /(?<![\dA-Za-z])[A-Za-z]{1,4}\d{8,20}[A-Za-z0-9]{0,6}(?![\dA-Za-z])/g;
const MASKED_RE = /\[订单[^\]\s]{0,4}\]/g;
const PHONE_SHAPE = /^1[3-9]\d{9}$/;
const ORDER_CONTEXT = /(订单|单号|order)\s*(号|编号|no\.?)?\s*[:：是为]?\s*$/i;

/**
 * Find order numbers. An 11-digit string shaped like a mobile number counts as an order id only when
 * the text right before it says 订单/单号.
 *
 * @example
 * extractOrderIds('订单号 DD202611110123'); // value 'DD202611110123'
 */
export function extractOrderIds(text: string): Entity[] {
  const out: Entity[] = [];
  for (const m of matchAll(text, DIGITS_RE)) {
    const before = text.slice(Math.max(0, m.index - 8), m.index);
    if (PHONE_SHAPE.test(m[0]) && !ORDER_CONTEXT.test(before)) continue;
    out.push(entityAt('order_id', m[0], m[0], m.index));
  }
  for (const m of matchAll(text, LETTERED_RE)) {
    out.push(entityAt('order_id', m[0].toUpperCase(), m[0], m.index));
  }
  for (const m of matchAll(text, MASKED_RE)) {
    out.push(entityAt('order_id', m[0], m[0], m.index));
  }
  return out;
}
