import type { MiddlewareFn } from '../../core/pipeline';
import type { TurnContext } from '../turn-context';

// C0/C1 control characters except tab and newline; zero-width and bidi controls.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Clean shopper text: strip control characters, fold whitespace, cap the length. */
export function sanitizeText(raw: string, maxChars: number): { text: string; truncated: boolean } {
  const cleaned = raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(cleaned);
  if (chars.length <= maxChars) return { text: cleaned, truncated: false };
  return { text: chars.slice(0, maxChars).join(''), truncated: true };
}

/**
 * Sanitise inbound text. An empty text message gets a gentle prompt instead of a flow turn.
 */
export function sanitize(maxChars: number): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const { message } = ctx;
    if (message.kind === 'text' || message.kind === 'postback') {
      const { text } = sanitizeText(message.text ?? message.postback ?? '', maxChars);
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
