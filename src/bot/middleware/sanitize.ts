import type { MiddlewareFn } from '../../core/pipeline';
import { cleanText } from '../../core/text/clean-text';
import type { TurnContext } from '../turn-context';

/**
 * Sanitise inbound text with {@link cleanText} folded to one line (recognisers, keywords and slots read it
 * so); the length is capped at `maxChars`. An empty text message gets a gentle prompt instead of a flow turn.
 */
export function sanitize(maxChars: number): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const { message } = ctx;
    if (message.kind === 'text' || message.kind === 'postback') {
      const { text } = cleanText(message.text ?? message.postback ?? '', { maxChars, newlines: 'fold' });
      if (text === '') {
        ctx.replies.push({ type: 'text', text: '亲，好像没收到您的文字哦～请问有什么可以帮您？' });
        ctx.stopped = 'empty';
        return;
      }
      ctx.text = text;
    }
    await next();
  };
}
