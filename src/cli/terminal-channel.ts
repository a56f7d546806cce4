import type { ChannelAdapter, ChannelCapabilities, ChannelNeeds, InboundHandler, SendResult } from '../core/channel-adapter';
import { outboundToText, type ConversationRef, type OutboundMessage } from '../core/message';

/** The `kefu chat` channel: prints every reply as one line of text. */
export class TerminalChannel implements ChannelAdapter {
  readonly name = 'cli';
  readonly capabilities: ChannelCapabilities = {
    outbound: ['text', 'quick_replies', 'product_card', 'coupon_card', 'order_card', 'handoff', 'image'],
    proactive: false,
  };
  readonly needs: ChannelNeeds = { roles: 'serving' };
  handler?: InboundHandler;

  constructor(private readonly write: (line: string) => void) {}

  async start(handler: InboundHandler): Promise<void> {
    this.handler = handler;
  }

  async stop(): Promise<void> {
    this.handler = undefined;
  }

  async send(_ref: ConversationRef, message: OutboundMessage): Promise<SendResult> {
    for (const line of outboundToText(message).split('\n')) this.write(line);
    return {};
  }
}
