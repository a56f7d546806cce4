import type { Logger } from 'pino';
import type { MiddlewareFn } from '../../core/pipeline';
import type { ReplySender } from '../ports';
import type { TurnContext } from '../turn-context';

/**
 * After the rest of the pipeline, send the turn's replies in order. A failed send is logged and
 * the remaining replies are still attempted; the turn itself is not lost (it is recorded).
 */
export function deliver(sender: ReplySender, logger: Logger): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    await next();
    for (const reply of ctx.replies) {
      try {
        await sender.send(ctx.ref, reply);
      } catch (error) {
        logger.warn({ err: error, channel: ctx.ref.channel, conversation: ctx.key, type: reply.type }, 'reply not delivered');
      }
    }
  };
}
