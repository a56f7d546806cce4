/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'kefu_console';

/**
 * The value of cookie `name` in a Cookie header, or undefined.
 *
 * @example
 * readCookie('a=1; kefu_console=abc', 'kefu_console'); // 'abc'
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Set-Cookie value of the session cookie: HttpOnly, SameSite=Strict, only under /console, Secure over HTTPS;
 * `id` undefined clears it.
 *
 * @example
 * sessionCookie('abc', 3600, false); // 'kefu_console=abc; Path=/console; Max-Age=3600; HttpOnly; SameSite=Strict'
 */
export function sessionCookie(id: string | undefined, maxAgeSeconds: number, secure: boolean): string {
  const parts = [`${SESSION_COOKIE}=${id ?? ''}`, 'Path=/console', `Max-Age=${id ? maxAgeSeconds : 0}`, 'HttpOnly', 'SameSite=Strict'];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
