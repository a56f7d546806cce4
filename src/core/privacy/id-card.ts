/**
 * 居民身份证 numbers: 18 characters (6-digit region, 8-digit birth date, 3-digit sequence, a check digit
 * 0-9 or X), or the old 15-digit form (2-digit birth year, no check digit). Also written in groups
 * (110101 19900307 123X).
 *
 * A number is masked when it is a valid 身份证 number (known province, real birth date, correct check
 * digit), or when 身份证/证件/ID card comes just before it, whatever its digits (a typo is still somebody's
 * number). Right after an order label (订单号 …) a valid-looking number is an order id and stays.
 */
import { before, DIGIT_SEP as S, digitsOf, labelledAsOrderId, NUMBER_START, scan, type PiiSpan } from './pii-span';

const ID_RE = new RegExp(`${NUMBER_START}(?:\\d{6}${S}?\\d{8}${S}?\\d{3}[\\dXx]|\\d{15})(?![\\dA-Za-z])`, 'g');
const ID_LABEL = /(?:身份证|证件|身份号|id[\s_-]?(?:card|no|number))[^\d]{0,8}$/i;
/** First two digits of every province-level region (11 北京 … 82 澳门, 91 for the overseas-issued). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
  83, 91,
]);
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Whether `yyyymmdd` is a real calendar date. */
function realDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1880 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whether 18 characters (17 digits and a check character) form a valid 身份证 number (GB 11643). */
export function validIdCard18(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id) || !PROVINCES.has(Number(id.slice(0, 2))) || !realDate(id.slice(6, 14))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11] === id[17];
}

/** Whether 15 digits form a plausible old 身份证 number (known province, real birth date in 19xx). */
export function validIdCard15(id: string): boolean {
  return /^\d{15}$/.test(id) && PROVINCES.has(Number(id.slice(0, 2))) && realDate(`19${id.slice(6, 12)}`);
}

/** The masked form: first four and last four characters, the rest starred (`1101**********123X`). */
export function maskIdCard(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 身份证 numbers in normalised text. */
export function findIdCards(text: string): PiiSpan[] {
  return scan(text, ID_RE, (m) => {
    const id = digitsOf(m[0]);
    const labelled = ID_LABEL.test(before(text, m.index));
    const valid = id.length === 18 ? validIdCard18(id) : validIdCard15(id);
    if (!labelled && (!valid || labelledAsOrderId(text, m.index))) return undefined;
    return { start: m.index, end: m.index + m[0].length, mask: maskIdCard(id), rank: 1 };
  });
}
