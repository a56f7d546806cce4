import type { ChannelRouter } from '../bot/channel-router';
import type { ConversationRef, OutboundMessage } from '../core/message';
import type { Sender, SendOptions } from '../outreach';

/**
 * Outreach's way out: sends through the channel adapters, passing the job's idempotency key. The sender
 * is idempotent when every running adapter is (web chat drops a repeated key on the server and in the
 * widget), so a send interrupted by a worker crash is retried and still reaches the shopper exactly once;
 * with a channel that cannot drop repeats, such a send is not retried (at most once, logged as uncertain).
 */
export function createOutreachSender(router: ChannelRouter): Sender {
  return {
    get idempotent(): boolean {
      return router.allIdempotent();
    },
    async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions): Promise<{ messageId?: string }> {
      await router.send(ref, message, { idempotencyKey: options.idempotencyKey });
      return {};
    },
  };
}
