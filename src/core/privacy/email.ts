/**
 * E-mail addresses, also with a full-width ＠ or ．(the normalised view turns them into @ and .) and with
 * Chinese text right around them (邮箱abc@qq.com谢谢).
 */
import { scan, type PiiSpan } from './pii-span';

/**
 * Local part from the start of its run only (no backtracking into a long token), then dot-separated
 * labels. A user name in a connection URL (postgres://kefu@db) is not an address: `/` may not precede it.
 */
const EMAIL_RE = /(?<![A-Za-z0-9._%+\-/])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const TLD = /\.[A-Za-z]{2,}$/;

/** The masked form: first character of the local part, `***`, the domain (`a***@qq.com`). */
export function maskEmail(address: string): string {
  const at = address.indexOf('@');
  return `${address[0]}***${address.slice(at)}`;
}

/** E-mail addresses in normalised text. */
export function findEmails(text: string): PiiSpan[] {
  return scan(text, EMAIL_RE, (m) =>
    TLD.test(m[0]) ? { start: m.index, end: m.index + m[0].length, mask: maskEmail(m[0]), rank: 0 } : undefined,
  );
}
