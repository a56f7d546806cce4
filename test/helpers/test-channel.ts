import type { ChannelAdapter, ChannelCapabilities, InboundHandler, SendResult } from '../../src/core/channel-adapter';
import type { ConversationRef, OutboundMessage } from '../../src/core/message';
import { conversationKey } from '../../src/core/message';

/**
 * An in-memory channel for conversation tests: records every message the bot sends, per conversation.
 */
export class TestChannel implements ChannelAdapter {
  readonly name: string;
  readonly capabilities: ChannelCapabilities = {
    outbound: ['text', 'image', 'quick_replies', 'product_card', 'coupon_card', 'order_card', 'handoff'],
    proactive: true,
    typing: false,
  };
  handler?: InboundHandler;
  private readonly sent = new Map<string, OutboundMessage[]>();

  constructor(name = 'test') {
    this.name = name;
  }

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async send(ref: ConversationRef, message: OutboundMessage): Promise<SendResult> {
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
