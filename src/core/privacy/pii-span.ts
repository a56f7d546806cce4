/**
 * What the personal-data detectors share: the span they report, the edges of a number, the
 * separators people put inside numbers, and the words around a number that decide what it is.
 */

/** A piece of personal data found in the normalised text, and what replaces it. */
export interface PiiSpan {
  /** Start offset in the normalised text. */
  start: number;
  /** End offset (exclusive) in the normalised text. */
  end: number;
  /** The masked form written instead, e.g. `138****5678`. */
  mask: string;
  /** Lower wins when two detectors report the same span (e.g. a 身份证 number that also passes Luhn). */
  rank: number;
}

/**
 * Left edge of a number: no digit right before it, no decimal point after a digit (the fraction of
 * `"responseTime":2.2278123456788323` in a log line is no card), and no digit-and-letter token it would be the tail of
 * (hashes, base64). Letters alone are fine (`vx13812345678`, `tel13812345678`), and so is a JSON escape
 * (`\n13812345678` in a serialised log line).
 */
export const NUMBER_START = String.raw`(?<!\d)(?<!\d\.)(?<!\d[A-Za-z]{1,8})`;

/** Right edge of a number: no digit after it, and no letters that go on into digits. */
export const NUMBER_END = String.raw`(?!\d)(?![A-Za-z]{1,8}\d)`;

/**
 * One separator inside a written number, after NFKC: space, hyphen, dot, the dashes ‐‑‒–—― and −, and the
 * middle dots · ・. (NFKC has already turned full-width －．and the ideographic space into ASCII.)
 */
export const DIGIT_SEP = String.raw`[ \-.\u2010-\u2015\u2212\u00b7\u30fb]`;

/** How far back the context rules look for a label, in characters. */
const CONTEXT_CHARS = 16;

/**
 * A label right before a number that makes it an order id (订单号：…, 单号 …, order_id=…, "orderId":"…",
 * "msgId":…). Same idea as the order-id entity's rule (src/nlu/entities/order-id.ts), widened to the
 * field names of log lines.
 */
const ORDER_LABEL = new RegExp(
  String.raw`(?:(?:订单|单号|运单|快递单)(?:号|编号|号码)?|(?:order|trade|transaction)(?:[_-]?(?:id|no|number|num))?|(?:msg|message)[_-]?id)` +
    String.raw`["'\s]*(?:[:：=是为#]\s*["']?)?$`,
  'i',
);

/** The text just before `start` (the context the label rules read). */
export function before(text: string, start: number): string {
  return text.slice(Math.max(0, start - CONTEXT_CHARS), start);
}

/**
 * Whether the number at `start` is labelled as an order or message id (then it is not masked). The
 * letters of a lettered order id (订单DD13812345678) may stand between the label and the digits.
 */
export function labelledAsOrderId(text: string, start: number): boolean {
  const context = before(text, start);
  return ORDER_LABEL.test(context) || ORDER_LABEL.test(context.replace(/[A-Za-z]{1,4}$/, ''));
}

/**
 * Run a global regex over `text` and keep what `accept` turns into a span. A rejected match does not
 * swallow its text: the scan goes on one character later, so an overlapping candidate still gets its turn.
 */
export function scan(text: string, re: RegExp, accept: (m: RegExpExecArray) => PiiSpan | undefined): PiiSpan[] {
  const spans: PiiSpan[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const span = accept(m);
    if (span) spans.push(span);
    else re.lastIndex = m.index + 1;
  }
  return spans;
}

/** The digits of a written number (separators, `+` and brackets dropped). */
export function digitsOf(written: string): string {
  return written.replace(/[^\dXx]/g, '').toUpperCase();
}

/**
 * The masked form of an account id (WeChat id, QQ number): first and last two characters around `****`, or one
 * each for ids of 6 characters or fewer (`ab****89`, `1****5`). Four stars whatever the length, so the length
 * is not told either.
 */
export function maskAccountId(id: string): string {
  const keep = id.length > 6 ? 2 : 1;
  return `${id.slice(0, keep)}****${id.slice(-keep)}`;
}
