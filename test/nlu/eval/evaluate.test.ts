import { parseJsonl } from '../../../src/nlu/eval/dataset';
import { evaluate } from '../../../src/nlu/eval/evaluate';
import { formatReport } from '../../../src/nlu/eval/format-report';
import { recognitionFromScores, type Recognizer } from '../../../src/core/recognizer';

/** A keyword recogniser written for this test (a real Recognizer, not a mock of a service). */
const keywordRecognizer: Recognizer = {
  async recognize(text) {
    if (text.includes('快递')) return recognitionFromScores(text, { shipping_logistics: 0.9, greeting: 0.1 });
    return recognitionFromScores(text, { greeting: 0.8, shipping_logistics: 0.2 });
  },
};

describe('evaluate', () => {
  const examples = parseJsonl(
    [
      '{"text":"你好","label":"greeting"}',
      '',
      '{"text":"快递到哪了","label":"shipping_logistics"}',
      '{"text":"包成礼物","label":"gift_wrap"}',
    ].join('\n'),
  );

  test('scores predictions and reports labels the model does not know', async () => {
    const r = await evaluate(keywordRecognizer, examples, ['greeting', 'shipping_logistics']);
    expect(r.examples).toBe(3);
    expect(r.accuracy).toBeCloseTo(2 / 3);
    expect(r.unknownLabels).toEqual({ gift_wrap: 1 });
    expect(r.perIntent.greeting.precision).toBeCloseTo(0.5);
    expect(r.latencyMs.p99).toBeGreaterThanOrEqual(r.latencyMs.p50);
    expect(formatReport(r)).toContain('gift_wrap (1)');
  });

  test('bad JSONL lines are reported with their line number', () => {
    expect(() => parseJsonl('{"text":"a","label":"b"}\nnot json', 'f.jsonl')).toThrow(/f.jsonl:2/);
    expect(() => parseJsonl('{"text":"a"}', 'f.jsonl')).toThrow(/f.jsonl:1: needs string fields/);
  });
});
