/**
 * QQ numbers the way shoppers hand them out: QQ 123456789, qq号：12345678, 扣扣 2345678, 企鹅号是 87654321. A QQ
 * number is 5–11 digits, not starting with 0.
 *
 * Found only right after one of these words (a bare 5–11 digit number is an order number, a price or a quantity far
 * more often), and only the number is masked: `QQ 12****89`. `qq` needs no letter or digit before it (a hash, a
 * product code); QQ群 numbers are a group's, not a person's, and stay.
 */
import { maskAccountId, scan, type PiiSpan } from './pii-span';

const WORD = String.raw`(?:(?<![A-Za-z0-9_])[Qq]{2}|扣扣|企鹅)(?:号码?)?`;
/** Between the word and the number: spaces and a colon (full-width ones are ASCII in the normalised view), 是/为. */
const GAP = String.raw`[\s:]{0,4}(?:[是为][\s:]{0,3})?`;
const QQ_RE = new RegExp(String.raw`${WORD}${GAP}([1-9]\d{4,10})(?!\d)(?!\.\d)`, 'g');

/** QQ numbers in normalised text. */
export function findQqNumbers(text: string): PiiSpan[] {
  return scan(text, QQ_RE, (m) => {
    const qq = m[1]!;
    const end = m.index + m[0].length;
    return { start: end - qq.length, end, mask: maskAccountId(qq), rank: 7 };
  });
}
