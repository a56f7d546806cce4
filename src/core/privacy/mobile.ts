/**
 * Mainland China mobile numbers as people write them: 13812345678, 138 1234 5678, 138-1234-5678,
 * 138.1234.5678, 1381 234 5678, +86 138 1234 5678, (+86)13812345678, 8613812345678, 008613812345678,
 * 013812345678 — and, through the normalised view, １３８１２３４５６７８ or 138—1234—5678.
 */
import { DIGIT_SEP as S, digitsOf, labelledAsOrderId, NUMBER_END, NUMBER_START, scan, type PiiSpan } from './pii-span';

const PREFIX = String.raw`(?:(?:\+|00)?86${S}?|\(\+?86\)${S}?|0)?`;
const BODY = String.raw`1[3-9]\d(?:${S}?\d{4}${S}?\d{4}|\d${S}\d{3}${S}\d{4})`;
const MOBILE_RE = new RegExp(`${NUMBER_START}${PREFIX}${BODY}${NUMBER_END}`, 'g');

/** The masked form of a mobile number: first three and last four digits, `138****5678` (no country code). */
export function maskMobile(written: string): string {
  const digits = digitsOf(written).slice(-11);
  return `${digits.slice(0, 3)}****${digits.slice(7)}`;
}

/**
 * Mobile numbers in normalised text. A number right after an order label (订单号 13812345678) is the
 * order id the shopper means, as for the order-id entity, and is left alone.
 */
export function findMobiles(text: string): PiiSpan[] {
  return scan(text, MOBILE_RE, (m) =>
    labelledAsOrderId(text, m.index) ? undefined : { start: m.index, end: m.index + m[0].length, mask: maskMobile(m[0]), rank: 4 },
  );
}
