/**
 * Shoppers' platform ids (WeChat openid and unionid, WeCom external_userid, the channel user and conversation ids
 * built from them) as logs and the console show them: enough to tell shoppers apart, not enough to reach one.
 */

/**
 * A shopper id with the middle hidden: the first 4 and last 2 characters, at most 8 stars between; ids of 6
 * characters or fewer become `***`. The console shows ids the same way, so a log line and a ticket can be matched.
 *
 * @example
 * maskShopperId('oKefu_6dXbS3yQvA1pZ8kL0wT2'); // 'oKef********T2'
 * maskShopperId('13812345678'); // '1381*****78'
 * maskShopperId('u-1'); // '***'
 */
export function maskShopperId(id: string): string {
  const chars = [...id];
  if (chars.length <= 6) return '***';
  return `${chars.slice(0, 4).join('')}${'*'.repeat(Math.min(8, chars.length - 6))}${chars.slice(-2).join('')}`;
}

/**
 * Key names whose values are shopper ids, any case, `_` optional: openid, unionid, FromUserName/ToUserName, touser,
 * external_userid, userId, customerId, conversationId, and `conversation` (a conversation key, `channel:account:id`).
 */
const ID_NAMES = String.raw`(?:open_?id|union_?id|(?:from|to)_?user_?name|to_?user|external_?user_?id|user_?id|customer_?id|conversation(?:_?id)?)`;
/** "name":"value" (a JSON string value, escaped quotes allowed). */
const JSON_ID = new RegExp(String.raw`"(${ID_NAMES})"(\s*:\s*)"((?:[^"\\]|\\.)*)"`, 'gi');
/** \"name\":\"value\" — JSON inside a JSON string (a request body in an error message). */
const ESCAPED_JSON_ID = new RegExp(String.raw`\\"(${ID_NAMES})\\"(\s*:\s*)\\"([^"\\]*)\\"`, 'gi');
/** name=value in URLs, form bodies and free text (`=`, `&` and `?` may be URL-encoded). */
const QUERY_ID = new RegExp(String.raw`(^|[?&;\s,{(["']|%3f|%26)(${ID_NAMES})(=|%3d)((?:(?!%26|%23|%3b|%3f)[^&;#\s"'<>\\,)\]}])+)`, 'gi');
/** <FromUserName><![CDATA[…]]></FromUserName> and <ToUserName>…</ToUserName> in WeChat XML. */
const XML_ID = /<(FromUserName|ToUserName)>(<!\[CDATA\[)?([^<\]]*)((?:\]\]>)?)<\/\1>/g;

/** The masked value: a conversation key keeps its channel and account, the id after the last `:` is masked. */
function maskIdValue(value: string): string {
  if (value === '' || value.includes('*')) return value;
  const colon = value.lastIndexOf(':');
  return colon < 0 ? maskShopperId(value) : `${value.slice(0, colon + 1)}${maskShopperId(value.slice(colon + 1))}`;
}

/**
 * Mask shopper ids in a log line by the name they are written under: JSON fields at any depth (also JSON inside a
 * JSON string), `name=value` pairs and WeChat XML, see {@link maskShopperId}. A bare id in prose cannot be told
 * from other text and is not found: log ids under one of these names.
 *
 * @example
 * maskShopperIds('{"openid":"oKefu_6dXbS3yQvA1pZ8kL0wT2"}'); // '{"openid":"oKef********T2"}'
 * maskShopperIds('{"conversation":"wechat-official:wx1:oKefu_6dXbS3yQvA1pZ8kL0wT2"}'); // '{"conversation":"wechat-official:wx1:oKef********T2"}'
 */
export function maskShopperIds(text: string): string {
  return text
    .replace(JSON_ID, (_whole, name: string, colon: string, value: string) => `"${name}"${colon}"${maskIdValue(value)}"`)
    .replace(ESCAPED_JSON_ID, (_whole, name: string, colon: string, value: string) => `\\"${name}\\"${colon}\\"${maskIdValue(value)}\\"`)
    .replace(QUERY_ID, (_whole, sep: string, name: string, eq: string, value: string) => `${sep}${name}${eq}${maskIdValue(value)}`)
    .replace(
      XML_ID,
      (_whole, tag: string, open: string | undefined, value: string, close: string) =>
        `<${tag}>${open ?? ''}${maskIdValue(value)}${close}</${tag}>`,
    );
}
