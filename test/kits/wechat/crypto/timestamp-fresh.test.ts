import { timestampFresh } from '../../../../src/kits/wechat/crypto/timestamp-fresh';

describe('timestampFresh', () => {
  const now = 1_700_000_000;

  it('accepts timestamps within the window on either side (default 300 s)', () => {
    expect(timestampFresh(String(now), now)).toBe(true);
    expect(timestampFresh(String(now - 300), now)).toBe(true);
    expect(timestampFresh(now + 300, now)).toBe(true);
  });

  it('rejects stale and far-future timestamps', () => {
    expect(timestampFresh(String(now - 301), now)).toBe(false);
    expect(timestampFresh(String(now + 301), now)).toBe(false);
    expect(timestampFresh('1409735669', now)).toBe(false);
  });

  it('honours a custom window', () => {
    expect(timestampFresh(String(now - 30), now, 10)).toBe(false);
    expect(timestampFresh(String(now - 30), now, 60)).toBe(true);
  });

  it('rejects anything that is not plain decimal seconds', () => {
    for (const bad of ['', 'abc', '1.7e9', '-1700000000', '0x6553F100', '17000000001234567']) {
      expect(timestampFresh(bad, now)).toBe(false);
    }
  });
});
