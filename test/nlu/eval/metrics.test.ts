import { classificationMetrics, percentile } from '../../../src/nlu/eval/metrics';

describe('classificationMetrics (hand-computed)', () => {
  // gold:      a a a b b c
  // predicted: a a b b c c
  // a: tp 2, predicted 2, support 3 → P 1, R 2/3, F1 0.8
  // b: tp 1, predicted 2, support 2 → P 1/2, R 1/2, F1 1/2
  // c: tp 1, predicted 2, support 1 → P 1/2, R 1, F1 2/3
  const m = classificationMetrics(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);

  test('accuracy', () => expect(m.accuracy).toBeCloseTo(4 / 6));

  test('per intent', () => {
    expect(m.perIntent.a).toEqual({ precision: 1, recall: 2 / 3, f1: expect.closeTo(0.8, 10), support: 3 });
    expect(m.perIntent.b.precision).toBeCloseTo(0.5);
    expect(m.perIntent.b.f1).toBeCloseTo(0.5);
    expect(m.perIntent.c.recall).toBe(1);
    expect(m.perIntent.c.f1).toBeCloseTo(2 / 3);
  });

  test('macro-F1 is the mean of per-intent F1', () => expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3));

  test('confusion matrix: rows gold, columns predicted', () => {
    expect(m.confusion).toEqual({
      labels: ['a', 'b', 'c'],
      matrix: [
        [2, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
      ],
    });
  });

  test('a predicted-only label enters the matrix but not the macro average', () => {
    const r = classificationMetrics(['a', 'a'], ['a', 'zzz']);
    expect(Object.keys(r.perIntent)).toEqual(['a']);
    expect(r.confusion.labels).toEqual(['a', 'zzz']);
    expect(r.perIntent.a).toEqual({ precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3, 10), support: 2 });
    expect(r.macroF1).toBeCloseTo(2 / 3);
  });

  test('all wrong gives zeros, not NaN', () => {
    const r = classificationMetrics(['a'], ['b']);
    expect(r.accuracy).toBe(0);
    expect(r.macroF1).toBe(0);
  });

  test('length mismatch is an error', () => expect(() => classificationMetrics(['a'], [])).toThrow(RangeError));
});

describe('percentile', () => {
  test.each([
    [[1, 2, 3, 4], 50, 2.5],
    [[5], 99, 5],
    [[10, 1, 3], 0, 1],
    [[10, 1, 3], 100, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
  ])('%j p%d = %d', (xs, p, expected) => expect(percentile(xs, p)).toBeCloseTo(expected));

  test('empty is NaN', () => expect(percentile([], 50)).toBeNaN());
});
