import { MicroBatcher } from '../../../src/nlu/bert/micro-batcher';

describe('MicroBatcher', () => {
  test('concurrent submits run in one batch and resolve to their own results', async () => {
    const sizes: number[] = [];
    const b = new MicroBatcher(
      async (xs: number[]) => {
        sizes.push(xs.length);
        return xs.map((x) => x * 2);
      },
      { maxWaitMs: 2, maxBatch: 64 },
    );
    const out = await Promise.all([1, 2, 3, 4, 5].map((x) => b.submit(x)));
    expect(out).toEqual([2, 4, 6, 8, 10]);
    expect(sizes).toEqual([5]);
    expect(b.stats).toEqual({ requests: 5, batches: 1, maxBatchSize: 5 });
  });

  test('splits at maxBatch and accumulates while the runner is busy', async () => {
    const sizes: number[] = [];
    const b = new MicroBatcher(
      async (xs: number[]) => {
        sizes.push(xs.length);
        await new Promise((r) => setTimeout(r, 5));
        return xs;
      },
      { maxWaitMs: 1, maxBatch: 4, concurrency: 1 },
    );
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => b.submit(i)));
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(sizes).toEqual([4, 4, 2]);
  });

  test('a failing batch rejects each of its requests', async () => {
    const b = new MicroBatcher(async () => Promise.reject(new Error('boom')), {});
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow('boom');
  });
});
