import { isValidTimeZone, localMinuteOfDay, parseQuietHours, quietHoursRule } from '../../../src/outreach/policy/quiet-hours';

describe('quiet hours in the shopper time zone', () => {
  it('blocks 23:00 Shanghai and postpones to 08:00 Shanghai', () => {
    const now = Date.parse('2026-03-01T15:00:00Z'); // 23:00 in Shanghai
    const d = quietHoursRule(now, 'Asia/Shanghai');
    expect(d).toEqual({ allowed: false, blocked: true, reason: 'quiet_hours', retryAt: Date.parse('2026-03-02T00:00:00Z') });
  });

  it('allows the same instant for a shopper in Berlin (16:00)', () => {
    expect(quietHoursRule(Date.parse('2026-03-01T15:00:00Z'), 'Europe/Berlin').allowed).toBe(true);
  });

  it('handles early morning and non-wrapping ranges', () => {
    const now = Date.parse('2026-03-01T21:30:00Z'); // 05:30 Shanghai
    expect(quietHoursRule(now, 'Asia/Shanghai')).toMatchObject({ reason: 'quiet_hours', retryAt: Date.parse('2026-03-02T00:00:00Z') });
    expect(quietHoursRule(now, 'UTC', parseQuietHours('12:00-14:00')).allowed).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(localMinuteOfDay(Date.parse('2026-03-01T04:15:30Z'), 'Asia/Shanghai')).toBeCloseTo(12 * 60 + 15.5);
  });
});
