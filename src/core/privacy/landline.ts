/**
 * Mainland China landlines: area code 010, 02x or 0xxx, then a 7- or 8-digit local number:
 * 010-12345678, (021)12345678, 0755-1234567, 021 1234 5678, 02112345678, +86 10 12345678.
 *
 * Business numbers (400/800 hotlines, 95xxx service numbers) are not personal data and are not masked:
 * they have no area code, so the pattern does not match them. An extension after the number
 * (010-12345678-801) stays as written.
 */
import { DIGIT_SEP as S, labelledAsOrderId, NUMBER_END, NUMBER_START, scan, type PiiSpan } from './pii-span';

const AREA = String.raw`(?:10|2\d|[3-9]\d{2})`;
const HEAD = String.raw`(?:(?:\+|00)86${S}?\(?0?|\(0|0)(${AREA})\)?`;
const LOCAL = String.raw`([1-9]\d{2,3})${S}?(\d{4})`;
const LANDLINE_RE = new RegExp(`${NUMBER_START}${HEAD}${S}?${LOCAL}${NUMBER_END}`, 'g');

/** The masked form of a landline: area code kept, local number down to its last four, `010-****5678`. */
export function maskLandline(area: string, localHead: string, localTail: string): string {
  return `0${area}-${'*'.repeat(localHead.length)}${localTail}`;
}

/** Landline numbers in normalised text (not after an order label). */
export function findLandlines(text: string): PiiSpan[] {
  return scan(text, LANDLINE_RE, (m) => {
    if (labelledAsOrderId(text, m.index)) return undefined;
    const [, area, head, tail] = m as unknown as [string, string, string, string];
    return { start: m.index, end: m.index + m[0].length, mask: maskLandline(area, head, tail), rank: 3 };
  });
}
