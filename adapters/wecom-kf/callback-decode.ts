import { BadInputError, KefuError } from '../../src/index';
import { checkMsgSignature, parseWechatXml, timestampFresh, type NonceReplayGuard, type WechatCrypto } from '../../src/kits/wechat';

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
  /** Remembers the (timestamp, nonce) pairs of accepted callbacks (see {@link refuseReusedPair}). */
  replay: NonceReplayGuard;
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
 * The replay rule, after msg_signature and the timestamp were verified: each (timestamp, nonce) pair is remembered
 * per corp for as long as its signature is valid, with a hash of what it carried (the method and the decrypted
 * message). The same pair with the same message is WeCom's retry of the same callback (same URL, same body): it is
 * answered again, and the pull it triggers is harmless (msgids are deduplicated). The same pair with another message
 * is a replay: 401, nothing processed.
 *
 * @example
 * await refuseReusedPair(query, `POST\n${message}`, ctx);
 */
export async function refuseReusedPair(query: CallbackQuery, content: string, ctx: DecodeContext): Promise<void> {
  const verdict = await ctx.replay.check(ctx.crypto.appId, query.timestamp ?? '', query.nonce ?? '', content, ctx.nowSec);
  if (verdict === 'reused') throw unauthorized('timestamp and nonce already used by another request (replay)');
}

/**
 * The GET URL check: verify msg_signature over `echostr`, decrypt it (receiveid = corpId), refuse a reused
 * (timestamp, nonce) pair and return the plaintext to echo back.
 *
 * @example
 * reply.type('text/plain').send(await decodeEchostr(request.query, ctx));
 */
export async function decodeEchostr(query: CallbackQuery, ctx: DecodeContext): Promise<string> {
  if (typeof query.echostr !== 'string' || query.echostr === '')
    throw new BadInputError('echostr is missing.', 'WeCom sends it with the URL check.');
  verified(query, query.echostr, ctx);
  const echo = ctx.crypto.decrypt(query.echostr).message;
  await refuseReusedPair(query, `GET\n${echo}`, ctx);
  return echo;
}

/**
 * A POST callback: parse the envelope safely, verify msg_signature and the timestamp window, decrypt
 * (receiveid = corpId), refuse a reused (timestamp, nonce) pair and read the inner event. Throws BadInputError (400)
 * or an UNAUTHORIZED KefuError (401).
 *
 * @example
 * const cb = await decodeCallback(request.query, body, ctx); // { kind: 'kf_msg_or_event', openKfId, token }
 */
export async function decodeCallback(query: CallbackQuery, body: string, ctx: DecodeContext): Promise<KfCallback> {
  const envelope = parseWechatXml(body);
  const encrypt = envelope.Encrypt;
  if (!encrypt) throw new BadInputError('The callback has no <Encrypt> element.', 'WeCom kf callbacks are always encrypted.');
  verified(query, encrypt, ctx);
  const message = ctx.crypto.decrypt(encrypt).message;
  await refuseReusedPair(query, `POST\n${message}`, ctx);
  const inner = parseWechatXml(message);
  const event = inner.Event ?? '';
  if (inner.MsgType !== 'event' || event !== 'kf_msg_or_event') return { kind: 'other', event: `${inner.MsgType ?? '?'}/${event}` };
  if (!inner.Token || !inner.OpenKfId) throw new BadInputError('kf_msg_or_event without Token or OpenKfId.', 'check the sender.');
  return { kind: 'kf_msg_or_event', openKfId: inner.OpenKfId, token: inner.Token };
}
