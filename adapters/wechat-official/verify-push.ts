import { BadInputError, checkMsgSignature, checkSignature, timestampFresh, type WechatCrypto } from '../../src/index';
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
 * Opens a verified POST body: plaintext as is, or (query `encrypt_type=aes`) checks `msg_signature` over the
 * envelope's Encrypt and decrypts it (the decrypted app id must be this app's). Throws a WebhookRejection
 * (401 bad msg_signature, 400 malformed or not decryptable) before anything is processed.
 *
 * @example
 * const { inner, safe } = openPush(app.token, request.query, body, 'xml', crypto);
 */
export function openPush(token: string, query: PushQuery, body: string, format: 'xml' | 'json', crypto?: WechatCrypto): OpenedPush {
  if (text(query.encrypt_type).toLowerCase() !== 'aes') return { inner: body, safe: false };
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
