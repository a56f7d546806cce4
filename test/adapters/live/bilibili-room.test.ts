import { Redis } from 'ioredis';
import { LiveAdapter } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { FakeBilibiliLive } from '../../helpers/fake-bilibili-live/fake-bilibili-live';
import { danmuMsg } from '../../helpers/fake-bilibili-live/packet';
import { waitUntil } from '../../helpers/wait-until';
import { testRoom } from './live-rooms';

/** The real client (bilibili-live-ws) against a fake danmaku server on loopback speaking the real packet format. */
describe('a Bilibili live room', () => {
  const fake = new FakeBilibiliLive();
  let redis: Redis;
  let live: LiveAdapter;
  const changes: string[] = [];

  beforeAll(async () => {
    await fake.start();
    redis = new Redis('redis://127.0.0.1:6379');
    live = new LiveAdapter({
      rooms: [
        testRoom({
          id: 'bili',
          platform: 'bilibili',
          platformRoomId: '14327465',
          bilibili: { address: fake.url, protover: 3, authBody: undefined },
          send: { url: fake.sendUrl, cookie: 'SESSDATA=test', csrf: 'csrf-test', maxChars: 40 },
        }),
      ],
      redis,
      keyPrefix: 'kefu-test-live',
      logger: createLogger({ level: 'silent' }),
      // the three frames below arrive within milliseconds; a 1 s gather keeps them in one answer on a loaded machine
      settings: { gatherMs: 1000 },
    });
    live.listen((room) => changes.push(room));
    await live.start();
  });
  afterAll(async () => {
    await live.stop();
    await fake.stop();
    redis.disconnect();
  });

  it('authenticates within 5 s, heartbeats, and turns compressed comments into one batched public answer and a board', async () => {
    await waitUntil(
      () => fake.connections[0]?.auth !== undefined,
      () => fake.connections.length,
      5000,
    );
    const conn = fake.connections[0]!;
    expect(conn.authAfterMs).toBeLessThan(5000);
    expect(conn.auth).toMatchObject({ roomid: 14327465, protover: 3 });
    await waitUntil(
      () => conn.heartbeats.length > 0,
      () => 'no heartbeat (op 2)',
      5000,
    );
    await waitUntil(
      () => live.boards()[0]!.source.state === 'online',
      () => live.boards()[0]!.source,
    );

    fake.push([danmuMsg(101, '小王', '主播好'), danmuMsg(102, '阿杰', '[doge][doge]'), danmuMsg(103, '莉莉', '包邮吗')], 'zlib');
    fake.push([danmuMsg(104, '阿杰', '包邮吗？'), danmuMsg(105, '小王', '这个包邮不'), danmuMsg(106, '大海', '1号链接还有货吗')], 'brotli');
    fake.push([danmuMsg(107, '糖糖', '拍了拍了')], 'brotli');

    await waitUntil(
      () => fake.sent.length >= 2,
      () => ({ sent: fake.sent, board: live.boards()[0] }),
      5000,
    );
    const shipping = fake.sent.find((s) => s.msg!.includes('包邮的哦'))!;
    // in the order the viewers asked: the source hands on frames in arrival order (see bilibili-order.test.ts)
    expect(shipping.msg).toBe('@莉莉 @阿杰 @小王 包邮的哦～偏远地区除外');
    expect(shipping).toMatchObject({ roomid: '14327465', csrf: 'csrf-test' });
    expect(fake.sent.find((s) => s.msg!.includes('还有货'))!.msg).toBe('@大海 还有货的，手慢无哦～');

    const board = live.boards()[0]!;
    expect(board.counts.received).toBe(7);
    expect(board.shed).toMatchObject({ greeting: 1, emoji: 1 });
    const groups = Object.fromEntries(board.groups.map((g) => [g.key, g]));
    expect(groups['free_shipping']).toMatchObject({ count: 3, title: '包邮', suggested: '包邮的哦～偏远地区除外' });
    expect(groups['in_stock#P1001']).toMatchObject({ count: 1, product: { link: 1, title: '加绒连帽卫衣' } });
    expect(board.counts.buying).toBe(1);
    expect(board.counts.unlinkedBuyers).toBe(1); // no follow-up port: nobody can be reached privately
    // the board notes an answer once the platform confirmed it (just after the fake recorded the request)
    await waitUntil(
      () => live.boards()[0]!.answers.length === 2,
      () => live.boards()[0]!.answers,
    );
    expect(live.boards()[0]!.answers.map((a) => a.delivered)).toEqual(['sent', 'sent']);
    await waitUntil(
      () => changes.length > 0,
      () => changes,
    );

    // The same question again within answer_every: counted, not answered a second time.
    fake.push([danmuMsg(108, '小美', '包邮吗亲')], 'brotli');
    await waitUntil(
      () => (live.boards()[0]!.groups.find((g) => g.key === 'free_shipping')?.count ?? 0) === 4,
      () => live.boards()[0]!.groups,
    );
    await new Promise((r) => setTimeout(r, 1200)); // longer than the gather time
    expect(fake.sent.filter((s) => s.msg!.includes('包邮的哦'))).toHaveLength(1);
  });
});
