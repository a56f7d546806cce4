import { BilibiliSource } from '../../../adapters/live/sources/bilibili-source';
import type { LiveComment } from '../../../adapters/live';
import { createLogger } from '../../../src/index';
import { FakeBilibiliLive } from '../../helpers/fake-bilibili-live/fake-bilibili-live';
import { danmuMsg } from '../../helpers/fake-bilibili-live/packet';
import { waitUntil } from '../../helpers/wait-until';
import { testRoom } from './live-rooms';

/**
 * bilibili-live-ws decompresses each frame asynchronously, so a small frame can finish before a large one that
 * arrived first. The source hands comments on in the order their frames arrived.
 */
describe('a Bilibili source', () => {
  const fake = new FakeBilibiliLive();
  let source: BilibiliSource;
  const comments: LiveComment[] = [];

  beforeAll(async () => {
    await fake.start();
    source = new BilibiliSource(
      testRoom({ id: 'order', platform: 'bilibili', platformRoomId: '7734200', bilibili: { address: fake.url, protover: 3 } }),
      createLogger({ level: 'silent' }),
    );
    await source.start((c) => comments.push(c));
    await waitUntil(
      () => source.status().state === 'online',
      () => source.status(),
      5000,
    );
  });
  afterAll(async () => {
    await source.stop();
    await fake.stop();
  });

  it('keeps the order of frames: a large brotli frame then small zlib ones', async () => {
    const rounds = 5;
    for (let r = 0; r < rounds; r++) {
      // a large frame (slow to decompress) followed at once by small ones (fast)
      fake.push(
        Array.from({ length: 3000 }, (_, i) => danmuMsg(1000 + i, `观众${i}`, `第${r}轮 大包第${i}条 ${'包邮吗'.repeat(8)}`)),
        'brotli',
      );
      fake.push([danmuMsg(9001, '小王', `第${r}轮 小包1`)], 'zlib');
      fake.push([danmuMsg(9002, '阿杰', `第${r}轮 小包2`)], 'brotli');
    }
    await waitUntil(
      () => comments.length === rounds * 3002,
      () => comments.length,
      20_000,
    );
    const expected = Array.from({ length: rounds }, (_, r) => [
      ...Array.from({ length: 3000 }, (_, i) => `第${r}轮 大包第${i}条`),
      `第${r}轮 小包1`,
      `第${r}轮 小包2`,
    ]).flat();
    const got = comments.map((c) => c.text.replace(/ 包邮吗.*$/, ''));
    const firstWrong = got.findIndex((t, i) => t !== expected[i]);
    expect({ firstWrong, at: got[firstWrong] }).toEqual({ firstWrong: -1, at: undefined });
  });
});
