import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether two secrets are equal, in time that depends on neither their content nor their lengths: both
 * are hashed with SHA-256 first and the two digests (always 32 bytes) are compared with `timingSafeEqual`.
 * Use it for every token, signature or password compare. Empty strings are equal to each other only;
 * callers that must refuse an empty presented token check that themselves.
 *
 * @example
 * constantTimeEqual(presentedToken, config.adminToken); // true only for the same string
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}

/** A credential read from an `Authorization` header by {@link bearerOrBasicToken}. */
export interface PresentedToken {
  scheme: 'bearer' | 'basic';
  /** The bearer token, or the password of Basic credentials (the user name is ignored). */
  token: string;
}

/**
 * Read the token of an `Authorization` header: `Bearer <token>`, or `Basic base64(user:token)` (what browsers
 * send after a Basic-auth prompt; any user name). Undefined for a missing, empty or other header.
 *
 * @example
 * bearerOrBasicToken('Bearer s3cret'); // { scheme: 'bearer', token: 's3cret' }
 * bearerOrBasicToken(`Basic ${Buffer.from('admin:s3cret').toString('base64')}`); // { scheme: 'basic', token: 's3cret' }
 */
export function bearerOrBasicToken(header: string | undefined): PresentedToken | undefined {
  const match = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const value = match[2]!;
  if (match[1]!.toLowerCase() === 'bearer') return { scheme: 'bearer', token: value };
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const token = colon < 0 ? '' : decoded.slice(colon + 1);
  return token ? { scheme: 'basic', token } : undefined;
}

/**
 * Whether an `Authorization` header carries `expected` (Bearer, or Basic when `basic` is allowed), compared
 * with {@link constantTimeEqual}. A missing or empty token never matches.
 *
 * @example
 * authorizationMatches(request.headers.authorization, config.adminToken); // 'Bearer <token>' → true
 * authorizationMatches(header, token, { basic: true }); // also 'Basic base64(any:<token>)'
 */
export function authorizationMatches(header: string | undefined, expected: string, options: { basic?: boolean } = {}): boolean {
  const presented = bearerOrBasicToken(header);
  const usable = presented !== undefined && (presented.scheme === 'bearer' || options.basic === true);
  // Compare even when unusable, so a refused scheme costs the same time as a wrong token.
  const same = constantTimeEqual(usable ? presented.token : '', expected);
  return usable && same && expected.length > 0;
}
