import { RulesRecognizer } from '../../src/nlu/rules-recognizer';
import { NO_INTENT } from '../../src/core/recognizer';

describe('RulesRecognizer', () => {
  const now = () => new Date('2026-11-24T10:00:00+08:00');

  test('returns entities and no intent', async () => {
    const r = await new RulesRecognizer({ now }).recognize('买两件XL明天能到吗');
    expect(r.text).toBe('买两件XL明天能到吗');
    expect(r.intents).toEqual({});
    expect(r.top).toEqual({ name: NO_INTENT, score: 0 });
    expect(r.entities.map((e) => [e.type, e.value])).toEqual([
      ['quantity', '2'],
      ['size', 'XL'],
      ['date', '2026-11-25'],
    ]);
  });

  test('batch keeps order', async () => {
    const rs = await new RulesRecognizer({ now }).recognizeBatch(['你好', '电话13812345678']);
    expect(rs.map((r) => r.entities.length)).toEqual([0, 1]);
    expect(rs[1].entities[0].value).toBe('13812345678');
  });
});
