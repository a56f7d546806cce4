/**
 * The personal-data masker: one implementation for log lines, stored transcripts and anything else that
 * must not keep a shopper's numbers (PIPL: 身份证 and bank card numbers are sensitive personal information).
 */
import { findAddresses } from './address';
import { findBankCards } from './bank-card';
import { findEmails } from './email';
import { findIdCards } from './id-card';
import { findLandlines } from './landline';
import { findMobiles } from './mobile';
import { normalizedView } from './normalized-view';
import type { PiiSpan } from './pii-span';
import { findQqNumbers } from './qq-number';
import { findWechatIds } from './wechat-id';

/** Cheap pre-check: plain ASCII without a digit, an @ or a WeChat word (vx, wx) has nothing to mask. */
const MAYBE_PII = /[\d@]|[^\x00-\x7f]|[vw]x/i;

/** Non-overlapping spans, leftmost first; of two starting together the longer wins, then the lower rank. */
function pickSpans(candidates: PiiSpan[]): PiiSpan[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const kept: PiiSpan[] = [];
  for (const span of candidates) {
    const last = kept[kept.length - 1];
    if (!last || span.start >= last.end) kept.push(span);
  }
  return kept;
}

/**
 * Replace personal data in `text` with masked forms an operator can still work with:
 *
 * | what | masked as |
 * |---|---|
 * | mobile (13812345678, +86 138 1234 5678, 138-1234-5678, 138.1234.5678, １３８１２３４５６７８) | `138****5678` |
 * | landline (010-12345678, (021)12345678, 0755-1234567) | `010-****5678`, `0755-***4567` |
 * | 身份证 (18 digits with a valid check digit, or 15; any 18/15 after 身份证/证件) | `1101**********123X` |
 * | bank card (16–19 digits, Luhn; groups of four) | `6222 **** **** 1234` |
 * | e-mail (also with ＠) | `a***@qq.com` |
 * | postal address (two or more parts: 市+区, 路+号, 小区+栋…) | `[地址]` |
 * | WeChat id after 微信号/微信/v信/vx/wx (微信号：abc12389) | `微信号：ab****89` |
 * | QQ number after QQ/qq/扣扣/企鹅 (QQ号 123456789) | `QQ号 12****89` |
 *
 * Detection runs on the NFKC form (full-width digits, ＠, －, the ideographic space), but the result is the
 * original text with only the masked spans replaced; masks are written in ASCII.
 *
 * WeChat ids and QQ numbers are masked only right after their word (a bare 5–11 digit number is an order number or a
 * price far more often); the word stays.
 *
 * Not masked: 400/800 hotlines and 95xxx numbers (business numbers), prices, quantities, dates, sizes
 * (175/88A), and order ids. An order id is kept readable because it is what an operator looks a case up
 * by: numbers shaped like the shop's order ids (2025112012345678) are neither valid 身份证 numbers nor
 * card-like Luhn numbers, and any number right after an order label (订单号：…, `"orderId":"…"`) is taken
 * for an order id, the rule the order-id entity uses too. Entity extraction never sees masked text: the
 * turn pipeline recognises the message first and masks only what it logs and stores.
 *
 * Linear in the length of the text (no pattern backtracks over an unbounded run): roughly 15 µs for an
 * ordinary 200-character message, 55 µs for one full of personal data (see docs/operations.md).
 *
 * @example
 * maskPersonalData('电话１３８-1234-5678，邮箱abc@qq.com，地址杭州市西湖区文三路100号，订单2025112012345678');
 * // '电话138****5678，邮箱a***@qq.com，地址[地址]，订单2025112012345678'
 */
export function maskPersonalData(text: string): string {
  if (!MAYBE_PII.test(text)) return text;
  const view = normalizedView(text);
  const numbers = pickSpans([
    ...findEmails(view.text),
    ...findIdCards(view.text),
    ...findBankCards(view.text),
    ...findLandlines(view.text),
    ...findMobiles(view.text),
    ...findWechatIds(view.text),
    ...findQqNumbers(view.text),
  ]);
  const spans = pickSpans([...numbers, ...findAddresses(view.text, numbers)]);
  if (spans.length === 0) return text;
  let out = '';
  let from = 0;
  for (const span of spans) {
    const start = view.originalStart(span.start);
    out += text.slice(from, start) + span.mask;
    from = view.originalEnd(span.end);
  }
  return out + text.slice(from);
}
