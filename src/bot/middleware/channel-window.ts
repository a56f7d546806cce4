import type { InboundMessage } from '../../core/message';
import type { MiddlewareFn } from '../../core/pipeline';
import type { TurnContext } from '../turn-context';

/** Records shopper activity that opens a platform's send window (the outreach policy ledger). */
export interface InboundActivityRecorder {
  recordInbound(message: InboundMessage, userId: string): Promise<void>;
}

/**
 * Tell the policy ledger that the shopper acted on this channel (a message opens WeChat's 48-hour
 * window, a payment opens an unlimited one, …) before the turn runs, so replies and proactive jobs
 * see the window. A ledger failure is logged by the caller's recorder and never blocks the turn.
 */
export function channelWindow(recorder: InboundActivityRecorder): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    if (ctx.user) await recorder.recordInbound(ctx.message, ctx.user.id).catch(() => undefined);
    await next();
  };
}
