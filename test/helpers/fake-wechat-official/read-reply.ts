import { WechatCrypto, msgSignature, parseWechatXml } from '../../../src/kits/wechat/crypto';
import type { FakeApp } from './build-push';

/** How WeChat judged the answer to a push. */
export type ReplyVerdict =
  { kind: 'ack' } | { kind: 'reply'; fields: Record<string, string>; encrypted: boolean } | { kind: 'invalid'; why: string };

function parseFields(body: string, format: 'xml' | 'json'): Record<string, string> {
  if (format === 'xml') return parseWechatXml(body);
  const json = JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, String(v)]));
}

/** Checks the envelope's MsgSignature and decrypts it with the app's key (which also checks the app id). */
function openEnvelope(app: FakeApp, body: string, format: 'xml' | 'json'): string {
  const env = parseFields(body, format);
  if (!env.Encrypt || !env.MsgSignature || !env.TimeStamp || !env.Nonce)
    throw new Error('encrypted reply lacks Encrypt/MsgSignature/TimeStamp/Nonce');
  if (msgSignature(app.token, env.TimeStamp, env.Nonce, env.Encrypt) !== env.MsgSignature)
    throw new Error('encrypted reply has a wrong MsgSignature');
  return new WechatCrypto(app.token, app.encodingAesKey!, app.appId).decrypt(env.Encrypt).message;
}

/**
 * What WeChat makes of the answer to a push to `openid`: "success" or an empty body acknowledges; otherwise it must
 * be a passive reply addressed to the shopper from the account (encrypted and correctly signed in safe mode).
 */
export function readReply(app: FakeApp, openid: string, body: string, o: { safe: boolean; format: 'xml' | 'json' }): ReplyVerdict {
  if (body === '' || body === 'success') return { kind: 'ack' };
  try {
    const inner = o.safe ? openEnvelope(app, body, o.format) : body;
    const fields = parseFields(inner, o.format);
    const accountName = app.accountName ?? `gh_${app.appId}`;
    if (fields.ToUserName !== openid || fields.FromUserName !== accountName) return { kind: 'invalid', why: 'reply addressed wrongly' };
    if (!fields.MsgType || !/^\d+$/.test(fields.CreateTime ?? '')) return { kind: 'invalid', why: 'reply lacks MsgType or CreateTime' };
    return { kind: 'reply', fields, encrypted: o.safe };
  } catch (err) {
    return { kind: 'invalid', why: (err as Error).message };
  }
}
