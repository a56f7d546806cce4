import { normalizeIP } from '@fastify/rate-limit';
import { clientAddressKey } from '../../../src/core/security/client-address';

// One client, one key: per-address limits must not be escaped by picking another address of one's own /64.

describe('clientAddressKey', () => {
  it('keeps IPv4 as it is and reads IPv4-mapped IPv6 as IPv4', () => {
    expect(clientAddressKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientAddressKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(clientAddressKey('::FFFF:c633:6407')).toBe('198.51.100.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = clientAddressKey('2001:db8:1:2::a');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const same of ['2001:db8:1:2:ffff:eeee:dddd:cccc', '2001:0DB8:0001:0002:0:0:0:1', '2001:db8:1:2::1.2.3.4', '2001:db8:1:2::1%eth0'])
      expect(clientAddressKey(same)).toBe(key);
    expect(clientAddressKey('2001:db8:1:3::a')).not.toBe(key);
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('groups addresses the way the HTTP rate limiter did (@fastify/rate-limit normalizeIP, /64)', () => {
    const addresses = ['2001:db8:1:2::a', '2001:db8:1:2:9::', '2001:db8:1:3::a', '::1', '::ffff:10.0.0.1', '10.0.0.1', 'fe80::1:2:3:4'];
    for (const a of addresses)
      for (const b of addresses) expect(clientAddressKey(a) === clientAddressKey(b)).toBe(normalizeIP(a) === normalizeIP(b));
  });

  it('returns what is no address lower-cased', () => {
    expect(clientAddressKey('Unknown')).toBe('unknown');
  });
});
