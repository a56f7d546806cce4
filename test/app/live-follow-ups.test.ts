/**
 * The live rooms' private follow-ups through real Redis and the shipped `live_followup` / `live_followup_ask` triggers:
 * a buyer's repeated comments of one shop-local day are one follow-up, a buyer back in the same room on another day
 * (within the 7 days event ids are deduplicated) gets another.
 */
import { liveFollowUps, type LivePurchaseIntent } from '../../src/app/live-follow-ups';
import type { TriggerSpec } from '../../src/outreach/trigger-schema';
import { dayRange } from '../../src/kpis/shop-days';
import { recordDay } from '../../src/flows/actions/service-records';
import { loadShippedTriggers } from '../helpers/shipped-triggers';
import { harness, user, type Harness } from '../outreach/helpers';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const product = { id: 'p7', title: '直播款卫衣', link: 1 };

let triggers: TriggerSpec[] = [];
let h: Harness;
let port: ReturnType<typeof liveFollowUps>;
/** 23:00 shop time three days ago: one hour before the shop's midnight. */
let lateEvening: number;

beforeAll(async () => {
  triggers = await loadShippedTriggers();
});

beforeEach(() => {
  h = harness(triggers);
  for (const [id, uid] of [
    ['u1', '42'],
    ['u2', '43'],
  ]) {
    h.users.add(user(id!, { displayName: '小王', identities: [{ channel: 'bilibili', externalId: uid! }] }));
    h.directory.add(id!, 'test');
  }
  const core = {
    userStore: {
      find: async (channel: string, uid: string) =>
        [...h.users.map.values()].find((u) => u.identities.some((i) => i.channel === channel && i.externalId === uid)),
    },
    redis: { redis: h.redis },
    config: { redisPrefix: h.prefix, timezone: TZ },
    events: h.outreach.scheduler,
  } as unknown as Parameters<typeof liveFollowUps>[0];
  port = liveFollowUps(core);
  lateEvening = dayRange(recordDay(Date.now() - 3 * DAY, TZ), TZ).from.getTime() + 23 * HOUR;
});
afterEach(() => h.cleanup());

const intent = (uid: string, at: number, withProduct = true): LivePurchaseIntent => ({
  platform: 'bilibili',
  uid,
  room: 'main',
  ...(withProduct ? { product } : {}),
  text: withProduct ? '1号链接拍了' : '我要下单',
  at,
});

describe('live follow-ups per shop-local day', () => {
  it('follows a buyer up once a day: again on another day, not for a second comment the same day', async () => {
    expect(await port.purchaseIntent(intent('42', lateEvening))).toBe('scheduled');
    await h.sender.waitFor(1);
    expect(await port.purchaseIntent(intent('42', lateEvening + 50 * 60_000))).toBe('duplicate'); // 23:50, same day
    expect(await port.purchaseIntent(intent('42', lateEvening + 2 * HOUR))).toBe('scheduled'); // 01:00, the next day
    await h.sender.waitFor(2);
    expect(h.sender.sends.map((s) => JSON.stringify(s.message))).toEqual([
      expect.stringContaining('直播款卫衣'),
      expect.stringContaining('直播款卫衣'),
    ]);
    expect(port.dayOf(lateEvening)).not.toBe(port.dayOf(lateEvening + 2 * HOUR));
  });

  it('asks a buyer who named no product once a day', async () => {
    expect(await port.purchaseIntent(intent('43', lateEvening, false))).toBe('scheduled');
    expect(await port.purchaseIntent(intent('43', lateEvening + 30 * 60_000, false))).toBe('duplicate');
    expect(await port.purchaseIntent(intent('43', lateEvening + DAY, false))).toBe('scheduled');
    expect(await port.purchaseIntent(intent('nobody', lateEvening, false))).toBe('unlinked');
  });
});
