/**
 * Masking of personal data (phone numbers, postal addresses) and secrets in free text.
 * Used on every log line (see {@link createLogger}); safe to call on any string.
 * Phones and addresses are masked by the NLU entity masker (one implementation for the whole project).
 */
import { maskPersonalData } from '../../nlu/entities/mask';

export { maskPersonalData };

/** What replaces a masked address (see maskPersonalData). */
export const ADDRESS_MASK = '[地址]';

/** Keys whose values are secrets, wherever they appear in JSON or query strings. */
const SECRET_KEYS = [
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'secret',
  'appSecret',
  'app_secret',
  'password',
  'passwd',
  'authorization',
  'encodingAESKey',
  'encoding_aes_key',
  'adminToken',
  'commerceToken',
  'apiKey',
  'api_key',
];
const KEY_ALT = `[A-Za-z_]*(?:${SECRET_KEYS.join('|')})`;
/** "someToken":"value" (JSON string values, escaped quotes allowed). */
const JSON_SECRET = new RegExp(`("${KEY_ALT}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi');
/** access_token=value in URLs and form bodies. */
const QUERY_SECRET = new RegExp(`([?&;](?:${SECRET_KEYS.join('|')})=)[^&#\\s"']*`, 'gi');
/** user:password@ in connection URLs (redis://:pw@host, postgres://u:pw@host). */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/[^:@\/\s"']*):[^@\/\s"']+@/gi;
/** Bearer / Basic credentials in free text. */
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g;

/** What replaces a secret value. */
export const SECRET_MASK = '[REDACTED]';

/**
 * Replace the values of secret-like keys (token, secret, password, authorization, encodingAESKey,
 * access_token in URLs, passwords in connection URLs, Bearer credentials) with `[REDACTED]`.
 *
 * @example
 * maskSecrets('GET /cgi?access_token=abc&x=1'); // → 'GET /cgi?access_token=[REDACTED]&x=1'
 */
export function maskSecrets(text: string): string {
  return text
    .replace(JSON_SECRET, `$1"${SECRET_MASK}"`)
    .replace(QUERY_SECRET, `$1${SECRET_MASK}`)
    .replace(URL_CREDENTIALS, `$1:${SECRET_MASK}@`)
    .replace(AUTH_SCHEME, `$1 ${SECRET_MASK}`);
}

/** Both {@link maskSecrets} and {@link maskPersonalData}: what every log line goes through. */
export function maskLogLine(line: string): string {
  return maskPersonalData(maskSecrets(line));
}

/** Secret-like key names (lower case), for structured redaction. */
export const SECRET_KEY_NAMES: readonly string[] = SECRET_KEYS.map((k) => k.toLowerCase());
