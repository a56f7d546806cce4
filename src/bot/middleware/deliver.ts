import type { Logger } from 'pino';
import type { SendResult } from '../../core/channel-adapter';
import { ChannelWindowError } from '../../core/errors';
import type { ConversationRef } from '../../core/message';
import type { MessageClaims } from '../../core/message-claims';
import type { MiddlewareFn } from '../../core/pipeline';
import { replyKeyOf } from '../message-key';
import type { ReplySender } from '../ports';
import type { TurnContext } from '../turn-context';

/** Tells the outreach ledger what the platform did with a reply (windowed channels count replies too). */
export interface ReplyOutcomeRecorder {
  /** A reply went out; `result.passive` replies use no window quota. */
  recordSent(ref: ConversationRef, userId: string, result: SendResult | void): Promise<void>;
  /** The platform refused a reply because of its window rules. */
  recordRefused(ref: ConversationRef, userId: string, error: ChannelWindowError): Promise<void>;
}

/** Where sent replies are marked (the state store), and for how long (the dedupe TTL). */
export interface ReplyMarks {
  store: Pick<MessageClaims, 'wasSent' | 'markSent'>;
  ttlSeconds: number;
}

/**
 * After the rest of the pipeline, send the turn's replies in order. A failed send is logged and
 * the remaining replies are still attempted; the turn itself is not lost (it is recorded). A refusal
 * by the platform's window rules (WeChat 45015/45047) is logged, recorded in the ledger, and stops the
 * turn's remaining replies, which would be refused the same way.
 *
 * A shopper's turn sends reply `i` with the idempotency key `<channel>:<account>:<message id>:<i>` (idempotent
 * channels drop a copy) and `inReplyTo`, and marks it sent in `marks` once it went out; a re-run of the message
 * (`ctx.rerun`: an earlier run crashed or threw) skips the replies marked sent, so the shopper gets each once.
 *
 * A proactive turn (`ctx.proactive`) sends reply `i` with the idempotency key `<key>#<i>`; its first reply was
 * counted when outreach reserved the send, and when that one fails the error is thrown (outreach retries or
 * suppresses the job), so the conversation's state is not saved and the turn is not logged.
 */
export function deliver(
  sender: ReplySender,
  logger: Logger,
  outcomes?: ReplyOutcomeRecorder,
  marks?: ReplyMarks,
): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    await next();
    const userId = ctx.user?.id;
    const { proactive } = ctx;
    for (const [index, reply] of ctx.replies.entries()) {
      const key = proactive ? `${proactive.idempotencyKey}#${index}` : replyKeyOf(ctx, index);
      if (!proactive && ctx.rerun && (await marks?.store.wasSent(key))) {
        logger.info(
          { channel: ctx.ref.channel, messageId: ctx.message.id, reply: index, reason: 'sent_before' },
          'reply skipped: an earlier run sent it',
        );
        continue;
      }
      try {
        const result = await sender.send(
          ctx.ref,
          reply,
          proactive ? { idempotencyKey: key } : { idempotencyKey: key, inReplyTo: ctx.message.id },
        );
        if (!proactive && marks)
          await marks.store
            .markSent(key, marks.ttlSeconds)
            .catch((err: unknown) =>
              logger.warn({ err, channel: ctx.ref.channel, messageId: ctx.message.id, reply: index }, 'reply not marked sent'),
            );
        const reserved = proactive !== undefined && index === 0;
        if (outcomes && userId && !reserved) await outcomes.recordSent(ctx.ref, userId, result).catch(() => undefined);
      } catch (error) {
        if (proactive && index === 0) {
          ctx.stopped = 'undelivered';
          throw error;
        }
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
