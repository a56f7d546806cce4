import { parseIntents } from '../../../src/nlu/bert/intents-file';

describe('parseIntents', () => {
  test('list form', () => {
    const out = parseIntents('intents:\n  - name: greeting\n    description: 打招呼\n    examples: [你好, 在吗]\n');
    expect(out).toEqual([{ name: 'greeting', description: '打招呼', examples: ['你好', '在吗'] }]);
  });

  test('map form, top level or under intents', () => {
    expect(parseIntents('greeting:\n  examples: [你好]\n')[0].examples).toEqual(['你好']);
    expect(parseIntents('intents:\n  deny:\n    examples: [不要, 不用了]\n')[0]).toEqual({
      name: 'deny',
      description: undefined,
      examples: ['不要', '不用了'],
    });
  });

  test('an intent without examples is an error naming it', () => {
    expect(() => parseIntents('intents:\n  - name: foo\n', 'x.yaml')).toThrow(/x.yaml: intent 'foo' has no examples/);
  });
});
