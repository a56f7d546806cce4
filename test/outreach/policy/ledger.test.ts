import { Redis } from 'ioredis';
import { OutreachKeys } from '../../../src/outreach/keys';
import { PolicyLedger } from '../../../src/outreach/policy/ledger';
import { UNSUBSCRIBE_TAG } from '../../../src/outreach/policy/opt-out';
import { deletePrefix, MemoryUsers, NO_QUIET_HOURS, REDIS, testPrefix, user } from '../helpers';

const H = 3_600_000;
let redis: Redis;
let prefix: string;
let users: MemoryUsers;
let ledger: PolicyLedger;
const t0 = Date.parse('2026-05-01T04:00:00Z');

beforeEach(() => {
  redis = new Redis(REDIS);
  prefix = testPrefix();
  users = new MemoryUsers().add(user('u1'));
  ledger = new PolicyLedger({ redis, keys: new OutreachKeys(prefix), users, quietHours: NO_QUIET_HOURS });
});
afterEach(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

const reserve = (key: string, channel: string, now: number, extra: object = {}) =>
  ledger.reserve({ key, userId: 'u1', channel, kind: 'marketing', via: 'window', now, ...extra });

describe('PolicyLedger', () => {
  it('opt-out by flag or unsubscribe tag', async () => {
    users.add(user('u2', { optedOut: true })).add(user('u3', { tags: [UNSUBSCRIBE_TAG] }));
    expect(await ledger.check('u2', 'test', 'service', t0)).toMatchObject({ blocked: true, reason: 'opted_out' });
    expect(await ledger.check('u3', 'test', 'service', t0)).toMatchObject({ reason: 'opted_out' });
    expect(await ledger.check('u1', 'test', 'service', t0)).toEqual({ allowed: true });
  });

  it('frequency caps: 2 a day, 5 a week, idempotent per key', async () => {
    expect((await reserve('a', 'test', t0)).allowed).toBe(true);
    expect((await reserve('a', 'test', t0 + 1)).allowed).toBe(true); // same key again: not counted twice
    expect((await reserve('b', 'test', t0 + 2)).allowed).toBe(true);
    expect(await reserve('c', 'test', t0 + 3)).toEqual({ allowed: false, blocked: true, reason: 'cap_day', retryAt: t0 + 24 * H });
    for (let day = 1; day <= 2; day++) {
      expect((await reserve(`d${day}a`, 'test', t0 + day * 25 * H)).allowed).toBe(true);
      if (day === 1) expect((await reserve(`d${day}b`, 'test', t0 + day * 25 * H + 1)).allowed).toBe(true);
    }
    expect(await reserve('w', 'test', t0 + 4 * 25 * H)).toMatchObject({ reason: 'cap_week', retryAt: t0 + 7 * 24 * H });
  });

  it('WeChat OA windows: 5 in 48 h after a message, closed after 48 h, reset by a new message', async () => {
    const ch = 'wechat-official';
    expect(await ledger.check('u1', ch, 'service', t0)).toMatchObject({ reason: 'window_closed' });
    await ledger.recordInbound(ch, 'u1', 'message', t0);
    const l = new PolicyLedger({ redis, keys: new OutreachKeys(prefix), users, quietHours: NO_QUIET_HOURS, cappedKinds: [] });
    for (let i = 0; i < 5; i++)
      expect((await l.reserve({ key: `k${i}`, userId: 'u1', channel: ch, kind: 'service', via: 'window', now: t0 + i })).allowed).toBe(
        true,
      );
    expect(await l.reserve({ key: 'k5', userId: 'u1', channel: ch, kind: 'service', via: 'window', now: t0 + 10 })).toMatchObject({
      reason: 'window_quota',
    });
    await l.recordInbound(ch, 'u1', 'message', t0 + H);
    expect((await l.reserve({ key: 'k6', userId: 'u1', channel: ch, kind: 'service', via: 'window', now: t0 + H + 1 })).allowed).toBe(true);
    expect(await l.checkChannel('u1', ch, t0 + 50 * H)).toMatchObject({ reason: 'window_closed' });
  });

  it('menu click: 3 within 1 min; payment: unlimited within 48 h; mini program session: 2 within 1 min', async () => {
    const l = new PolicyLedger({ redis, keys: new OutreachKeys(prefix), users, quietHours: NO_QUIET_HOURS, cappedKinds: [] });
    const r = (key: string, ch: string, now: number) => l.reserve({ key, userId: 'u1', channel: ch, kind: 'service', via: 'window', now });
    await l.recordInbound('wechat-official', 'u1', 'menu_click', t0);
    for (const k of ['m1', 'm2', 'm3']) expect((await r(k, 'wechat-official', t0 + 1000)).allowed).toBe(true);
    expect(await r('m4', 'wechat-official', t0 + 2000)).toMatchObject({ reason: 'window_quota' });
    expect(await r('m5', 'wechat-official', t0 + 61_000)).toMatchObject({ reason: 'window_closed' });
    await l.recordInbound('wechat-official', 'u1', 'payment', t0 + 70_000);
    for (let i = 0; i < 12; i++) expect((await r(`p${i}`, 'wechat-official', t0 + 80_000)).allowed).toBe(true);
    await l.recordInbound('wechat-mini', 'u1', 'session_enter', t0);
    expect((await r('s1', 'wechat-mini', t0 + 1)).allowed).toBe(true);
    expect((await r('s2', 'wechat-mini', t0 + 2)).allowed).toBe(true);
    expect(await r('s3', 'wechat-mini', t0 + 3)).toMatchObject({ reason: 'window_quota' });
  });

  it('web only while connected; unknown channels blocked; consent is one message per consent', async () => {
    expect(await reserve('w1', 'web', t0, { connected: false })).toMatchObject({ reason: 'not_connected' });
    expect((await reserve('w2', 'web', t0, { connected: true })).allowed).toBe(true);
    expect(await ledger.checkChannel('u1', 'fax', t0)).toMatchObject({ reason: 'no_channel_rule' });
    const l = new PolicyLedger({ redis, keys: new OutreachKeys(prefix), users, quietHours: NO_QUIET_HOURS, cappedKinds: [] });
    const sub = (key: string) =>
      l.reserve({
        key,
        userId: 'u1',
        channel: 'wechat-official',
        kind: 'service',
        via: 'subscription',
        subscriptionTemplate: 'order_unpaid',
        now: t0,
      });
    expect(await sub('s0')).toMatchObject({ reason: 'no_consent' });
    await l.recordConsent('u1', 'order_unpaid');
    expect((await sub('s1')).allowed).toBe(true);
    expect((await sub('s1')).allowed).toBe(true); // retry of the same send
    expect(await sub('s2')).toMatchObject({ reason: 'no_consent' });
  });

  it('release gives back what a send reserved (cap slot, window message, consent), once, and only to the window it came from', async () => {
    const ch = 'wechat-official';
    const keys = new OutreachKeys(prefix);
    await ledger.recordInbound(ch, 'u1', 'message', t0);
    expect((await reserve('busy', ch, t0 + 1)).allowed).toBe(true);
    expect(await redis.hget(keys.window(ch, 'u1'), 'message:used')).toBe('1');
    expect(await redis.zscore(keys.caps('u1'), 'busy')).not.toBeNull();
    await ledger.release({ key: 'busy', userId: 'u1', channel: ch });
    await ledger.release({ key: 'busy', userId: 'u1', channel: ch }); // again: nothing more given back
    expect(await redis.hget(keys.window(ch, 'u1'), 'message:used')).toBe('0');
    expect(await redis.zscore(keys.caps('u1'), 'busy')).toBeNull();
    // all five messages of the window are there again
    const l = new PolicyLedger({ redis, keys, users, quietHours: NO_QUIET_HOURS, cappedKinds: [] });
    const r = (key: string) => l.reserve({ key, userId: 'u1', channel: ch, kind: 'service', via: 'window', now: t0 + 2 });
    for (let i = 0; i < 5; i++) expect((await r(`k${i}`)).allowed).toBe(true);
    expect(await r('k5')).toMatchObject({ reason: 'window_quota' });
    // a send reserved in a window the shopper has since reopened gives nothing back to the new one
    await l.recordInbound(ch, 'u1', 'message', t0 + H);
    expect((await l.reserve({ key: 'late', userId: 'u1', channel: ch, kind: 'service', via: 'window', now: t0 + H + 1 })).allowed).toBe(
      true,
    );
    await l.recordInbound(ch, 'u1', 'message', t0 + 2 * H);
    expect((await l.reserve({ key: 'now', userId: 'u1', channel: ch, kind: 'service', via: 'window', now: t0 + 2 * H + 1 })).allowed).toBe(
      true,
    );
    await l.release({ key: 'late', userId: 'u1', channel: ch });
    expect(await redis.hget(keys.window(ch, 'u1'), 'message:used')).toBe('1');
    // a consumed subscription consent comes back
    await l.recordConsent('u1', 'order_unpaid');
    const sub = {
      key: 's1',
      userId: 'u1',
      channel: ch,
      kind: 'service' as const,
      via: 'subscription' as const,
      subscriptionTemplate: 'order_unpaid',
    };
    expect((await l.reserve({ ...sub, now: t0 })).allowed).toBe(true);
    expect(await l.consents.check('u1', 'order_unpaid')).toMatchObject({ reason: 'no_consent' });
    await l.release(sub);
    await l.release(sub);
    expect(await redis.get(keys.consent('u1', 'order_unpaid'))).toBe('1');
  });
});
