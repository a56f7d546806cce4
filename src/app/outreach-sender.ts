import type Redis from 'ioredis';
import type { ChannelRouter } from '../bot/channel-router';
import type { ConversationRef, OutboundMessage } from '../core/message';
import type { Sender, SendOptions } from '../outreach';

/**
 * Outreach's way out: sends through the channel adapters. None of the current adapters can drop a
 * repeated request by idempotency key, so this sender is not idempotent: after a worker crash in the
 * middle of a send, the job is not sent again (at most once) and is logged as uncertain — see
 * docs/operations.md. A key that was already delivered is never sent twice.
 */
export function createOutreachSender(router: ChannelRouter, redis: Redis, prefix: string): Sender {
  return {
    idempotent: false,
    async send(ref: ConversationRef, message: OutboundMessage, options: SendOptions): Promise<{ messageId?: string }> {
      const key = `${prefix}:outreach:delivered:${options.idempotencyKey}`;
      if ((await redis.exists(key)) === 1) return {};
      await router.send(ref, message);
      await redis.set(key, '1', 'EX', 7 * 24 * 3600);
      return {};
    },
  };
}
