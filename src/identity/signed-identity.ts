import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../core/security/constant-time';

/**
 * Signed shop identities: the shop's backend tells kefu which of its customers is on a page by signing a compact
 * JWT (HS256, RFC 7519) with the shared secret `KEFU_IDENTITY_SECRET`: `{ "sub": "<customer id>", "exp": <unix
 * seconds> }`. Any JWT library makes one (see docs/identity.md). kefu accepts only HS256, checks the signature in
 * constant time, refuses an expired token and one whose `exp` lies further ahead than {@link MAX_AHEAD_SECONDS}.
 */

/** Latest `exp` kefu accepts, counted from now: a token is a bearer credential until it expires. */
export const MAX_AHEAD_SECONDS = 24 * 3600;
/** Longest token kefu reads (a customer id and an expiry fit in far less). */
export const MAX_TOKEN_LENGTH = 2048;
/** Shop customer ids: 1–128 visible ASCII characters (no spaces or control characters). */
export const CUSTOMER_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;

/** Why a signed identity was refused; safe to log (never the token). */
export type IdentityRefusal = 'malformed' | 'unsupported_algorithm' | 'bad_signature' | 'expired' | 'too_far_ahead' | 'bad_customer_id';

/** Result of {@link verifyIdentity}. */
export type IdentityCheck = { ok: true; customerId: string; exp: number } | { ok: false; reason: IdentityRefusal };

/** Options of {@link verifyIdentity}. */
export interface VerifyIdentityOptions {
  /** Current time in milliseconds. @defaultValue Date.now() */
  now?: number;
  /** Latest accepted `exp`, seconds ahead of now. @defaultValue 86400 (24 h) */
  maxAheadSeconds?: number;
}

const HEADER = { alg: 'HS256', typ: 'JWT' };

/**
 * Make a signed identity for `customerId`, valid `ttlSeconds` (the shop's backend does this; kefu uses it in tests
 * and examples).
 *
 * @example
 * const token = signIdentity('C10086', process.env.KEFU_IDENTITY_SECRET!, 600); // valid 10 minutes
 */
export function signIdentity(customerId: string, secret: string, ttlSeconds = 600, now = Date.now()): string {
  const payload = { sub: customerId, exp: Math.floor(now / 1000) + ttlSeconds };
  const signingInput = `${b64(JSON.stringify(HEADER))}.${b64(JSON.stringify(payload))}`;
  return `${signingInput}.${hmac(signingInput, secret)}`;
}

/**
 * Check a signed identity. Never throws: a forged, expired, far-future or malformed token gives `{ ok: false, reason }`
 * and the shopper stays an anonymous visitor.
 *
 * @example
 * const check = verifyIdentity(token, secret);
 * if (check.ok) console.log(check.customerId); // 'C10086'
 */
export function verifyIdentity(token: string, secret: string, options: VerifyIdentityOptions = {}): IdentityCheck {
  if (!secret || typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return refuse('malformed');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return refuse('malformed');
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  if (!header) return refuse('malformed');
  if (header.alg !== 'HS256') return refuse('unsupported_algorithm');
  if (!constantTimeEqual(signature, hmac(`${headerPart}.${payloadPart}`, secret))) return refuse('bad_signature');
  const payload = decodeJson(payloadPart);
  if (!payload || typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) return refuse('malformed');
  const nowSeconds = (options.now ?? Date.now()) / 1000;
  if (payload.exp <= nowSeconds) return refuse('expired');
  if (payload.exp > nowSeconds + (options.maxAheadSeconds ?? MAX_AHEAD_SECONDS)) return refuse('too_far_ahead');
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + 60) return refuse('malformed');
  if (typeof payload.sub !== 'string' || !CUSTOMER_ID_PATTERN.test(payload.sub)) return refuse('bad_customer_id');
  return { ok: true, customerId: payload.sub, exp: payload.exp };
}

function refuse(reason: IdentityRefusal): IdentityCheck {
  return { ok: false, reason };
}

function hmac(input: string, secret: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('base64url');
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
