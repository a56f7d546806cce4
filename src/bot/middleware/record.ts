import type { Logger } from 'pino';
import type { MiddlewareFn } from '../../core/pipeline';
import type { TurnRecorder } from '../ports';
import { flowsBefore, turnProgress } from '../turn-progress';
import type { TurnContext } from '../turn-context';

/** Turns that are not logged: a platform retry, and proactive turns that did not start or reach the shopper. */
const UNLOGGED = new Set(['duplicate', 'not_started', 'undelivered']);

/**
 * After the turn, write it to the durable log (every accepted message is logged, even when the
 * bot stays silent during a human handoff), stamped with the time its replies were ready (`now`). A logging
 * failure never breaks the conversation.
 */
export function record(recorder: TurnRecorder, logger: Logger, now: () => number = Date.now): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const before = flowsBefore(ctx.state);
    try {
      await next();
    } finally {
      if (ctx.user && !UNLOGGED.has(ctx.stopped ?? '')) {
        const frame = ctx.state?.stack.at(-1);
        try {
          await recorder.recordTurn({
            ref: ctx.ref,
            userId: ctx.user.id,
            // the shopper's own words (ctx.text may be normalised: pinyin read as Chinese, typos fixed)
            inbound: ctx.text === undefined ? ctx.message : { ...ctx.message, text: ctx.originalText ?? ctx.text },
            replies: ctx.replies,
            recognition: ctx.recognition,
            activeFlow: frame?.flowId,
            activeStep: frame?.stepId,
            ...(ctx.output?.startedFlow ? { startedFlow: ctx.output.startedFlow } : {}),
            ...turnProgress(before, ctx.state, ctx.output),
            slots: frame?.slots,
            mode: ctx.state?.mode ?? 'bot',
            escalated: ctx.output?.handoff !== undefined,
            ...(ctx.output?.handoff ? { handoffReason: ctx.output.handoff.reason } : {}),
            ...(ctx.output?.handoffExpired ? { handoffExpired: true } : {}),
            repliedAt: new Date(now()),
          });
        } catch (error) {
          logger.error({ err: error, conversation: ctx.key }, 'turn not recorded');
        }
      }
    }
  };
}
