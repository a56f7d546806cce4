import { BadInputError, KefuError, checkMsgSignature, parseWechatXml, timestampFresh, type WechatCrypto } from '../../src/index';

/** Query of a WeCom callback request. */
export interface CallbackQuery {
  msg_signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
}

/** A verified kf_msg_or_event callback, or another event the adapter does not act on. */
export type KfCallback = { kind: 'kf_msg_or_event'; openKfId: string; token: string } | { kind: 'other'; event: string };

/** What decoding needs. */
export interface DecodeContext {
  crypto: WechatCrypto;
  nowSec: number;
  windowSec: number;
}

/** 401 with a reason for the log (signature or timestamp). */
export function unauthorized(reason: string): KefuError {
  return new KefuError(
    'UNAUTHORIZED',
    `WeCom kf callback refused: ${reason}.`,
    'check the Token and EncodingAESKey in 微信客服 → API → 回调配置 and the server clock.',
  );
}

function verified(query: CallbackQuery, encrypt: string, ctx: DecodeContext): void {
  const { msg_signature: signature, timestamp, nonce } = query;
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || typeof nonce !== 'string') {
    throw unauthorized('msg_signature, timestamp or nonce missing');
  }
  if (!checkMsgSignature(ctx.crypto.token, timestamp, nonce, encrypt, signature)) throw unauthorized('bad msg_signature');
  if (!timestampFresh(timestamp, ctx.nowSec, ctx.windowSec)) throw unauthorized('stale or future timestamp');
}

/**
 * The GET URL check: verify msg_signature over `echostr`, decrypt it (receiveid = corpId) and return the
 * plaintext to echo back.
 *
 * @example
 * reply.type('text/plain').send(decodeEchostr(request.query, ctx));
 */
export function decodeEchostr(query: CallbackQuery, ctx: DecodeContext): string {
  if (typeof query.echostr !== 'string' || query.echostr === '')
    throw new BadInputError('echostr is missing.', 'WeCom sends it with the URL check.');
  verified(query, query.echostr, ctx);
  return ctx.crypto.decrypt(query.echostr).message;
}

/**
 * A POST callback: parse the envelope safely, verify msg_signature and the timestamp window, decrypt
 * (receiveid = corpId) and read the inner event. Throws BadInputError (400) or an UNAUTHORIZED KefuError (401).
 *
 * @example
 * const cb = decodeCallback(request.query, body, ctx); // { kind: 'kf_msg_or_event', openKfId, token }
 */
export function decodeCallback(query: CallbackQuery, body: string, ctx: DecodeContext): KfCallback {
  const envelope = parseWechatXml(body);
  const encrypt = envelope.Encrypt;
  if (!encrypt) throw new BadInputError('The callback has no <Encrypt> element.', 'WeCom kf callbacks are always encrypted.');
  verified(query, encrypt, ctx);
  const inner = parseWechatXml(ctx.crypto.decrypt(encrypt).message);
  const event = inner.Event ?? '';
  if (inner.MsgType !== 'event' || event !== 'kf_msg_or_event') return { kind: 'other', event: `${inner.MsgType ?? '?'}/${event}` };
  if (!inner.Token || !inner.OpenKfId) throw new BadInputError('kf_msg_or_event without Token or OpenKfId.', 'check the sender.');
  return { kind: 'kf_msg_or_event', openKfId: inner.OpenKfId, token: inner.Token };
}
