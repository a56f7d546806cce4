import type { MiniProgramSettings } from '../config/mini-program-settings';
import type { ChannelAdapter, SendOptions, SendResult } from '../core/channel-adapter';
import { KefuError } from '../core/errors';
import { outboundToText, type ConversationRef, type OutboundMessage } from '../core/message';
import type { ReplySender } from './ports';
import { withShopMiniProgram } from './product-mini-program';

/** Options of {@link ChannelRouter}. */
export interface ChannelRouterOptions {
  /**
   * The shop's Mini Program product page (KEFU_MINIPROGRAM_*): product cards without their own `miniProgram` get it
   * on channels that send mini-program cards (`capabilities.miniProgramCards`).
   */
  miniProgram?: MiniProgramSettings;
}

/**
 * Sends each message through the adapter named by `ref.channel`. A type the channel does not render
 * natively (not in `capabilities.outbound`, e.g. a coupon card on 微信客服) goes out as its text rendering,
 * so the shopper always sees the content. Product cards to a channel that sends mini-program cards
 * (`capabilities.miniProgramCards`) get the shop's Mini Program page here, the one place every reply and outreach
 * message passes, so adapters never read configuration; other channels (web chat) get the card unchanged.
 *
 * @example
 * const router = new ChannelRouter([web, wechaty], { miniProgram: miniProgramSettings(config) });
 * await router.send(ref, { type: 'text', text: '您好' });
 */
export class ChannelRouter implements ReplySender {
  private readonly adapters = new Map<string, ChannelAdapter>();

  constructor(
    adapters: Iterable<ChannelAdapter> = [],
    private readonly options: ChannelRouterOptions = {},
  ) {
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
    const rendered = !native
      ? { type: 'text' as const, text: outboundToText(message) }
      : adapter.capabilities.miniProgramCards
        ? withShopMiniProgram(message, this.options.miniProgram)
        : message;
    return adapter.send(ref, rendered, options);
  }
}
