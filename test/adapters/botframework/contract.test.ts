import { randomUUID } from 'node:crypto';
import type { ConversationRef } from '../../../src/index';
import { describeAdapterContract, type AdapterContractHarness } from '../../helpers/adapter-contract';
import { receivedMessages } from '../../helpers/fake-botframework';
import { startBf } from './harness';

/**
 * BotFrameworkAdapter with an App ID: every Activity is POSTed over HTTP with a token the fake channel service signed,
 * and every reply is read back from the fake Bot Connector at the Activity's serviceUrl.
 */
async function botFrameworkHarness(): Promise<AdapterContractHarness> {
  const h = await startBf({ start: false });
  // The shopper's first message makes the conversation (and its reference) known. It is taken by a throw-away handler
  // before the contract's own start(), so the contract's handler only sees the texts it delivers.
  const conversationId = `conv-${randomUUID().slice(0, 8)}`;
  const ref: ConversationRef = {
    channel: h.adapter.name,
    accountId: 'webchat',
    conversationId,
    userId: 'user-1',
    extra: { serviceUrl: h.fake.serviceUrl, botId: 'kefu-bot' },
  };
  await h.adapter.start(async () => undefined);
  const hello = await h.fake.post(h.endpoint, h.fake.message(conversationId, ref.userId, '你好'), { token: true });
  await h.adapter.stop();
  if (hello.status !== 200) throw new Error(`opening the conversation failed: ${JSON.stringify(hello)}`);
  const refs = [ref];
  return {
    adapter: h.adapter,
    openConversation: async () => ref,
    deliverInbound: async (text) => {
      const ref = refs.at(-1)!;
      const res = await h.fake.post(h.endpoint, h.fake.message(ref.conversationId, ref.userId, text), { token: true });
      if (res.status !== 200) throw new Error(`the channel could not deliver the activity: ${res.status}`);
    },
    received: () => receivedMessages(h.fake.received),
    close: () => h.close(),
  };
}

describeAdapterContract('BotFrameworkAdapter', botFrameworkHarness);
