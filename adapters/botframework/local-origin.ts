import { isIP } from 'node:net';
import { UnauthorizedError } from './request-auth';

/** Where a request at the messaging endpoint came from. */
export interface RequestOrigin {
  /** The `Authorization` header, if any. */
  authorization?: string;
  /** The TCP peer's address (the socket's, never a forwarding header's). */
  remoteAddress?: string;
  /** Whether the request carries a proxy header (`Forwarded`, `X-Forwarded-For`, `X-Real-IP`): it was relayed. */
  proxied: boolean;
}

/** How to open the door properly; part of every refusal without an App ID. */
const FIX =
  'Fix: set KEFU_BOTFRAMEWORK_APP_ID and KEFU_BOTFRAMEWORK_PASSWORD (the channel service then signs every request), or, for development only, KEFU_BOTFRAMEWORK_EMULATOR=true to accept unauthenticated requests from anywhere.';

/** Whether `address` is a loopback address (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(bare) === 6 && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(bare);
}

/** Whether `url` is an http(s) URL whose host is this machine (`localhost`, 127.0.0.0/8 or ::1). */
export function isLoopbackUrl(url: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url ?? '');
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const host = parsed.hostname.toLowerCase();
  return host === 'localhost' || isLoopbackAddress(host);
}

/**
 * Without an App ID only the local Bot Framework Emulator may call: the request must come straight from this machine
 * (a loopback peer, no proxy header: a reverse proxy on the same host would make every caller look local). Throws
 * {@link UnauthorizedError} whose reason says how to open the door properly.
 *
 * @example
 * requireLocalRequest({ remoteAddress: request.socket.remoteAddress, proxied: false });
 */
export function requireLocalRequest(origin: RequestOrigin): void {
  if (origin.proxied || !isLoopbackAddress(origin.remoteAddress))
    throw new UnauthorizedError(
      `no App ID is set, so only the Bot Framework Emulator on this machine may call (a loopback address, no proxy); this request came from elsewhere. ${FIX}`,
    );
}

/**
 * Without an App ID replies go unauthenticated to the Activity's serviceUrl, so it must be on this machine too: an
 * unauthenticated caller must never make kefu POST to a host of its choice.
 *
 * @example
 * requireLoopbackServiceUrl(activity.serviceUrl); // http://localhost:52789 passes
 */
export function requireLoopbackServiceUrl(serviceUrl: string | undefined): void {
  if (!isLoopbackUrl(serviceUrl))
    throw new UnauthorizedError(
      `no App ID is set, so the Activity's serviceUrl must be on this machine (localhost, 127.0.0.1 or [::1]), as the Bot Framework Emulator's is. ${FIX}`,
    );
}
