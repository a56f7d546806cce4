import path from 'node:path';
import { DemoCommerce } from '../../../src/commerce/demo-store';
import { createActionRegistry } from '../../../src/flows/actions';
import { FlowEngine } from '../../../src/flows/engine';
import { loadFlowBundle } from '../../../src/flows/load-bundle';
import type { FlowBundle } from '../../../src/flows/types';
import { emptyConversationState } from '../../../src/core/conversation-state';
import { recognitionFromScores, type Recognition } from '../../../src/core/recognizer';
import { extractEntities } from '../../../src/nlu/entities';

/**
 * A stand-in for the intent model that reads words the way it would (it scores "不用转人工" as a request for a human:
 * classifiers miss negation), so the test shows what the engine does with such a reading.
 */
const modelLike = async (text: string): Promise<Recognition> => {
  const intents: Record<string, number> = {};
  if (text.includes('人工')) intents.human_agent = 0.93;
  if (text.includes('退货')) intents.return_refund = 0.95;
  return recognitionFromScores(text, intents, extractEntities(text));
};

describe('a refused request beside a real one ("不用转人工 给我退货")', () => {
  let bundle: FlowBundle;
  beforeAll(async () => {
    const { bundle: b } = await loadFlowBundle(path.join(__dirname, '..', '..', '..', 'flows'), { actionNames: createActionRegistry().names() });
    bundle = b!;
  });

  it('starts only the real request, even when the model reads the refusal as a request', async () => {
    const engine = new FlowEngine({ bundle: () => bundle, actions: createActionRegistry(), commerce: new DemoCommerce(), shop: { name: '小美优选', timezone: 'Asia/Shanghai' }, extractEntities, recognize: modelLike });
    const text = '不用转人工 给我退货';
    const ref = { channel: 'test', conversationId: 'c-refuse', userId: 'u-refuse' };
    const user = { id: 'u-refuse', identities: [], isNew: false, attributes: {}, tags: [], optedOut: false, createdAt: '', lastSeenAt: '' };
    const out = await engine.runTurn({ message: { id: 'm1', ref, kind: 'text', text, receivedAt: 0 }, user, recognition: await modelLike(text), state: emptyConversationState(0), now: 0 });
    expect(out.startedFlow).toBe('returns');
    expect(out.state.queue).toBeUndefined();
    expect(out.handoff).toBeUndefined();
    expect(out.replies.map((r) => ('text' in r ? r.text : '')).join()).not.toContain('人工');
  });
});
