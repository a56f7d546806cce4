/**
 * Masking of secrets in free text and log lines: values of secret-named keys in JSON, query strings,
 * form bodies and headers, passwords in connection URLs, Bearer/Basic credentials.
 */
import { isSecretName } from './secret-names';

/** What replaces a secret value. */
export const SECRET_MASK = '[REDACTED]';

/** "name":"value" (JSON string values, escaped quotes allowed). */
const JSON_PAIR = /"([^"\\]{1,64})"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;
/** \"name\":\"value\" — JSON inside a JSON string (a response body in an error message). */
const ESCAPED_JSON_PAIR = /\\"([^"\\]{1,64})\\"(\s*:\s*)\\"[^"\\]*\\"/g;
/**
 * name=value in URLs, form bodies and free text; `&`, `;` and `?` may be URL-encoded (%26, %3B, %3F), and
 * so may `=` (%3D) and `_` (%5F). Short names (code, key) count only after a URL separator. A pair may also open a
 * quoted string or follow a colon (`"body":"corpsecret=…"`, `url: corpsecret=…`).
 */
const QUERY_PAIR =
  /(^|[?&;]|%3f|%26|%3b|[\s,{(["':>])((?:[A-Za-z0-9_.-]|%5f|%2d){1,64})(=|%3d)((?:(?!%26|%23|%3b|%3f)[^&;#\s"'<>\\,)\]}])*)/gi;
/** Separators of free text and JSON rather than of a URL (short names like `code` are no secret after them). */
const TEXT_SEPARATOR = /^[\s,{(["':>]$/;
/** A value that is itself a pair (`redirect=corpsecret=…`, `q=corpsecret%3D…`): its name and what follows. */
const NESTED_PAIR = /^((?:[A-Za-z0-9_.-]|%5f|%2d){1,64})(=|%3d)(.+)$/i;
/** user:password@ in connection URLs (redis://:pw@host, postgres://u:pw@host). */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^:@/\s"']*):[^@/\s"']+@/gi;
/** Bearer / Basic credentials in free text and headers. */
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi;
const BASIC = /\b(Basic)\s+[A-Za-z0-9+/=]{6,}/g;
/** Name: value header lines (Authorization: …, X-Access-Token: …, Cookie: …) whose value is not already masked. */
const HEADER = /(^|[\s{,;"])([A-Za-z][A-Za-z0-9_-]{1,40})(\s*:[ \t]*)(?!(?:Bearer|Basic)\s)(?!\[REDACTED\])(?=[^\s"\\])([^\r\n"\\]+)/gi;

function maskJsonPairs(text: string): string {
  const pair = (whole: string, name: string, colon: string, escaped: boolean): string => {
    if (!isSecretName(name)) return whole;
    return escaped ? `\\"${name}\\"${colon}\\"${SECRET_MASK}\\"` : `"${name}"${colon}"${SECRET_MASK}"`;
  };
  return text
    .replace(JSON_PAIR, (whole, name: string, colon: string) => pair(whole, name, colon, false))
    .replace(ESCAPED_JSON_PAIR, (whole, name: string, colon: string) => pair(whole, name, colon, true));
}

function maskQueryPairs(text: string): string {
  return text.replace(QUERY_PAIR, (whole, sep: string, name: string, eq: string, value: string) => {
    const where = sep !== '' && !TEXT_SEPARATOR.test(sep) ? 'query' : 'field';
    if (value === '' || value === SECRET_MASK) return whole;
    if (isSecretName(name, where)) return `${sep}${name}${eq}${SECRET_MASK}`;
    const nested = NESTED_PAIR.exec(value);
    if (!nested || nested[3] === SECRET_MASK || !isSecretName(nested[1]!, where)) return whole;
    return `${sep}${name}${eq}${nested[1]}${nested[2]}${SECRET_MASK}`;
  });
}

function maskHeaders(text: string): string {
  return text.replace(HEADER, (whole, lead: string, name: string, colon: string) =>
    isSecretName(name) ? `${lead}${name}${colon}${SECRET_MASK}` : whole,
  );
}

/**
 * Replace secret values with `[REDACTED]`: JSON string values and `name=value` pairs whose name is secret
 * (token, access_token, accessToken, x_access_token, wx_token, secret, app_secret, password, signature,
 * msg_signature, sign, nonce, ticket, encodingAESKey…; in URLs also code, key; any case; `&` or `;`;
 * URL-encoded), `Authorization:`-style headers, passwords in connection URLs, Bearer/Basic credentials.
 *
 * @example
 * maskSecrets('GET /cgi?access_token=abc&x=1'); // 'GET /cgi?access_token=[REDACTED]&x=1'
 * maskSecrets('cb?redirect=%2Fa%3FX_Access_Token%3Dabc%26b%3D1'); // 'cb?redirect=%2Fa%3FX_Access_Token%3D[REDACTED]%26b%3D1'
 */
export function maskSecrets(text: string): string {
  return maskHeaders(
    maskQueryPairs(maskJsonPairs(text))
      .replace(URL_CREDENTIALS, `$1:${SECRET_MASK}@`)
      .replace(BEARER, `$1 ${SECRET_MASK}`)
      .replace(BASIC, `$1 ${SECRET_MASK}`),
  );
}
