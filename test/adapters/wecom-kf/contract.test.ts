import type { ConversationRef } from '../../../src/index';
import { describeAdapterContract, type AdapterContractHarness } from '../../helpers/adapter-contract';
import { receivedMessages } from '../../helpers/fake-wecom-kf';
import { KF, startKf } from './harness';

/**
 * WecomKfAdapter over the fake WeCom kf server. A 微信客服 conversation exists once the customer has written
 * (send_msg needs the 48 h window), so the harness opens it while building: the customer's first message is
 * pulled by a throw-away handler before the contract's own start(), so the contract's handler only ever sees the
 * texts it delivers.
 */
async function wecomKfHarness(): Promise<AdapterContractHarness> {
  const h = await startKf({ start: false, adapter: { welcome: false } });
  const adapter = h.node.adapter;
  const refs: ConversationRef[] = [];

  const open = async (): Promise<ConversationRef> => {
    const userId = `wm-contract-${refs.length + 1}`;
    await adapter.start(async () => undefined);
    await h.fake.customerSays(KF, userId, '你好');
    await h.settle();
    await adapter.stop();
    const ref: ConversationRef = { channel: adapter.name, accountId: KF, conversationId: userId, userId };
    refs.push(ref);
    return ref;
  };
  await open();

  return {
    adapter,
    // Every contract test opens one conversation: the one prepared above.
    openConversation: async () => refs[0]!,
    deliverInbound: async (text) => {
      const ref = refs.at(-1)!;
      const push = await h.fake.customerSays(KF, ref.userId, text);
      await h.settle();
      if (!push?.delivered) throw new Error('WeCom could not deliver the callback (adapter stopped)');
    },
    received: () => receivedMessages(h.fake.sends),
    close: () => h.close(),
  };
}

describeAdapterContract('WecomKfAdapter', wecomKfHarness);
