import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compare a presented bearer token with the configured one in constant time
 * (both are hashed first, so neither length nor content leaks through timing).
 *
 * @example
 * tokenMatches(request.headers.authorization, config.adminToken); // 'Bearer <token>' → true
 */
export function tokenMatches(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match?.[1] ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && presented.length > 0;
}
