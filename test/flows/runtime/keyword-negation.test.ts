import { recognitionFromScores } from '../../../src/core/recognizer';
import { loadFlowBundle } from '../../../src/flows/load-bundle';
import { selectFlow } from '../../../src/flows/runtime/select-trigger';
import type { FlowBundle } from '../../../src/flows/types';

describe('keyword triggers read a negation right before the keyword', () => {
  let bundle: FlowBundle;
  beforeAll(async () => {
    const loaded = await loadFlowBundle('flows');
    bundle = loaded.bundle!;
  });
  const flow = (text: string): string | undefined => selectFlow(bundle, { text, recognition: recognitionFromScores(text, {}), ctx: { focus: { product: null } } })?.flow.id;

  test('"不用转人工" / "不要发票" do not ask for what they refuse', () => {
    expect(flow('转人工')).toBe('human_handoff');
    expect(flow('不用转人工')).toBeUndefined();
    expect(flow('开发票')).toBe('invoice');
    expect(flow('我不要发票')).toBeUndefined();
  });

  test('the refused part does not hide a real request in the same message', () => {
    expect(flow('不用转人工 给我退货')).toBe('returns');
  });

  test('keywords that are themselves a refusal still fire', () => {
    expect(flow('别再发了')).toBe('unsubscribe');
    expect(flow('别再给我发消息了 烦死了')).toBe('unsubscribe');
  });
});
