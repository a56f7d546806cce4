import { fitHead, predictHead } from '../../../src/nlu/bert/few-shot-head';

describe('few-shot head', () => {
  test('separates linearly separable clusters', () => {
    const xs = [
      [1, 0.1, 0],
      [0.9, 0, 0.1],
      [0, 1, 0.1],
      [0.1, 0.9, 0],
      [0, 0.1, 1],
      [0.1, 0, 0.9],
    ];
    const head = fitHead(xs, [0, 0, 1, 1, 2, 2], 3);
    expect(head.finalLoss).toBeLessThan(0.5);
    const p = predictHead(head, [0.95, 0.05, 0.05]);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(p.indexOf(Math.max(...p))).toBe(0);
    const q = predictHead(head, [0.05, 0.05, 0.95]);
    expect(q.indexOf(Math.max(...q))).toBe(2);
  });

  test('works on nearly parallel embeddings (centring removes the shared direction)', () => {
    const base = [5, 5, 5, 5];
    const xs = [
      [5.1, 5, 5, 5],
      [5.12, 5, 5.01, 5],
      [5, 5.1, 5, 5],
      [5, 5.11, 5.01, 5],
    ];
    const head = fitHead(xs, [0, 0, 1, 1], 2);
    expect(predictHead(head, [5.1, 5, 5, 5])[0]).toBeGreaterThan(0.8);
    expect(predictHead(head, [5, 5.1, 5, 5])[1]).toBeGreaterThan(0.8);
    expect(base).toHaveLength(4);
  });

  test('rejects an empty training set', () => {
    expect(() => fitHead([], [], 2)).toThrow(/at least one/);
  });
});
