import type { InboundActivityRecorder } from '../bot/middleware/channel-window';
import type { Logger } from '../core/log';
import type { InboundMessage } from '../core/message';
import type { KefuEvent } from '../events/event';
import type { EventStreams, StreamedEvent } from '../events/event-streams';

/** Options of {@link ChatBehaviour}. */
export interface ChatBehaviourOptions {
  streams: Pick<EventStreams, 'add'>;
  logger: Logger;
  /** Events are written at most this long after the message (one packed XADD per partition). @defaultValue 200 */
  flushMs?: number;
  /** Written at once when this many wait. @defaultValue 500 */
  maxBuffered?: number;
  /** Kept at most while Redis fails (older ones are dropped with a warning). @defaultValue 10_000 */
  maxPending?: number;
}

/**
 * The `chat_message` behaviour event of a shopper message kefu handled, or undefined for platform events (visits,
 * orders) that are not the shopper writing. Its id derives from the channel and the platform message id, so a
 * platform retry of the same message is the same event (the feature consumer counts it once).
 *
 * @example
 * chatMessageEvent({ id: 'm1', ref: { channel: 'web', conversationId: 'c1', userId: 'x' }, kind: 'text', text: '在吗', receivedAt: 0 }, 'u1');
 * // { id: 'chat:web:m1', type: 'chat_message', userId: 'u1', at: 0, payload: { channel: 'web' } }
 */
export function chatMessageEvent(message: InboundMessage, userId: string): KefuEvent | undefined {
  if (message.kind === 'event' || message.id === '') return undefined;
  const channel = message.ref.channel;
  return { id: `chat:${channel}:${message.id}`, type: 'chat_message', userId, at: message.receivedAt, payload: { channel } };
}

/**
 * Adds a `chat_message` event ({ channel }) to the behaviour streams for each shopper message kefu handles, so
 * `channels` and `chat_message_<window>` count shoppers who chat with kefu. Never on the turn's path: the event is
 * buffered and written by a timer (one packed XADD per partition); a Redis failure is logged and retried at the
 * next flush. Outreach does not get these events (they are marked handled: kefu's own turns already reach it).
 *
 * @example
 * const chat = new ChatBehaviour({ streams: behaviour.streams, logger });
 * new Bot({ ...deps, activity: chat.wrap(activity) });
 * closers.push(() => chat.close());
 */
export class ChatBehaviour implements InboundActivityRecorder {
  private buffer: StreamedEvent[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly options: ChatBehaviourOptions) {}

  /** Buffer the message's event (returns at once). */
  recordInbound(message: InboundMessage, userId: string): Promise<void> {
    const event = chatMessageEvent(message, userId);
    if (!event) return Promise.resolve();
    this.buffer.push({ event, outreachDone: true });
    if (this.buffer.length >= (this.options.maxBuffered ?? 500)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? 200).unref();
    return Promise.resolve();
  }

  /** `inner` (e.g. the policy ledger's recorder) followed by this one. */
  wrap(inner: InboundActivityRecorder): InboundActivityRecorder {
    return {
      recordInbound: async (message, userId) => {
        void this.recordInbound(message, userId);
        await inner.recordInbound(message, userId);
      },
    };
  }

  /** Write what is buffered (flushes run one after the other). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  /** Write the rest and stop. */
  async close(): Promise<void> {
    await this.flush();
  }

  private async write(): Promise<void> {
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
    try {
      await this.options.streams.add(batch);
    } catch (err) {
      const max = this.options.maxPending ?? 10_000;
      this.buffer = [...batch, ...this.buffer];
      const dropped = Math.max(0, this.buffer.length - max);
      if (dropped > 0) this.buffer = this.buffer.slice(dropped);
      this.options.logger.warn({ err, dropped }, 'chat_message behaviour events not written; retrying at the next flush');
      this.timer ??= setTimeout(() => void this.flush(), 1000).unref();
    }
  }
}
