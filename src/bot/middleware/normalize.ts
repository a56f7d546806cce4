import type { Logger } from 'pino';
import type { MiddlewareFn } from '../../core/pipeline';
import type { Normalizer } from '../../nlu/normalize';
import type { TurnContext } from '../turn-context';

/**
 * Normalise what the shopper typed (full-width, Traditional, misspellings, pinyin: src/nlu/normalize) so that
 * recognise and the flows understand it: `ctx.text` becomes the normalised text and `ctx.originalText` keeps the
 * shopper's words for the conversation log. Only typed text: a button's postback is left as the bot sent it.
 */
export function normalize(normalizer: Normalizer, logger?: Logger): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    if (ctx.message.kind === 'text' && ctx.text) {
      const { text, changes } = normalizer(ctx.text);
      if (text !== ctx.text) {
        ctx.originalText = ctx.text;
        ctx.text = text;
        logger?.debug({ conversation: ctx.key, messageId: ctx.message.id, changes }, 'text normalised'); // never the text itself
      }
    }
    await next();
  };
}
