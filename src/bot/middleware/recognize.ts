import type { MiddlewareFn } from '../../core/pipeline';
import type { Recognizer } from '../../core/recognizer';
import { recognitionFromScores } from '../../core/recognizer';
import type { TurnContext } from '../turn-context';

/** Classify the message text (intents + entities). Events and images get an empty recognition. */
export function recognize(recognizer: Recognizer): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    ctx.recognition = ctx.text ? await recognizer.recognize(ctx.text) : recognitionFromScores('', {});
    await next();
  };
}
