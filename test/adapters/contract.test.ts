import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebChatAdapter, type ServerFrame } from '../../adapters/web';
import { TerminalChannel } from '../../src/cli/terminal-channel';
import { configSchema } from '../../src/config/schema';
import { createLogger, type ChannelAdapter, type ConversationRef, type InboundHandler, type OutboundMessage } from '../../src/index';
import { buildServer } from '../../src/server/build-server';
import { describeAdapterContract, type AdapterContractHarness } from '../helpers/adapter-contract';
import { TestChannel } from '../helpers/test-channel';
import { TestClient } from './web/harness';

/** An in-process channel whose "platform" calls the adapter's handler directly (as `kefu chat` does). */
type InProcessAdapter = ChannelAdapter & { handler?: InboundHandler };

/**
 * Harness for in-process channels: conversations are made-up refs, inbound goes through `adapter.handler`
 * (unset once stopped) and `seen(refs)` says what the shopper side saw.
 */
function inProcessHarness(adapter: InProcessAdapter, seen: (refs: ConversationRef[]) => OutboundMessage[]): AdapterContractHarness {
  const refs: ConversationRef[] = [];
  const openConversation = async (): Promise<ConversationRef> => {
    const n = refs.length + 1;
    const ref: ConversationRef = { channel: adapter.name, conversationId: `${adapter.name}-c${n}`, userId: `u${n}` };
    refs.push(ref);
    return ref;
  };
  return {
    adapter,
    openConversation,
    deliverInbound: async (text) => {
      const ref = refs.at(-1) ?? (await openConversation());
      await adapter.handler?.({ id: randomUUID(), ref, kind: 'text', text, receivedAt: Date.now() });
    },
    received: () => seen(refs),
    close: () => adapter.stop(),
  };
}

/** WebChatAdapter behind a real Fastify server on 127.0.0.1:0; the platform side is `ws` clients. */
async function webHarness(): Promise<AdapterContractHarness> {
  const logger = createLogger({ level: 'silent' });
  const adapter = new WebChatAdapter({ rateLimit: { messages: 50, perMs: 10_000 }, maxChars: 2000, logger });
  const app = await buildServer({
    config: configSchema.parse({ logLevel: 'silent' }),
    logger,
    adapters: [adapter],
    readiness: async () => ({ ok: true }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}${adapter.path}`;
  const clients: TestClient[] = [];
  let current: { client: TestClient; ref: ConversationRef } | undefined;

  const connect = async (ids: { userId?: string; conversationId?: string } = {}): Promise<ConversationRef> => {
    const { client, welcome } = await TestClient.hello(url, ids);
    clients.push(client);
    current = { client, ref: { channel: adapter.name, conversationId: welcome.conversationId, userId: welcome.userId } };
    return current.ref;
  };
  /** Send one text, then an empty probe: frames are handled in order, so the probe's error means the text was handled. */
  const sendOnce = async (text: string): Promise<void> => {
    if (!current || current.client.socket.readyState !== current.client.socket.OPEN) await connect(current?.ref);
    const { client } = current!;
    const probe = `probe-${randomUUID()}`;
    client.json({ type: 'message', id: `m-${randomUUID()}`, text });
    client.json({ type: 'message', id: probe, text: ' ' });
    await client.next((f: ServerFrame) => f.type === 'error' && f.id === probe);
  };

  return {
    adapter,
    openConversation: () => connect(),
    // One retry: a socket the server has just closed (stop) is reopened, as the widget does.
    deliverInbound: (text) => sendOnce(text).catch(() => sendOnce(text)),
    received: () => clients.flatMap((c) => c.frames.flatMap((f) => (f.type === 'reply' ? [f.message] : []))),
    close: async () => {
      clients.forEach((c) => c.close());
      await adapter.stop();
      await app.close();
    },
  };
}

describeAdapterContract('WebChatAdapter', webHarness);

describeAdapterContract('TestChannel', async () => {
  const channel = new TestChannel();
  return inProcessHarness(channel, (refs) => refs.flatMap((r) => channel.sentTo(r)));
});

describeAdapterContract('TestChannel (text only)', async () => {
  const channel = new TestChannel('test-text', { outbound: ['text'], proactive: false });
  return inProcessHarness(channel, (refs) => refs.flatMap((r) => channel.sentTo(r)));
});

describeAdapterContract('TerminalChannel', async () => {
  const lines: string[] = [];
  const channel = new TerminalChannel((line) => lines.push(line));
  return inProcessHarness(channel, () => lines.map((text): OutboundMessage => ({ type: 'text', text })));
});
