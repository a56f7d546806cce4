import { combineScores } from '../../../src/nlu/bert/score-combiner';

describe('combineScores', () => {
  test('classifier only', () => {
    expect(combineScores({ labels: ['a', 'b'], probs: [0.7, 0.3] }, null)).toEqual({ a: 0.7, b: 0.3 });
  });

  test('few-shot only', () => {
    expect(combineScores(null, { labels: ['x'], probs: [1] })).toEqual({ x: 1 });
  });

  test('novel intents take their few-shot mass, the classifier splits the rest', () => {
    const out = combineScores({ labels: ['a', 'b'], probs: [0.8, 0.2] }, { labels: ['a', 'b', 'new'], probs: [0.3, 0.2, 0.5] });
    expect(out.a).toBeCloseTo(0.4);
    expect(out.b).toBeCloseTo(0.1);
    expect(out.new).toBeCloseTo(0.5);
    expect(Object.values(out).reduce((s, v) => s + v, 0)).toBeCloseTo(1);
  });

  test('no novel intents: classifier scores unchanged', () => {
    const out = combineScores({ labels: ['a', 'b'], probs: [0.6, 0.4] }, { labels: ['a', 'b'], probs: [0.1, 0.9] });
    expect(out).toEqual({ a: 0.6, b: 0.4 });
  });
});
