import type { ChannelAdapter, ChannelCapabilities, ChannelNeeds, InboundHandler, SendResult } from '../../src/core/channel-adapter';
import type { ConversationRef, OutboundMessage } from '../../src/core/message';
import { conversationKey } from '../../src/core/message';
import { UnsupportedFeatureError } from '../../src/core/errors';

/**
 * An in-memory channel for conversation tests: records every message the bot sends, per conversation.
 * Like a real adapter it rejects types outside `capabilities.outbound` with UnsupportedFeatureError.
 *
 * @example
 * const textOnly = new TestChannel('test-text', { outbound: ['text'] });
 */
export class TestChannel implements ChannelAdapter {
  readonly name: string;
  readonly capabilities: ChannelCapabilities = {
    outbound: ['text', 'image', 'quick_replies', 'product_card', 'coupon_card', 'order_card', 'handoff'],
    proactive: true,
    typing: false,
  };
  readonly needs: ChannelNeeds = { roles: 'any' };
  handler?: InboundHandler;
  private readonly sent = new Map<string, OutboundMessage[]>();

  constructor(name = 'test', capabilities?: Partial<ChannelCapabilities>) {
    this.name = name;
    if (capabilities) this.capabilities = { ...this.capabilities, ...capabilities };
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async send(ref: ConversationRef, message: OutboundMessage): Promise<SendResult> {
    if (!this.capabilities.outbound.includes(message.type)) throw new UnsupportedFeatureError(this.name, message.type);
    const key = conversationKey(ref);
    const list = this.sent.get(key) ?? [];
    list.push(message);
    this.sent.set(key, list);
    return { messageId: `${key}#${list.length}` };
  }

  /** Everything sent into one conversation so far. */
  sentTo(ref: ConversationRef): OutboundMessage[] {
    return this.sent.get(conversationKey(ref)) ?? [];
  }

  /** Remove and return what was sent into one conversation. */
  take(ref: ConversationRef): OutboundMessage[] {
    const key = conversationKey(ref);
    const list = this.sent.get(key) ?? [];
    this.sent.delete(key);
    return list;
  }
}
