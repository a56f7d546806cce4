import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CompletionContext, type Completion } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { flowCompletions, KEY_DETAILS_ZH } from '../../console/src/studio-completion';
import { flowJsonSchema } from '../../src/flows/schema/json-schema';

interface Node {
  properties?: Record<string, Node>;
  items?: Node | Node[];
  anyOf?: Node[];
  enum?: unknown[];
}

/** Every key of the schema's objects below the top level, and every key's allowed values (an independent walk). */
function nestedKeys(node: Node, top = true, out = { keys: new Set<string>(), values: new Map<string, Set<string>>() }) {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    if (!top) out.keys.add(key);
    for (const v of [child, ...(child.anyOf ?? [])].flatMap((c) => c.enum ?? [])) {
      out.values.set(key, (out.values.get(key) ?? new Set()).add(String(v)));
    }
  }
  const items = node.items === undefined ? [] : Array.isArray(node.items) ? node.items : [node.items];
  for (const child of [...Object.values(node.properties ?? {}), ...items, ...(node.anyOf ?? [])]) nestedKeys(child, false, out);
  return out;
}

/** What the editor offers with the cursor at the end of `text` (Ctrl+Space). */
function offered(text: string): Completion[] {
  const state = EditorState.create({ doc: text });
  const result = flowCompletions(['coupon.issue'])(new CompletionContext(state, text.length, true));
  return result ? [...result.options] : [];
}
const labels = (text: string): string[] => offered(text).map((o) => o.label);

describe('studio editor completion comes from flow.schema.json', () => {
  const schema = flowJsonSchema() as Node;

  test('flows/flow.schema.json is the schema the zod schema generates (run `kefu flows schema -o flows/flow.schema.json`)', () => {
    const file = JSON.parse(readFileSync(path.resolve(__dirname, '../../flows/flow.schema.json'), 'utf8'));
    expect(file).toEqual(schema);
  });

  test('every top-level key is offered at the start of a line', () => {
    expect(labels('').sort()).toEqual(Object.keys(schema.properties!).sort());
  });

  test('every nested key (step kinds, variants, experiment, predict rules …) is offered when indented, with Chinese words', () => {
    const { keys } = nestedKeys(schema);
    for (const key of ['variants', 'weight', 'holdout', 'window_days', 'metric']) expect(keys.has(key)).toBe(true);
    const inStep = offered('  - ');
    expect(inStep.map((o) => o.label).sort()).toEqual([...keys].sort());
    expect(labels('    ').sort()).toEqual([...keys].sort());
    const missingZh = [...keys, ...Object.keys(schema.properties!)].filter((k) => !KEY_DETAILS_ZH[k]);
    expect(missingZh).toEqual([]); // add the Chinese words to KEY_DETAILS_ZH in console/src/studio-completion.ts
    expect(inStep.find((o) => o.label === 'variants')).toMatchObject({ type: 'keyword', apply: 'variants: ' });
    expect(inStep.find((o) => o.label === 'holdout')).toMatchObject({ type: 'property', detail: '对照组比例（0～1）' });
  });

  test('keys with a fixed list of values complete those values; action: completes action names', () => {
    const { values } = nestedKeys(schema);
    for (const [key, allowed] of values) expect([key, labels(`    ${key}: `).sort()]).toEqual([key, [...allowed].sort()]);
    expect(labels('stage: ')).toEqual(['售前', '下单', '售后', '营销', '服务']);
    expect(labels('  metric: c').sort()).toEqual(['conversion', 'csat', 'resolution']);
    expect(labels('  - action: co')).toEqual(['coupon.issue']);
    expect(labels('  - say: 你好')).toEqual([]);
  });
});
