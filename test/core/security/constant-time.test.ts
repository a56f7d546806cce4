import crypto from 'node:crypto';
import { authorizationMatches, bearerOrBasicToken, constantTimeEqual } from '../../../src/core/security/constant-time';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('constantTimeEqual', () => {
  it('is true for the same string only', () => {
    expect(constantTimeEqual('s3cret-token-0123456789', 's3cret-token-0123456789')).toBe(true);
    expect(constantTimeEqual('s3cret-token-0123456789', 's3cret-token-0123456788')).toBe(false);
    expect(constantTimeEqual('s3cret-token-0123456789', 's3cret')).toBe(false);
    expect(constantTimeEqual('', 's3cret')).toBe(false);
    expect(constantTimeEqual('密码', '密码')).toBe(true);
  });

  it('compares two SHA-256 digests, so a presented secret of another length is compared too (no length shortcut)', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      expect(constantTimeEqual('short', 'a-much-longer-secret-value')).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0]! as [Buffer, Buffer];
      expect([a.length, b.length]).toEqual([32, 32]);
      expect(a.equals(crypto.createHash('sha256').update('short').digest())).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('bearerOrBasicToken', () => {
  it.each([
    ['Bearer abc.def', { scheme: 'bearer', token: 'abc.def' }],
    ['bearer   abc ', { scheme: 'bearer', token: 'abc' }],
    [basic('admin', 'p:ss'), { scheme: 'basic', token: 'p:ss' }],
    [basic('', 'tok'), { scheme: 'basic', token: 'tok' }],
  ])('reads %p', (header, expected) => {
    expect(bearerOrBasicToken(header)).toEqual(expected);
  });

  it.each([
    undefined,
    '',
    'abc',
    'Bearer',
    'Bearer a b',
    'Token abc',
    basic('admin', ''),
    `Basic ${Buffer.from('no-colon').toString('base64')}`,
  ])('finds no token in %p', (header) => {
    expect(bearerOrBasicToken(header)).toBeUndefined();
  });
});

describe('authorizationMatches', () => {
  const token = 'admin-token-0123456789';
  it('accepts the token as Bearer, and as Basic only when allowed', () => {
    expect(authorizationMatches(`Bearer ${token}`, token)).toBe(true);
    expect(authorizationMatches(basic('x', token), token)).toBe(false);
    expect(authorizationMatches(basic('x', token), token, { basic: true })).toBe(true);
  });

  it('refuses a wrong token of the same length, of another length, a bare token and an empty expected token', () => {
    expect(authorizationMatches(`Bearer ${token.slice(0, -1)}X`, token)).toBe(false);
    expect(authorizationMatches(`Bearer ${token}0`, token)).toBe(false);
    expect(authorizationMatches(token, token)).toBe(false);
    expect(authorizationMatches('Bearer ', '')).toBe(false);
  });
});
