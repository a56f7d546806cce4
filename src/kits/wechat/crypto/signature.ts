import { createHash } from 'node:crypto';
import { constantTimeEqual } from '../../../index';

/**
 * SHA-1 (lower-case hex) of the given parts sorted lexicographically and concatenated,
 * the scheme WeChat uses for both `signature` and `msg_signature`.
 */
export function sortedSha1(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''), 'utf8')
    .digest('hex');
}

/**
 * Verifies the `signature` query parameter WeChat sends with the GET URL check and every POST
 * (plaintext and safe mode alike): sha1(sort(token, timestamp, nonce)), compared in constant time.
 *
 * @example
 * if (!checkSignature(token, q.timestamp, q.nonce, q.signature)) reply.code(401).send();
 */
export function checkSignature(token: string, timestamp: string, nonce: string, signature: string): boolean {
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') return false;
  return constantTimeEqual(sortedSha1([token, timestamp, nonce]), signature.toLowerCase());
}

/**
 * The `msg_signature` of an encrypted payload: sha1(sort(token, timestamp, nonce, encrypt)).
 * Use it to sign encrypted passive replies, and compare it (with {@link constantTimeEqual})
 * against the `msg_signature` query parameter of safe-mode pushes before decrypting.
 *
 * @example
 * const ok = constantTimeEqual(msgSignature(token, ts, nonce, body.Encrypt), q.msg_signature);
 */
export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return sortedSha1([token, timestamp, nonce, encrypt]);
}

/**
 * Verifies a safe-mode `msg_signature` in constant time.
 *
 * @example
 * if (!checkMsgSignature(token, q.timestamp, q.nonce, encrypt, q.msg_signature)) reply.code(401).send();
 */
export function checkMsgSignature(token: string, timestamp: string, nonce: string, encrypt: string, signature: string): boolean {
  if ([timestamp, nonce, encrypt, signature].some((v) => typeof v !== 'string')) return false;
  return constantTimeEqual(msgSignature(token, timestamp, nonce, encrypt), signature.toLowerCase());
}
