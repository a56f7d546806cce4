import { ConfigError } from '../../../index';

/** Length of a WeChat EncodingAESKey as shown in the console. */
export const ENCODING_AES_KEY_LENGTH = 43;

const KEY_ALPHABET = /^[A-Za-z0-9+/]+$/;

/**
 * Turns the 43-character EncodingAESKey into the 32-byte AES key: base64(EncodingAESKey + "=").
 * Throws ConfigError (never echoing the key) when it has the wrong length or characters.
 *
 * @example
 * const key = decodeEncodingAESKey('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'); // 32 bytes
 */
export function decodeEncodingAESKey(encodingAESKey: string): Buffer {
  const given = typeof encodingAESKey === 'string' ? encodingAESKey.trim() : '';
  if (given.length !== ENCODING_AES_KEY_LENGTH || !KEY_ALPHABET.test(given)) {
    const what =
      given.length !== ENCODING_AES_KEY_LENGTH ? `has ${given.length} characters` : 'contains characters outside A-Z a-z 0-9 + /';
    throw new ConfigError([
      `EncodingAESKey ${what}; it must be exactly ${ENCODING_AES_KEY_LENGTH} base64 characters (A-Z a-z 0-9 + /). ` +
        'Copy it again from the WeChat console (公众号/小程序后台 → 开发 → 服务器配置, or 企业微信 → 微信客服 → API 回调) without quotes or spaces, or generate a new one there.',
    ]);
  }
  const key = Buffer.from(`${given}=`, 'base64');
  if (key.length !== 32) {
    throw new ConfigError([
      `EncodingAESKey does not decode to 32 bytes; copy it again from the WeChat console or generate a new one there.`,
    ]);
  }
  return key;
}
