import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../core/security/constant-time';

/** Signed one-click unsubscribe links for proactive messages (`{{ unsubscribe_url }}` in templates). */
export interface UnsubscribeLinks {
  /** The link for one shopper, e.g. `https://shop.example/unsubscribe?u=…&t=…`. */
  url(userId: string): string;
  /** Whether `token` was issued for `userId` by this shop. */
  verify(userId: string, token: string): boolean;
}

/**
 * Links signed with HMAC-SHA256 under `secret`, so nobody can opt another shopper out by guessing ids.
 *
 * @example
 * const links = unsubscribeLinks('https://shop.example', secret);
 * links.url('u-1'); // https://shop.example/unsubscribe?u=u-1&t=3q…
 */
export function unsubscribeLinks(publicUrl: string, secret: string): UnsubscribeLinks {
  const token = (userId: string): string => createHmac('sha256', secret).update(`unsubscribe:${userId}`).digest('base64url').slice(0, 32);
  const base = publicUrl.replace(/\/+$/, '');
  return {
    url: (userId) => `${base}/unsubscribe?u=${encodeURIComponent(userId)}&t=${token(userId)}`,
    verify: (userId, given) => constantTimeEqual(given, token(userId)),
  };
}
