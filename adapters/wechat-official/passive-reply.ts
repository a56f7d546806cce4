import { randomBytes } from 'node:crypto';
import { buildEncryptedReplyXml, msgSignature, type WechatCrypto } from '../../src/kits/wechat';

/** What a passive reply needs to know about the push it answers. */
export interface ReplyContext {
  format: 'xml' | 'json';
  /** Whether the push came encrypted: then the reply is encrypted too. */
  safe: boolean;
  crypto?: WechatCrypto;
  token: string;
  /** The shopper (the push's FromUserName). */
  openid: string;
  /** The account's original id (the push's ToUserName). */
  accountName: string;
  nowSec: number;
}

function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function build(ctx: ReplyContext, msgType: string, extra: Record<string, string>): string {
  const fields: Record<string, string | number> = {
    ToUserName: ctx.openid,
    FromUserName: ctx.accountName,
    CreateTime: ctx.nowSec,
    MsgType: msgType,
    ...extra,
  };
  if (ctx.format === 'json') return JSON.stringify(fields);
  const body = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}>${cdata(v)}</${k}>`))
    .join('');
  return `<xml>${body}</xml>`;
}

/** Encrypts and signs `inner` in safe mode (the documented envelope, XML or JSON); plaintext otherwise. */
function seal(ctx: ReplyContext, inner: string): string {
  if (!ctx.safe || !ctx.crypto) return inner;
  const encrypt = ctx.crypto.encrypt(inner);
  const nonce = randomBytes(8).toString('hex');
  const timestamp = String(ctx.nowSec);
  const signature = msgSignature(ctx.token, timestamp, nonce, encrypt);
  if (ctx.format === 'json') return JSON.stringify({ Encrypt: encrypt, MsgSignature: signature, TimeStamp: ctx.nowSec, Nonce: nonce });
  return buildEncryptedReplyXml({ encrypt, msgSignature: signature, timestamp, nonce });
}

/**
 * A passive text reply to the push described by `ctx` (encrypted in safe mode).
 *
 * @example
 * reply.type('application/xml').send(passiveTextReply(ctx, '亲，在的～'));
 */
export function passiveTextReply(ctx: ReplyContext, content: string): string {
  return seal(ctx, build(ctx, 'text', { Content: content }));
}

/**
 * A passive `transfer_customer_service` reply: WeChat hands the session to the human agents.
 *
 * @example
 * reply.send(transferReply(ctx));
 */
export function transferReply(ctx: ReplyContext): string {
  return seal(ctx, build(ctx, 'transfer_customer_service', {}));
}

/**
 * Content type of a reply body of `format`.
 *
 * @example
 * replyContentType('json'); // 'application/json; charset=utf-8'
 */
export function replyContentType(format: 'xml' | 'json'): string {
  return format === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8';
}
