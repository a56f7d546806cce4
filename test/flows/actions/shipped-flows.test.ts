import path from 'node:path';
import { DemoCommerce } from '../../../src/commerce/demo-store';
import { createActionRegistry } from '../../../src/flows/actions';
import { FlowEngine } from '../../../src/flows/engine';
import { loadFlowBundle } from '../../../src/flows/load-bundle';
import { createEngineDriver, loadTranscripts, runTranscript } from '../../../src/flows/transcript';
import { type FlowBundle } from '../../../src/flows/types';
import { emptyConversationState } from '../../../src/core/conversation-state';
import { extractEntities } from '../../../src/nlu/entities';
import { normalizerFor } from '../../../src/nlu/normalize';
import { recognitionFromScores } from '../../../src/core/recognizer';

const FLOWS = path.join(__dirname, '..', '..', '..', 'flows');
const INTENTS = ['greeting', 'product_inquiry', 'stock_availability', 'price_promotion', 'purchase_how', 'shipping_logistics', 'order_change', 'payment_issue', 'return_refund', 'after_sales', 'invoice', 'complaint', 'human_agent', 'thanks_goodbye', 'affirm', 'deny', 'unsubscribe', 'out_of_scope'];

describe('shipped flows (flows/) with the built-in actions and the demo store', () => {
  let bundle: FlowBundle;
  beforeAll(async () => {
    const { bundle: b, errors } = await loadFlowBundle(FLOWS, { actionNames: createActionRegistry().names() });
    if (!b) throw new Error(errors.map((e) => e.message).join('\n'));
    bundle = b;
  });

  it('declare all 18 intents with at least 10 examples each', () => {
    expect([...bundle.intents.keys()].sort()).toEqual([...INTENTS].sort());
    for (const intent of bundle.intents.values()) expect(intent.examples.length).toBeGreaterThanOrEqual(10);
  });

  it('cover every stage of the journey', () => {
    for (const id of ['welcome', 'new_customer', 'coupon', 'repurchase', 'recommendation', 'order_guidance', 'payment_nudge', 'product_inquiry', 'logistics', 'order_change', 'returns', 'invoice', 'complaint', 'human_handoff', 'thanks', 'unsubscribe']) {
      expect(bundle.flows.has(id)).toBe(true);
    }
  });

  it('opt the shopper out for real when they unsubscribe (退订)', async () => {
    const engine = new FlowEngine({ bundle: () => bundle, actions: createActionRegistry(), commerce: new DemoCommerce(), shop: { name: '小美优选', timezone: 'Asia/Shanghai' }, extractEntities });
    const ref = { channel: 'test', conversationId: 'c-unsub', userId: 'u-unsub' };
    const user = { id: 'u-unsub', identities: [], isNew: false, attributes: {}, tags: ['vip'], optedOut: false, createdAt: '', lastSeenAt: '' };
    const message = { id: 'm1', ref, kind: 'text' as const, text: '退订', receivedAt: 0 };
    const out = await engine.runTurn({ message, user, recognition: recognitionFromScores('退订', {}), state: emptyConversationState(0), now: 0 });
    expect(out.startedFlow).toBe('unsubscribe');
    expect(out.userPatch).toEqual({ optedOut: true, tags: ['vip', 'unsubscribed'] });
  });

  it('pass every transcript in flows/tests', async () => {
    const { tests, errors } = await loadTranscripts(path.join(FLOWS, 'tests'));
    expect(errors.map((e) => e.message)).toEqual([]);
    const failures: string[] = [];
    const visited = new Set<string>();
    for (const test of tests) {
      const engine = new FlowEngine({ bundle: () => bundle, actions: createActionRegistry(), commerce: new DemoCommerce(), shop: { name: '小美优选', timezone: 'Asia/Shanghai' }, extractEntities });
      const driver = createEngineDriver(engine, { recognize: (t) => recognitionFromScores(t, {}, extractEntities(t)), normalize: normalizerFor(bundle) });
      const spy = { turn: async (...a: Parameters<typeof driver.turn>) => {
        const out = await driver.turn(...a);
        for (const f of [...out.state.stack, ...out.state.suspended]) visited.add(f.flowId);
        if (out.activeFlow) visited.add(out.activeFlow);
        return out;
      }, reset: driver.reset };
      const result = await runTranscript(test, spy);
      failures.push(...result.failures);
    }
    expect(failures).toEqual([]);
    expect(tests.length).toBeGreaterThanOrEqual(bundle.flows.size);
    // Flows that end within one turn never show up as active; they are checked by their replies.
    expect(visited.size).toBeGreaterThan(8);
  });
});
