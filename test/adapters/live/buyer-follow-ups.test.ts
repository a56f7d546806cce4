import { LiveRoom, type LiveComment, type LiveFollowUpPort, type PurchaseIntent } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { testRoom } from './live-rooms';

/** Buying intent → the follow-up port: which product, who counts as unlinked, and what was not followed. */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('buying comments in a live room', () => {
  const logger = createLogger({ level: 'silent' });
  let t = 1_000_000;
  const comment = (uid: string, name: string, text: string): LiveComment => ({ room: 'shop', uid, name, text, receivedAt: ++t });
  const roomWith = (followUps?: LiveFollowUpPort): LiveRoom =>
    new LiveRoom(testRoom({ id: 'shop', platform: 'socket' }), {
      followUps,
      publish: async () => 'board',
      source: () => ({ state: 'online', gaps: 0, duplicates: 0, rejected: 0 }),
      logger,
      now: () => t,
    });

  it('follows up on the product the buyer named, and without a product when they named none', async () => {
    const intents: PurchaseIntent[] = [];
    const room = roomWith({ purchaseIntent: async (i) => (intents.push(i), 'scheduled') });
    room.ingest(comment('u1', '小王', '我要下单'));
    room.ingest(comment('u2', '阿杰', '2号链接拍了'));
    room.ingest(comment('u3', '莉莉', '牛仔裤下单了'));
    await room.drained();
    await new Promise((r) => setImmediate(r));
    const byUid = Object.fromEntries(intents.map((i) => [i.uid, i.product?.id ?? 'none']));
    expect(byUid).toEqual({ u1: 'none', u2: 'P1002', u3: 'P1002' });
    expect(room.snapshot().counts).toMatchObject({ buying: 3, followUps: 3, unlinkedBuyers: 0 });
  });

  it('asks a viewer without a product at most once, and not after they named one', async () => {
    const intents: PurchaseIntent[] = [];
    const room = roomWith({ purchaseIntent: async (i) => (intents.push(i), 'scheduled') });
    room.ingest(comment('u1', '小王', '1号链接拍了'));
    room.ingest(comment('u1', '小王', '我要下单'));
    room.ingest(comment('u2', '阿杰', '我要下单'));
    room.ingest(comment('u2', '阿杰', '下单下单'));
    await room.drained();
    await new Promise((r) => setImmediate(r));
    expect(intents.map((i) => `${i.uid}:${i.product?.id ?? 'none'}`)).toEqual(['u1:P1001', 'u2:none']);
  });

  it('remembers a buyer for a rolling 24 h, not a calendar day: 23:50 and 00:10 are one follow-up, 25 h later another', async () => {
    const intents: PurchaseIntent[] = [];
    const room = roomWith({ purchaseIntent: async (i) => (intents.push(i), 'scheduled') });
    const say = async (text: string, receivedAt: number): Promise<void> => {
      t = receivedAt;
      room.ingest({ room: 'shop', uid: 'u1', name: '小王', text, receivedAt });
      await room.drained();
    };
    const at2350 = Date.UTC(2026, 0, 9, 23, 50);
    await say('1号链接拍了', at2350);
    await say('1号链接拍了', at2350 + 20 * MINUTE); // 00:10, past midnight: the same stream
    await say('我要下单', at2350 + 30 * MINUTE); // named a product in the window: no "which one?"
    await say('1号链接拍了', at2350 + 23 * HOUR); // 22:50 the next evening: still the window
    await say('1号链接拍了', at2350 + 25 * HOUR); // the window has passed: again
    await say('我要下单', at2350 + 25 * HOUR + MINUTE);
    await new Promise((r) => setImmediate(r));
    expect(intents.map((i) => `${(i.at - at2350) / MINUTE}:${i.product?.id ?? 'none'}`)).toEqual(['0:P1001', '1500:P1001']);
  });

  it("keeps the port's window when it has one", async () => {
    const intents: PurchaseIntent[] = [];
    const room = roomWith({ purchaseIntent: async (i) => (intents.push(i), 'scheduled'), windowMs: 10 * MINUTE });
    for (const minute of [0, 5, 11]) {
      t = 5_000_000 + minute * MINUTE;
      room.ingest({ room: 'shop', uid: 'u1', name: '小王', text: '1号链接拍了', receivedAt: t });
      await room.drained();
    }
    await new Promise((r) => setImmediate(r));
    expect(intents.map((i) => (i.at - 5_000_000) / MINUTE)).toEqual([0, 11]);
  });

  it('counts every buying comment of masked viewers (no uid): they cannot be told apart', async () => {
    const room = roomWith({ purchaseIntent: async () => 'scheduled' });
    for (let i = 0; i < 5; i++) room.ingest(comment('', `观众*${i}`, '拍了'));
    await room.drained();
    expect(room.snapshot().counts).toMatchObject({ buying: 5, unlinkedBuyers: 5, followUps: 0 });
  });

  it('counts buyers not followed when too many look-ups are in flight or one fails', async () => {
    const pending: ((ok: boolean) => void)[] = [];
    const room = roomWith({
      purchaseIntent: (i) =>
        new Promise((resolve, reject) =>
          pending.push((ok) => (ok && i.uid !== 'broken' ? resolve('scheduled') : reject(new Error('user store down')))),
        ),
    });
    room.ingest(comment('broken', '出错', '拍了'));
    for (let i = 0; i < 70; i++) room.ingest(comment(`v${i}`, `观众${i}`, '拍了'));
    await room.drained();
    // 64 look-ups at once (the default): the first 64 viewers are looked up, the other 7 are not followed
    expect(pending).toHaveLength(64);
    expect(room.snapshot().counts).toMatchObject({ buying: 71, notFollowed: 7, followUps: 0 });
    pending.forEach((settle) => settle(true));
    await new Promise((r) => setImmediate(r));
    expect(room.snapshot().counts).toMatchObject({ followUps: 63, notFollowed: 8 }); // 'broken' failed
  });
});
