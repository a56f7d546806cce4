import { BadInputError } from '../../src/index';
import { checkMsgSignature, checkSignature, timestampFresh, type NonceReplayGuard, type WechatCrypto } from '../../src/kits/wechat';
import { readPushJson, readPushXml } from './read-push';

/**
 * A push refused before anything was processed: HTTP status and a reason safe to return (no secrets).
 *
 * @example
 * throw new WebhookRejection(401, 'signature does not match the configured Token');
 */
export class WebhookRejection extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** The query parameters WeChat adds to the webhook URL. */
export interface PushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  encrypt_type?: string;
  msg_signature?: string;
}

/** What {@link openPush} returns: the inner message and whether it came encrypted. */
export interface OpenedPush {
  inner: string;
  safe: boolean;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Checks `timestamp` (within `windowSec` of now) and `signature` = sha1(sort(token, timestamp, nonce)), as for the
 * GET URL check and every POST. Throws a 401 WebhookRejection otherwise.
 *
 * @example
 * verifySignature(app.token, request.query, Math.floor(Date.now() / 1000), 300);
 */
export function verifySignature(token: string, query: PushQuery, nowSec: number, windowSec: number): void {
  if (!timestampFresh(text(query.timestamp), nowSec, windowSec)) {
    throw new WebhookRejection(401, `timestamp missing or more than ${windowSec} s away from the server clock (replay protection)`);
  }
  if (!checkSignature(token, text(query.timestamp), text(query.nonce), text(query.signature))) {
    throw new WebhookRejection(401, 'signature does not match the configured Token');
  }
}

/**
 * Opens a verified POST body. An app with an EncodingAESKey (`crypto`) is in safe mode: it takes only pushes with
 * `encrypt_type=aes` whose `msg_signature` matches the envelope's Encrypt, and decrypts them (the decrypted app id
 * must be this app's); compatible mode (兼容模式) pushes carry both and are read from their encrypted part. A plaintext
 * push to such an app is refused with 401 even when its `signature` is valid: a `signature` covers only token,
 * timestamp and nonce, so a captured URL could carry any body. An app without a key (明文模式) takes plaintext as is.
 * Throws a WebhookRejection (401 missing or bad msg_signature, 400 malformed or not decryptable) before anything is
 * processed.
 *
 * @example
 * const { inner, safe } = openPush(app.token, request.query, body, 'xml', crypto);
 */
export function openPush(token: string, query: PushQuery, body: string, format: 'xml' | 'json', crypto?: WechatCrypto): OpenedPush {
  const encrypted = text(query.encrypt_type).toLowerCase() === 'aes';
  if (!encrypted && crypto) {
    throw new WebhookRejection(
      401,
      'plaintext push refused: this app has an EncodingAESKey, so it accepts only safe-mode pushes (encrypt_type=aes with msg_signature). Fix: choose 安全模式 (or 兼容模式) in 服务器配置, or remove the EncodingAESKey to use 明文模式',
    );
  }
  if (!encrypted) return { inner: body, safe: false };
  if (!crypto) throw new WebhookRejection(400, 'encrypted push (encrypt_type=aes) but no encodingAesKey is configured for this app');
  const encrypt = (format === 'json' ? readPushJson(body) : readPushXml(body)).fields.Encrypt ?? '';
  if (encrypt === '') throw new WebhookRejection(400, 'encrypted push without an Encrypt field');
  if (!checkMsgSignature(token, text(query.timestamp), text(query.nonce), encrypt, text(query.msg_signature))) {
    throw new WebhookRejection(401, 'msg_signature does not match the encrypted body');
  }
  try {
    return { inner: crypto.decrypt(encrypt).message, safe: true };
  } catch (err) {
    if (err instanceof BadInputError) throw new WebhookRejection(400, err.reason);
    throw err;
  }
}

/**
 * The replay rule, after the signature (and in safe mode msg_signature) was verified: each (timestamp, nonce) pair is
 * remembered per app for as long as its signature is valid, with a hash of what it carried (`content`: the method
 * and the decrypted message, or the echostr of a URL check).
 * - A pair seen with the same content is WeChat's retry of the same push (WeChat resends it with the same URL and
 *   body): it goes on, and the MsgId / event-key dedupe in Redis answers it without running a second turn. That
 *   dedupe outlives every signature (dedupeTtlSec ≥ 2 × timestampWindowSec), so an exact copy is never
 *   processed twice.
 * - A pair seen with other content (another body, a GET URL reused for a POST) is a replay: 401, nothing processed.
 *
 * @example
 * await refuseReusedPair(guard, appId, request.query, `POST\n${inner}`, nowSec);
 */
export async function refuseReusedPair(
  guard: NonceReplayGuard,
  appId: string,
  query: PushQuery,
  content: string,
  nowSec: number,
): Promise<void> {
  const verdict = await guard.check(appId, text(query.timestamp), text(query.nonce), content, nowSec);
  if (verdict === 'reused') {
    throw new WebhookRejection(
      401,
      'timestamp and nonce were already used by another request (replay protection). Fix: sign every request with a fresh nonce, as WeChat does',
    );
  }
}
