import { LiveRoom, type LiveComment, type LiveFollowUpPort, type PurchaseIntent } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { testRoom } from './live-rooms';

/** Buying intent → the follow-up port: which product, who counts as unlinked, and what was not followed. */
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

  it("remembers buyers per day of the port's calendar: a buyer back the next day is followed up again", async () => {
    const intents: PurchaseIntent[] = [];
    const dayOf = (at: number): string => (at < 2_000_000 ? 'd1' : 'd2');
    const room = roomWith({ purchaseIntent: async (i) => (intents.push(i), 'scheduled'), dayOf });
    const at = (text: string, receivedAt: number): LiveComment => ({ room: 'shop', uid: 'u1', name: '小王', text, receivedAt });
    t = 1_900_000;
    room.ingest(at('1号链接拍了', 1_900_000));
    room.ingest(at('1号链接拍了', 1_900_100)); // the same day: once
    room.ingest(at('我要下单', 1_900_200)); // named a product that day: no "which one?"
    room.ingest(at('1号链接拍了', 2_100_000)); // the next day: again
    room.ingest(at('我要下单', 2_100_100));
    await room.drained();
    await new Promise((r) => setImmediate(r));
    expect(intents.map((i) => `${i.at}:${i.product?.id ?? 'none'}`)).toEqual(['1900000:P1001', '2100000:P1001']);
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
