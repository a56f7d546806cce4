import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BadInputError, ConfigError } from '../../../index';
import { decodeEncodingAESKey } from './encoding-aes-key';
import { pkcs7Pad, pkcs7Unpad } from './pkcs7';

/** The result of {@link WechatCrypto.decrypt}. */
export interface DecryptedWechatMessage {
  /** The inner message: XML (Official Account, WeCom) or JSON (Mini Program in JSON mode). */
  message: string;
  /** The app id (or WeCom corp id) carried at the end of the plaintext; equals the configured one. */
  appId: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEADER = 20; // random(16) + msgLen(4)

function truncated(): BadInputError {
  return new BadInputError(
    'The encrypted WeChat message is truncated: its length field points past the end of the data.',
    'make sure the whole Encrypt value was read from the request body, unchanged.',
  );
}

/**
 * WXBizMsgCrypt, the message crypto of WeChat safe mode (Official Account, Mini Program, WeCom):
 * AES-256-CBC with key = base64(EncodingAESKey + "="), IV = first 16 bytes of the key,
 * PKCS#7 padding to 32 bytes, plaintext = random(16) + msgLen(4, big-endian) + msg + appId.
 * The key is kept in a private field and never appears in errors.
 *
 * @example
 * const wx = new WechatCrypto(token, 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'wx2c2769f8efd9abc2');
 * const { message } = wx.decrypt(wx.encrypt('<xml>…</xml>'));
 */
export class WechatCrypto {
  readonly #key: Buffer;
  readonly #iv: Buffer;

  /**
   * @param token the Token from the server configuration (used by signatures)
   * @param encodingAESKey the 43-character EncodingAESKey
   * @param appId the app id (or WeCom corp id) messages must carry
   */
  constructor(
    readonly token: string,
    encodingAESKey: string,
    readonly appId: string,
  ) {
    const problems: string[] = [];
    if (typeof token !== 'string' || token.length === 0)
      problems.push('WeChat Token is empty; copy it from the server configuration page.');
    if (typeof appId !== 'string' || appId.length === 0)
      problems.push('WeChat AppID (or WeCom CorpID) is empty; copy it from the console.');
    if (problems.length > 0) throw new ConfigError(problems);
    this.#key = decodeEncodingAESKey(encodingAESKey);
    this.#iv = this.#key.subarray(0, 16);
  }

  /**
   * Encrypts an XML or JSON message for this app; returns the base64 `Encrypt` value.
   * @param random16 the 16 leading random bytes (give them only in tests, for known answers)
   */
  encrypt(message: string, random16: Buffer = randomBytes(16)): string {
    if (!Buffer.isBuffer(random16) || random16.length !== 16) {
      throw new BadInputError('The random prefix must be exactly 16 bytes.', 'omit it to let WechatCrypto generate one.');
    }
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = pkcs7Pad(Buffer.concat([random16, length, body, Buffer.from(this.appId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.#key, this.#iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /**
   * Decrypts a base64 `Encrypt` value. Throws BadInputError on malformed base64, bad padding,
   * truncated data, or a message addressed to another app id. Verify `msg_signature` first:
   * CBC alone does not detect every alteration.
   */
  decrypt(encrypted: string): DecryptedWechatMessage {
    const plain = pkcs7Unpad(this.#decipher(encrypted));
    if (plain.length < HEADER) throw truncated();
    const length = plain.readUInt32BE(16);
    if (length > plain.length - HEADER) throw truncated();
    const message = plain.subarray(HEADER, HEADER + length).toString('utf8');
    const appId = plain.subarray(HEADER + length).toString('utf8');
    if (appId !== this.appId) {
      throw new BadInputError(
        'The encrypted WeChat message is addressed to a different app id and was rejected.',
        'check that the AppID (or CorpID) configured for this webhook matches the app that pushes to it.',
      );
    }
    return { message, appId };
  }

  #decipher(encrypted: string): Buffer {
    const text = typeof encrypted === 'string' ? encrypted.trim() : '';
    const data = BASE64.test(text) && text.length % 4 === 0 ? Buffer.from(text, 'base64') : Buffer.alloc(0);
    if (data.length === 0 || data.length % 16 !== 0) {
      throw new BadInputError(
        'The encrypted WeChat message is not valid base64 of whole AES blocks (it is empty, truncated or corrupted).',
        'pass the Encrypt value exactly as received.',
      );
    }
    const decipher = createDecipheriv('aes-256-cbc', this.#key, this.#iv);
    decipher.setAutoPadding(false);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  }
}
