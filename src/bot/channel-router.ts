import type { ChannelAdapter, SendOptions, SendResult } from '../core/channel-adapter';
import { KefuError } from '../core/errors';
import { outboundToText, type ConversationRef, type OutboundMessage } from '../core/message';
import type { ReplySender } from './ports';

/**
 * Sends each message through the adapter named by `ref.channel`. A type the channel does not render
 * natively (not in `capabilities.outbound`, e.g. a product card on 微信客服) goes out as its text rendering,
 * so the shopper always sees the content.
 *
 * @example
 * const router = new ChannelRouter([web, wechaty]);
 * await router.send(ref, { type: 'text', text: '您好' });
 */
export class ChannelRouter implements ReplySender {
  private readonly adapters = new Map<string, ChannelAdapter>();

  constructor(adapters: Iterable<ChannelAdapter> = []) {
    for (const adapter of adapters) this.add(adapter);
  }

  /** Register an adapter; names must be unique. */
  add(adapter: ChannelAdapter): void {
    if (this.adapters.has(adapter.name)) {
      throw new KefuError('DUPLICATE_ADAPTER', `Two channel adapters are named '${adapter.name}'.`, 'give every adapter a unique name.');
    }
    this.adapters.set(adapter.name, adapter);
  }

  list(): ChannelAdapter[] {
    return [...this.adapters.values()];
  }

  get(name: string): ChannelAdapter | undefined {
    return this.adapters.get(name);
  }

  async send(ref: ConversationRef, message: OutboundMessage, options?: SendOptions): Promise<SendResult> {
    const adapter = this.adapters.get(ref.channel);
    if (!adapter) {
      throw new KefuError(
        'UNKNOWN_CHANNEL',
        `No channel adapter named '${ref.channel}' is running.`,
        `enable the '${ref.channel}' adapter or check ConversationRef.channel.`,
      );
    }
    const native = adapter.capabilities.outbound.includes(message.type);
    return adapter.send(ref, native ? message : { type: 'text', text: outboundToText(message) }, options);
  }
}
