import { ChatBehaviour } from '../../src/app/chat-behaviour';
import { createLogger } from '../../src/core/log';
import type { InboundMessage } from '../../src/core/message';
import type { KefuEvent } from '../../src/events/event';
import { FeatureConsumer } from '../../src/profiles/feature-consumer';
import { entryEvents } from '../../src/profiles/stream-events';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { until } from '../outreach/helpers';

const logger = createLogger({ level: 'silent', name: 'test' });
let kefu: KefuHarness | undefined;
let consumer: FeatureConsumer | undefined;

afterEach(async () => {
  await consumer?.stop();
  consumer = undefined;
  await kefu?.close();
  kefu = undefined;
});

/** Every event in the behaviour streams of `kefu`. */
async function streamed(h: KefuHarness): Promise<KefuEvent[]> {
  const { streams } = h.core.behaviour;
  const out: KefuEvent[] = [];
  for (const key of streams.keys())
    for (const [id, fields] of (await h.core.behaviour.store.redis.xrange(key, '-', '+')) as [string, string[]][])
      for (const e of entryEvents(key, id, fields)) if (e.event) out.push(e.event);
  return out;
}

describe('kefu adds a chat_message behaviour event for each shopper message it handles', () => {
  it('a shopper who chats with kefu gets channels and chat_message counts; a platform retry counts once', async () => {
    kefu = await createHarness();
    const ref = { channel: 'test', conversationId: 'c-shopper-1', userId: 'shopper-1' };
    const handle = kefu.channel.handler!;
    const text: InboundMessage = { id: 'msg-1', ref, kind: 'text', text: '你好', receivedAt: Date.now() };
    await handle(text);
    await handle({ ...text }); // the platform sends the same message again
    await handle({ id: 'msg-2', ref, kind: 'event', event: { type: 'visit', payload: {} }, receivedAt: Date.now() });
    await handle({ id: 'msg-3', ref, kind: 'postback', text: '查物流', postback: '查物流', receivedAt: Date.now() });
    await until(async () => (await streamed(kefu!)).length >= 2);
    await new Promise((r) => setTimeout(r, 300)); // anything else would have been written by now
    const events = await streamed(kefu);
    expect(events.every((e) => e.type === 'chat_message' && e.payload['channel'] === 'test')).toBe(true);
    expect(new Set(events.map((e) => e.id))).toEqual(new Set(['chat:test:msg-1', 'chat:test:msg-3'])); // no visit event
    const userId = events[0]!.userId;
    expect(userId).not.toBe('shopper-1'); // kefu's user id, not the channel's

    consumer = new FeatureConsumer({ streams: kefu.core.behaviour.streams, store: kefu.core.behaviour.store, logger, blockMs: 20 });
    await consumer.start();
    await until(async () => (await kefu!.core.features.features(userId)).chat_message_10m === 2);
    await consumer.idle();
    const f = await kefu.core.features.features(userId);
    expect(f.chat_message_10m).toBe(2); // msg-1 (twice) and msg-3
    expect(f.channels).toEqual(['test']);
  });

  it('never holds up the turn: recordInbound returns at once; a failed write is retried at the next flush', async () => {
    let calls = 0;
    const written: KefuEvent[] = [];
    const streams = {
      add: async (events: readonly { event: KefuEvent }[]) => {
        calls += 1;
        if (calls === 1) throw new Error('redis down');
        written.push(...events.map((e) => e.event));
      },
    };
    const chat = new ChatBehaviour({ streams, logger, flushMs: 10 });
    const ref = { channel: 'web', conversationId: 'c', userId: 'x' };
    const started = Date.now();
    await chat.recordInbound({ id: 'm1', ref, kind: 'text', text: '在吗', receivedAt: 5 }, 'u1');
    expect(Date.now() - started).toBeLessThan(5);
    await until(() => written.length === 1, 3000);
    expect(written).toEqual([{ id: 'chat:web:m1', type: 'chat_message', userId: 'u1', at: 5, payload: { channel: 'web' } }]);
    await chat.close();
  });
});
