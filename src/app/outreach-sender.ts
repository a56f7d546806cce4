import type { ChannelRouter } from '../bot/channel-router';
import type { ConversationRef, OutboundMessage } from '../core/message';
import type { Sender, SendOptions } from '../outreach';

/**
 * Outreach's way out: sends through the channel adapters, passing the job's idempotency key (and the
 * subscription template when the job goes out as a consented subscription message). Idempotence is per
 * channel: on one that drops repeated keys (web chat, on the server and in the widget) a send interrupted
 * by a worker crash is retried and still reaches the shopper exactly once; on one that cannot (WeChat's
 * customer-service API), such a send is not retried (at most once, logged as uncertain).
 */
export function createOutreachSender(router: ChannelRouter): Sender {
  return {
    idempotent: (channel: string): boolean => router.get(channel)?.capabilities.idempotent === true,
    async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions): Promise<{ messageId?: string }> {
      const result = await router.send(ref, message, {
        idempotencyKey: options.idempotencyKey,
        subscriptionTemplate: options.subscriptionTemplate,
      });
      return { messageId: result.messageId };
    },
  };
}
