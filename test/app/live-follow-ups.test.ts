/**
 * The live rooms' private follow-ups through real Redis and the shipped `live_followup` / `live_followup_ask` triggers:
 * a buyer's repeated comments within 24 h are one follow-up, even across the shop's midnight (streams run 20:00–02:00),
 * and a buyer back in the same room after that (within the 7 days event ids are deduplicated) gets another.
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

describe('live follow-ups once per buyer, room and product in a rolling 24 h', () => {
  const at2350 = () => lateEvening + 50 * 60_000;

  it('a stream past midnight is one follow-up (23:50 and 00:10), a buyer back 25 h later gets another', async () => {
    expect(await port.purchaseIntent(intent('42', at2350()))).toBe('scheduled');
    await h.sender.waitFor(1);
    expect(await port.purchaseIntent(intent('42', at2350() + 20 * 60_000))).toBe('duplicate'); // 00:10, the next shop day
    expect(await port.purchaseIntent(intent('42', at2350() + 23 * HOUR))).toBe('duplicate'); // 22:50 the next evening
    expect(await port.purchaseIntent(intent('42', at2350() + 25 * HOUR))).toBe('scheduled'); // 00:50 a day later
    await h.sender.waitFor(2);
    expect(h.sender.sends.map((s) => JSON.stringify(s.message))).toEqual([
      expect.stringContaining('直播款卫衣'),
      expect.stringContaining('直播款卫衣'),
    ]);
    // the new window starts at that comment: 23 h after it is still the same follow-up
    expect(await port.purchaseIntent(intent('42', at2350() + 48 * HOUR))).toBe('duplicate');
    expect(port.windowMs).toBe(DAY);
  });

  it('another product in the window is its own follow-up; another room too', async () => {
    expect(await port.purchaseIntent(intent('42', at2350()))).toBe('scheduled');
    const other = { ...intent('42', at2350() + 20 * 60_000), product: { id: 'p8', title: '直播款长裤', link: 2 } };
    expect(await port.purchaseIntent(other)).toBe('scheduled');
    expect(await port.purchaseIntent({ ...intent('42', at2350() + 30 * 60_000), room: 'second' })).toBe('scheduled');
  });

  it('asks a buyer who named no product once in the window: 23:50 and 00:10 once, 25 h later again', async () => {
    expect(await port.purchaseIntent(intent('43', at2350(), false))).toBe('scheduled');
    expect(await port.purchaseIntent(intent('43', at2350() + 20 * 60_000, false))).toBe('duplicate');
    expect(await port.purchaseIntent(intent('43', at2350() + 25 * HOUR, false))).toBe('scheduled');
    expect(await port.purchaseIntent(intent('nobody', at2350(), false))).toBe('unlinked');
  });
});
