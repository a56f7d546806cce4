import { randomBytes } from 'node:crypto';
import { WechatCrypto, msgSignature, sortedSha1 } from '../../../src/kits/wechat/crypto';

/** A fake-platform app: what WeChat knows about it. */
export interface FakeApp {
  appId: string;
  secret: string;
  token: string;
  /** Set: the app is in safe mode (安全模式) and its pushes are encrypted unless a push says `safe: false`. */
  encodingAesKey?: string;
  /** The account's original id (ToUserName of pushes). @defaultValue `gh_<appId>` */
  accountName?: string;
  /** Official Account or Mini Program: what a `miniprogrampage` send must contain differs. @defaultValue 'official' */
  kind?: 'official' | 'mini';
  /** Official Accounts: AppIDs of the Mini Programs linked to the account (关联小程序); unset: any AppID is linked. */
  linkedMiniPrograms?: string[];
}

/** A push message: WeChat's field names; nested objects and arrays become nested / repeated XML elements. */
export type PushMessage = Record<string, unknown>;

function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

function xmlValue(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => xmlValue(name, v)).join('');
  if (typeof value === 'object' && value !== null) return `<${name}>${xmlFields(value as Record<string, unknown>)}</${name}>`;
  return typeof value === 'number' ? `<${name}>${value}</${name}>` : `<${name}>${cdata(String(value))}</${name}>`;
}

function xmlFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([k, v]) => xmlValue(k, v))
    .join('');
}

/**
 * Serialises a push as WeChat does: `<xml>…</xml>` (CDATA strings, plain numbers) or a JSON object.
 *
 * @example
 * serialisePush({ MsgType: 'text', Content: '在吗', CreateTime: 1700000000 }, 'xml');
 */
export function serialisePush(message: PushMessage, format: 'xml' | 'json'): string {
  return format === 'json' ? JSON.stringify(message) : `<xml>${xmlFields(message)}</xml>`;
}

/** What signing a push produces: the query string and the (possibly encrypted) body. */
export interface SignedPush {
  query: URLSearchParams;
  body: string;
}

/**
 * Signs (and in safe mode encrypts) a serialised push exactly as documented: `signature` over token, timestamp and
 * nonce; safe mode adds `encrypt_type=aes` and `msg_signature` over the Encrypt value of an envelope. The nonce is
 * random unless given (tests of a reused nonce).
 */
export function signPush(
  app: FakeApp,
  body: string,
  o: { safe: boolean; format: 'xml' | 'json'; timestamp: number; openid?: string; nonce?: string },
): SignedPush {
  const timestamp = String(o.timestamp);
  const nonce = o.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const query = new URLSearchParams({ signature: sortedSha1([app.token, timestamp, nonce]), timestamp, nonce });
  if (o.openid) query.set('openid', o.openid);
  if (!o.safe) return { query, body };
  if (!app.encodingAesKey) throw new Error(`fake app ${app.appId} has no encodingAesKey for a safe-mode push`);
  const encrypt = new WechatCrypto(app.token, app.encodingAesKey, app.appId).encrypt(body);
  const toUser = app.accountName ?? `gh_${app.appId}`;
  query.set('encrypt_type', 'aes');
  query.set('msg_signature', msgSignature(app.token, timestamp, nonce, encrypt));
  const envelope =
    o.format === 'json'
      ? JSON.stringify({ ToUserName: toUser, Encrypt: encrypt })
      : serialisePush({ ToUserName: toUser, Encrypt: encrypt }, 'xml');
  return { query, body: envelope };
}

/** The GET URL-check query of `app` with `echostr`. */
export function urlCheckQuery(app: FakeApp, echostr: string, timestamp: number): URLSearchParams {
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const ts = String(timestamp);
  return new URLSearchParams({ signature: sortedSha1([app.token, ts, nonce]), timestamp: ts, nonce, echostr });
}
