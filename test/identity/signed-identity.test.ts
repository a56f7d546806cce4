import { createHmac } from 'node:crypto';
import { signIdentity, verifyIdentity } from '../../src/identity/signed-identity';

const SECRET = 'shop-and-kefu-share-this-secret-0123456789';
const NOW = Date.parse('2025-11-20T10:00:00+08:00');

/** A JWT made by hand, the way any shop library would (header and payload as given). */
function jwt(header: object, payload: object, secret = SECRET): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

describe('signed shop identities (JWT HS256)', () => {
  it('accepts a token the shop signed, and one made the way JWT libraries make it', () => {
    expect(verifyIdentity(signIdentity('C10086', SECRET, 600, NOW), SECRET, { now: NOW })).toEqual({
      ok: true,
      customerId: 'C10086',
      exp: NOW / 1000 + 600,
    });
    const library = jwt({ alg: 'HS256', typ: 'JWT' }, { sub: '88001234', exp: NOW / 1000 + 300, iat: NOW / 1000 });
    expect(verifyIdentity(library, SECRET, { now: NOW })).toMatchObject({ ok: true, customerId: '88001234' });
  });

  it('refuses a forged signature, another secret, and a customer id changed after signing', () => {
    const good = signIdentity('C10086', SECRET, 600, NOW);
    expect(verifyIdentity(signIdentity('C10086', 'another-secret-another-secret-0123', 600, NOW), SECRET, { now: NOW })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const [header, , signature] = good.split('.');
    const swapped = Buffer.from(JSON.stringify({ sub: 'C99999', exp: NOW / 1000 + 600 })).toString('base64url');
    expect(verifyIdentity(`${header}.${swapped}.${signature}`, SECRET, { now: NOW })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyIdentity(`${good.slice(0, -2)}xx`, SECRET, { now: NOW })).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('refuses an expired token, also one replayed a second after its exp, and one valid further ahead than 24 h', () => {
    const token = signIdentity('C10086', SECRET, 600, NOW);
    expect(verifyIdentity(token, SECRET, { now: NOW + 599_000 }).ok).toBe(true);
    expect(verifyIdentity(token, SECRET, { now: NOW + 600_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyIdentity(token, SECRET, { now: NOW + 601_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyIdentity(signIdentity('C10086', SECRET, 25 * 3600, NOW), SECRET, { now: NOW })).toEqual({
      ok: false,
      reason: 'too_far_ahead',
    });
    expect(verifyIdentity(signIdentity('C10086', SECRET, 23 * 3600, NOW), SECRET, { now: NOW }).ok).toBe(true);
  });

  it('refuses other algorithms (none, HS512), malformed tokens and bad customer ids', () => {
    const payload = { sub: 'C10086', exp: NOW / 1000 + 600 };
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    expect(verifyIdentity(none, SECRET, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyIdentity(jwt({ alg: 'HS512' }, payload), SECRET, { now: NOW })).toEqual({ ok: false, reason: 'unsupported_algorithm' });
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', '!!.??.##', 'x'.repeat(3000)]) {
      expect(verifyIdentity(bad, SECRET, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(verifyIdentity(jwt({ alg: 'HS256' }, { sub: 'C1' }), SECRET, { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyIdentity(jwt({ alg: 'HS256' }, { sub: '张三', exp: NOW / 1000 + 60 }), SECRET, { now: NOW })).toEqual({
      ok: false,
      reason: 'bad_customer_id',
    });
    expect(verifyIdentity(jwt({ alg: 'HS256' }, { sub: 10086, exp: NOW / 1000 + 60 }), SECRET, { now: NOW })).toEqual({
      ok: false,
      reason: 'bad_customer_id',
    });
    expect(verifyIdentity(signIdentity('C10086', SECRET, 600, NOW), '', { now: NOW })).toEqual({ ok: false, reason: 'malformed' });
  });
});
