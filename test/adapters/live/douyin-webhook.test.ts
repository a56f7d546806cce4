import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { douyinSignature, LiveAdapter } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { testRoom } from './live-rooms';

const SECRET = 'douyin-push-secret-for-tests-0123456789';

/** Douyin-style signed comment pushes over real HTTP on loopback, with the message-id claims in the real Redis. */
describe('Douyin-style comment pushes', () => {
  const prefix = `kefu-test-live-${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  let live: LiveAdapter;
  let app: FastifyInstance;
  let url = '';

  beforeAll(async () => {
    redis = new Redis('redis://127.0.0.1:6379');
    live = new LiveAdapter({
      rooms: [testRoom({ id: 'dy', platform: 'douyin', douyin: { secret: SECRET, path: '/live/douyin/dy' } })],
      redis,
      keyPrefix: prefix,
      logger: createLogger({ level: 'silent' }),
    });
    app = Fastify();
    live.registerRoutes(app);
    url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/live/douyin/dy`;
    await live.start();
  });
  afterAll(async () => {
    await live.stop();
    await app.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  const push = async (items: unknown[], seq: number, secret = SECRET): Promise<Response> => {
    const body = JSON.stringify(items);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-nonce-str': nonce,
        'x-seq': String(seq),
        'x-signature': douyinSignature(secret, timestamp, nonce, body),
      },
      body,
    });
  };
  const board = () => live.boards()[0]!;
  /** A signed push with the given timestamp (seconds) and raw body. */
  const signed = async (body: string, timestamp: number): Promise<Response> => {
    const nonce = randomUUID();
    const ts = String(timestamp);
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': ts,
        'x-nonce-str': nonce,
        'x-signature': douyinSignature(SECRET, ts, nonce, body),
      },
      body,
    });
  };

  it('refuses a bad signature with 401 and processes nothing', async () => {
    const res = await push([{ msg_id: 'm0', sec_openid: 'u0', nickname: '小王', content: '包邮吗' }], 1, 'wrong-secret-wrong-secret-wrong');
    expect(res.status).toBe(401);
    expect(board().counts.received).toBe(0);
    expect(board().source.rejected).toBe(1);
    expect(await redis.exists(`${prefix}:live:seen:dy:m0`)).toBe(0);
  });

  it('drops a repeated message id and counts the pushes lost between sequence numbers', async () => {
    const first = [
      { msg_id: 'm1', sec_openid: 'u1', nickname: '小王', content: '包邮吗' },
      { msg_id: 'm2', sec_openid: 'u2', nickname: '阿杰', content: '2号链接有货吗' },
    ];
    expect((await push(first, 1)).status).toBe(200);
    expect((await push(first, 2)).status).toBe(200); // the platform pushed the same messages again
    expect(board().counts.received).toBe(2);
    expect(board().source.duplicates).toBe(2);
    expect(board().source.gaps).toBe(0);
    expect((await push([{ msg_id: 'm5', sec_openid: 'u3', nickname: '莉莉', content: '发货快吗' }], 5)).status).toBe(200);
    expect(board().source.gaps).toBe(2); // pushes 3 and 4 never came
    expect(board().counts.received).toBe(3);
    await live.room('dy')!.drained();
    expect(
      board()
        .groups.map((g) => g.key)
        .sort(),
    ).toEqual(['free_shipping', 'in_stock#P1002', 'ship_time']);
  });

  it('refuses a correctly signed push whose timestamp is more than 300 s off (a replay) with 401', async () => {
    const before = board().source.rejected;
    const body = JSON.stringify([{ msg_id: 'old1', sec_openid: 'u9', nickname: '老王', content: '包邮吗' }]);
    const now = Math.floor(Date.now() / 1000);
    expect((await signed(body, now - 310)).status).toBe(401);
    expect((await signed(body, now + 310)).status).toBe(401);
    expect(board().source.rejected).toBe(before + 2);
    expect(await redis.exists(`${prefix}:live:seen:dy:old1`)).toBe(0);
    expect((await signed(body, now - 290)).status).toBe(200); // within the window
    expect(await redis.exists(`${prefix}:live:seen:dy:old1`)).toBe(1);
  });

  it('answers 400 to a signed body that is not a JSON array of comments, and reads none of it', async () => {
    const received = board().counts.received;
    const before = board().source.rejected;
    const now = Math.floor(Date.now() / 1000);
    const bad = ['not json', JSON.stringify([{ msg_id: 'ok1', content: '有货吗' }, { msg_id: 'x' }]), JSON.stringify([null])];
    for (const body of bad) {
      const res = await signed(body, now);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ err_no: 400 });
    }
    expect(board().source.rejected).toBe(before + 3);
    expect(board().counts.received).toBe(received);
    expect(await redis.exists(`${prefix}:live:seen:dy:ok1`)).toBe(0);
  });
});
