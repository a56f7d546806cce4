/**
 * Which key names hold secrets: in query strings, JSON, headers. Names are compared without case,
 * `_`, `-` and `.`, so access_token, accessToken, ACCESS-TOKEN and x_access_token all end in `accesstoken`.
 */

/** Name endings that make a key secret whatever comes before (x_access_token, wx_token, component_appsecret, msg_signature, encodingAESKey). */
const SECRET_ENDINGS = [
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'signature',
  'aeskey',
  'apikey',
  'appkey',
  'accesskey',
  'secretkey',
  'privatekey',
  'sessionkey',
  'ticket',
  'credential',
  'credentials',
  'authorization',
  'cookie',
  'jscode',
  'authcode',
];

/** Names that are secrets on their own but too common as endings (sortKey, errcode, design). */
const SECRET_WORDS = new Set(['sign', 'nonce', 'echostr', 'identity']); // identity: the shop's signed customer token (web chat hello)

/** Short names that are secrets in a URL or form body, but in logs' JSON mean other things (a Redis key, an error code). */
const QUERY_WORDS = new Set(['code', 'key', 'sig', 'auth', 'pass']);

/** The name as compared: lower case, URL-decoded underscores and dashes, no `_ - .`. */
function squash(name: string): string {
  return name
    .replace(/%5f|%2d|%2e/gi, '')
    .replace(/[_\-.]/g, '')
    .toLowerCase();
}

/**
 * Whether a key holds a secret. `where: 'query'` also counts the short names a URL uses for secrets
 * (code, key, sig, auth).
 *
 * @example
 * isSecretName('x_access_token'); // true
 * isSecretName('code', 'query'); // true — an OAuth code in a URL
 * isSecretName('code'); // false — an error code in a log line
 */
export function isSecretName(name: string, where: 'query' | 'field' = 'field'): boolean {
  const squashed = squash(name);
  if (SECRET_WORDS.has(squashed) || (where === 'query' && QUERY_WORDS.has(squashed))) return true;
  return SECRET_ENDINGS.some((ending) => squashed.endsWith(ending));
}
