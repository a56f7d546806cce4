import type { Logger } from 'pino';
import type { SendResult } from '../../core/channel-adapter';
import { ChannelWindowError } from '../../core/errors';
import type { ConversationRef } from '../../core/message';
import type { MiddlewareFn } from '../../core/pipeline';
import type { ReplySender } from '../ports';
import type { TurnContext } from '../turn-context';

/** Tells the outreach ledger what the platform did with a reply (windowed channels count replies too). */
export interface ReplyOutcomeRecorder {
  /** A reply went out; `result.passive` replies use no window quota. */
  recordSent(ref: ConversationRef, userId: string, result: SendResult | void): Promise<void>;
  /** The platform refused a reply because of its window rules. */
  recordRefused(ref: ConversationRef, userId: string, error: ChannelWindowError): Promise<void>;
}

/**
 * After the rest of the pipeline, send the turn's replies in order. A failed send is logged and
 * the remaining replies are still attempted; the turn itself is not lost (it is recorded). A refusal
 * by the platform's window rules (WeChat 45015/45047) is logged, recorded in the ledger, and stops the
 * turn's remaining replies, which would be refused the same way.
 */
export function deliver(sender: ReplySender, logger: Logger, outcomes?: ReplyOutcomeRecorder): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    await next();
    const userId = ctx.user?.id;
    for (const [index, reply] of ctx.replies.entries()) {
      try {
        const result = await sender.send(ctx.ref, reply);
        if (outcomes && userId) await outcomes.recordSent(ctx.ref, userId, result).catch(() => undefined);
      } catch (error) {
        if (error instanceof ChannelWindowError) {
          const dropped = ctx.replies.length - index;
          logger.warn(
            { channel: ctx.ref.channel, conversation: ctx.key, reason: error.reason, platformCode: error.platformCode, dropped },
            'reply refused by the channel window rules',
          );
          if (outcomes && userId) await outcomes.recordRefused(ctx.ref, userId, error).catch(() => undefined);
          return;
        }
        logger.warn({ err: error, channel: ctx.ref.channel, conversation: ctx.key, type: reply.type }, 'reply not delivered');
      }
    }
  };
}
