/**
 * Bank card numbers: 16–19 digits, written in one run (6222021234567890123) or in groups of four
 * separated by spaces or dashes (6222 0212 3456 7890, 6222-0212-3456-7890-123).
 *
 * A number is masked when 卡号/银行卡/信用卡/card comes just before it; or when it passes the Luhn check
 * and starts like a card (3, 4, 5, 6 or 9: UnionPay 62…, Visa, Mastercard, JCB, Amex, domestic 9…; or
 * Mastercard's 2221–2720); or, written in groups of four, when it does either (a mistyped card is still
 * a card). Order ids such as 2025112012345678 start like a date and are not cards; right after an order
 * label (订单号 …) a number is never taken for a card.
 */
import { before, digitsOf, labelledAsOrderId, NUMBER_END, NUMBER_START, scan, type PiiSpan } from './pii-span';

const GROUP_SEP = '[ \\-]';
const CARD_RE = new RegExp(`${NUMBER_START}(?:\\d{4}(?:${GROUP_SEP}\\d{4}){3}(?:${GROUP_SEP}\\d{1,3})?|\\d{16,19})${NUMBER_END}`, 'g');
/** The same, without the optional last group: tried when the longer reading is not a card. */
const CARD16_GROUPED_RE = new RegExp(`^\\d{4}(?:${GROUP_SEP}\\d{4}){3}`);
const CARD_LABEL = /(?:卡号|银行卡|信用卡|储蓄卡|借记卡|card[\s_-]?(?:no|number|num)?)[^\d]{0,8}$/i;

/** Whether the digits pass the Luhn check (ISO/IEC 7812). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether the number starts like a payment card's issuer number. */
function cardLikePrefix(digits: string): boolean {
  if (/^[34569]/.test(digits)) return true;
  const four = Number(digits.slice(0, 4));
  return four >= 2221 && four <= 2720;
}

/** The masked form: first and last four digits in four groups, whatever the length (`6222 **** **** 1234`). */
export function maskBankCard(digits: string): string {
  return `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
}

function cardSpan(start: number, written: string, labelled: boolean): PiiSpan | undefined {
  const digits = digitsOf(written);
  const grouped = written.length > digits.length;
  const luhn = luhnValid(digits);
  const cardLike = cardLikePrefix(digits);
  if (!labelled && !(luhn && cardLike) && !(grouped && (luhn || cardLike))) return undefined;
  return { start, end: start + written.length, mask: maskBankCard(digits), rank: 2 };
}

/** Bank card numbers in normalised text. */
export function findBankCards(text: string): PiiSpan[] {
  return scan(text, CARD_RE, (m) => {
    const labelled = CARD_LABEL.test(before(text, m.index));
    if (!labelled && labelledAsOrderId(text, m.index)) return undefined;
    const shorter = CARD16_GROUPED_RE.exec(m[0])?.[0];
    return cardSpan(m.index, m[0], labelled) ?? (shorter && shorter !== m[0] ? cardSpan(m.index, shorter, labelled) : undefined);
  });
}
