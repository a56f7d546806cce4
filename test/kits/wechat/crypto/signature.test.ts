import { createHash } from 'node:crypto';
import { checkMsgSignature, checkSignature, msgSignature } from '../../../../src/kits/wechat/crypto/signature';
import { OFFICIAL } from './official-vector';

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

describe('checkSignature', () => {
  const [token, timestamp, nonce] = ['kefuToken', '1700000000', '998877'];
  // Sorted by hand: '1700000000' < '998877' < 'kefuToken'.
  const good = sha1('1700000000998877kefuToken');

  it('accepts sha1 of the sorted concatenation (also in upper case)', () => {
    expect(checkSignature(token, timestamp, nonce, good)).toBe(true);
    expect(checkSignature(token, timestamp, nonce, good.toUpperCase())).toBe(true);
  });

  it('rejects a wrong signature, another token, another nonce, a short or missing signature', () => {
    expect(checkSignature(token, timestamp, nonce, sha1(`${token}${timestamp}${nonce}`))).toBe(false);
    expect(checkSignature('otherToken', timestamp, nonce, good)).toBe(false);
    expect(checkSignature(token, timestamp, '998878', good)).toBe(false);
    expect(checkSignature(token, timestamp, nonce, good.slice(0, 39))).toBe(false);
    expect(checkSignature(token, timestamp, nonce, '')).toBe(false);
    expect(checkSignature(token, timestamp, nonce, undefined as unknown as string)).toBe(false);
  });
});

describe('msgSignature', () => {
  it('reproduces the msg_signature of WeChat’s official sample', () => {
    expect(msgSignature(OFFICIAL.token, OFFICIAL.timestamp, OFFICIAL.nonce, OFFICIAL.encrypt)).toBe(OFFICIAL.msgSignature);
    expect(checkMsgSignature(OFFICIAL.token, OFFICIAL.timestamp, OFFICIAL.nonce, OFFICIAL.encrypt, OFFICIAL.msgSignature)).toBe(true);
  });

  it('changes when the encrypted payload or the timestamp changes', () => {
    const altered = `A${OFFICIAL.encrypt.slice(1)}`;
    expect(checkMsgSignature(OFFICIAL.token, OFFICIAL.timestamp, OFFICIAL.nonce, altered, OFFICIAL.msgSignature)).toBe(false);
    expect(checkMsgSignature(OFFICIAL.token, '1409735670', OFFICIAL.nonce, OFFICIAL.encrypt, OFFICIAL.msgSignature)).toBe(false);
  });
});
