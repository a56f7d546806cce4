import { createCipheriv, createDecipheriv } from 'node:crypto';
import { inspect } from 'node:util';
import { BadInputError, ConfigError } from '../../../../src/core/errors';
import { WechatCrypto } from '../../../../src/kits/wechat/crypto/wechat-crypto';
import { OFFICIAL } from './official-vector';

const KEY_43 = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const official = (): WechatCrypto => new WechatCrypto(OFFICIAL.token, OFFICIAL.encodingAESKey, OFFICIAL.appId);

/** An independent decryption with plain node:crypto, to recover the sample's random prefix. */
function rawDecrypt(encodingAESKey: string, encrypt: string): Buffer {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('WechatCrypto known answers (WeChat’s official sample vector)', () => {
  it('decrypts the official sample to its XML and app id', () => {
    const { message, appId } = official().decrypt(OFFICIAL.encrypt);
    expect(appId).toBe(OFFICIAL.appId);
    expect(message.startsWith('<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>')).toBe(true);
    expect(message).toContain('<Content><![CDATA[abcdteT]]></Content>');
    expect(message).toContain('<MsgId>6054768590064713728</MsgId>');
  });

  it('re-encrypts the sample byte for byte when given the same 16 random bytes', () => {
    const raw = rawDecrypt(OFFICIAL.encodingAESKey, OFFICIAL.encrypt);
    const random16 = raw.subarray(0, 16);
    const { message } = official().decrypt(OFFICIAL.encrypt);
    expect(official().encrypt(message, random16)).toBe(OFFICIAL.encrypt);
  });

  it('lays out random(16) + msgLen(4, BE) + msg + appId, padded to 32 bytes', () => {
    const wx = new WechatCrypto('t', KEY_43, 'wxappid123');
    const random16 = Buffer.from('0123456789abcdef');
    const message = '<xml><Content><![CDATA[你好]]></Content></xml>';
    const raw = rawDecrypt(KEY_43, wx.encrypt(message, random16));
    const body = Buffer.from(message, 'utf8');
    const unpadded = 16 + 4 + body.length + 'wxappid123'.length;
    const pad = 32 - (unpadded % 32);
    expect(raw.length).toBe(unpadded + pad);
    expect(raw.length % 32).toBe(0);
    expect(raw.subarray(0, 16).equals(random16)).toBe(true);
    expect(raw.readUInt32BE(16)).toBe(body.length);
    expect(raw.subarray(20, 20 + body.length).toString('utf8')).toBe(message);
    expect(raw.subarray(20 + body.length, unpadded).toString('utf8')).toBe('wxappid123');
    expect([...raw.subarray(unpadded)]).toEqual(new Array(pad).fill(pad));
  });

  it('pads a full extra 32-byte block when the plaintext is already aligned', () => {
    const wx = new WechatCrypto('t', KEY_43, 'abcd'); // 16 + 4 + 8 + 4 = 32
    const raw = rawDecrypt(KEY_43, wx.encrypt('12345678', Buffer.alloc(16, 7)));
    expect(raw.length).toBe(64);
    expect(raw[63]).toBe(32);
    expect(wx.decrypt(wx.encrypt('12345678')).message).toBe('12345678');
  });
});

describe('WechatCrypto round trips', () => {
  const wx = new WechatCrypto('kefu', KEY_43, 'wx0123456789abcdef');

  it.each([
    ['Chinese XML', '<xml><Content><![CDATA[亲，您的订单已发货，请注意查收～]]></Content></xml>'],
    ['emoji', '好的 👍🎉 谢谢亲 😊'],
    ['Mini Program JSON', JSON.stringify({ MsgType: 'text', Content: '退货怎么弄？🙏' })],
    ['empty message', ''],
  ])('decrypt(encrypt(x)) === x for %s', (_name, message) => {
    const encrypted = wx.encrypt(message);
    expect(wx.decrypt(encrypted)).toEqual({ message, appId: 'wx0123456789abcdef' });
  });

  it('uses a fresh random prefix each time', () => {
    expect(wx.encrypt('同一条消息')).not.toBe(wx.encrypt('同一条消息'));
  });

  it('rejects a random prefix that is not 16 bytes', () => {
    expect(() => wx.encrypt('x', Buffer.alloc(15))).toThrow(BadInputError);
  });
});

describe('WechatCrypto rejects bad input', () => {
  const wx = new WechatCrypto('kefu', KEY_43, 'wx0123456789abcdef');
  const encrypted = wx.encrypt('<xml><Content><![CDATA[在吗]]></Content></xml>', Buffer.alloc(16, 1));

  function tamper(b64: string, index: number): string {
    const data = Buffer.from(b64, 'base64');
    data[index] = data[index]! ^ 0x01;
    return data.toString('base64');
  }

  it('rejects a tampered last block (bad padding)', () => {
    const bytes = Buffer.from(encrypted, 'base64').length;
    const error = thrown(() => wx.decrypt(tamper(encrypted, bytes - 1)));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toMatch(/padding/);
  });

  it('rejects a tampered first block that corrupts the length field (truncated)', () => {
    const error = thrown(() => wx.decrypt(tamper(encrypted, 0)));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toMatch(/truncated/);
  });

  it('rejects a message for another app id, without leaking the key', () => {
    const other = new WechatCrypto('kefu', KEY_43, 'wxOTHERAPP');
    const error = thrown(() => other.decrypt(encrypted));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toMatch(/different app id/);
    expect(error.message).not.toContain(KEY_43);
  });

  it('rejects a message encrypted with another key', () => {
    const other = new WechatCrypto('kefu', 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut', 'wx0123456789abcdef');
    expect(() => other.decrypt(encrypted)).toThrow(BadInputError);
  });

  it.each([
    ['truncated base64', encrypted.slice(0, 40)],
    ['a partial AES block', Buffer.from(encrypted, 'base64').subarray(0, 40).toString('base64')],
    ['not base64', '!!!not-base64!!!'],
    ['empty', ''],
    ['one block of zeros', Buffer.alloc(32).toString('base64')],
  ])('rejects %s with a BadInputError', (_name, input) => {
    const error = thrown(() => wx.decrypt(input));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).not.toContain(KEY_43);
  });

  it('rejects a plaintext shorter than its header', () => {
    // random(16) would need 4 more bytes for msgLen: craft 16 bytes of real content + 16 of padding.
    const key = Buffer.from(`${KEY_43}=`, 'base64');
    const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    cipher.setAutoPadding(false);
    const short = Buffer.concat([cipher.update(Buffer.concat([Buffer.alloc(16, 9), Buffer.alloc(16, 16)])), cipher.final()]);
    expect(() => wx.decrypt(short.toString('base64'))).toThrow(/truncated/);
  });
});

describe('WechatCrypto configuration errors', () => {
  it.each([
    ['too short', KEY_43.slice(0, 42), /has 42 characters/],
    ['too long (with =)', `${KEY_43}=`, /has 44 characters/],
    ['bad characters', `${KEY_43.slice(0, 42)}-`, /outside A-Z/],
  ])('explains a %s EncodingAESKey without echoing it', (_name, key, pattern) => {
    const error = thrown(() => new WechatCrypto('t', key, 'wx1'));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toMatch(pattern);
    expect(error.message).toMatch(/Copy it again/);
    expect(error.message).not.toContain(key);
  });

  it('requires a token and an app id', () => {
    expect(() => new WechatCrypto('', KEY_43, 'wx1')).toThrow(/Token is empty/);
    expect(() => new WechatCrypto('t', KEY_43, '')).toThrow(/AppID .* is empty/);
  });

  it('does not expose the key when the instance is inspected or serialized', () => {
    const wx = new WechatCrypto('t', KEY_43, 'wx1');
    const keyHex = Buffer.from(`${KEY_43}=`, 'base64').toString('hex');
    expect(JSON.stringify(wx)).not.toContain(keyHex);
    expect(inspect(wx, { showHidden: true, depth: 5 })).not.toMatch(/Buffer|<Buffer/);
  });
});
