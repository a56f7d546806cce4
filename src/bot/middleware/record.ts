import type { Logger } from 'pino';
import type { ConversationState } from '../../core/conversation-state';
import type { MiddlewareFn } from '../../core/pipeline';
import type { TurnRecord, TurnRecorder } from '../ports';
import { flowsBefore, turnProgress } from '../turn-progress';
import type { TurnContext } from '../turn-context';

/** Turns that are not logged: a platform retry, and proactive turns that did not start or reach the shopper. */
const UNLOGGED = new Set(['duplicate', 'not_started', 'undelivered']);

/**
 * After the turn, write it to the durable log (every accepted message is logged, even when the
 * bot stays silent during a human handoff), stamped with the time its replies were ready (`now`). A logging
 * failure never breaks the conversation. A turn that threw is logged as `failed`, where the conversation stood
 * before it and without replies (none went out, its state was not saved); a re-run of a message (`ctx.rerun`) is
 * logged as `rerun`, so the log keeps the shopper's message once.
 */
export function record(recorder: TurnRecorder, logger: Logger, now: () => number = Date.now): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const loaded = ctx.state;
    const before = flowsBefore(loaded);
    let failed = false;
    try {
      await next();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (ctx.user && !UNLOGGED.has(ctx.stopped ?? '')) {
        const turn = failed ? failedTurn(loaded) : handledTurn(ctx, before);
        try {
          await recorder.recordTurn({
            ...turn,
            ref: ctx.ref,
            userId: ctx.user.id,
            // the shopper's own words (ctx.text may be normalised: pinyin read as Chinese, typos fixed)
            inbound: ctx.text === undefined ? ctx.message : { ...ctx.message, text: ctx.originalText ?? ctx.text },
            recognition: ctx.recognition,
            ...(ctx.rerun ? { rerun: true } : {}),
            repliedAt: new Date(now()),
          });
        } catch (error) {
          logger.error({ err: error, conversation: ctx.key }, 'turn not recorded');
        }
      }
    }
  };
}

type TurnPart = Omit<TurnRecord, 'ref' | 'userId' | 'inbound' | 'recognition' | 'rerun' | 'repliedAt'>;

/** What a finished turn did: its replies, flows and where the conversation stands now. */
function handledTurn(ctx: TurnContext, before: ReturnType<typeof flowsBefore>): TurnPart {
  const frame = ctx.state?.stack.at(-1);
  return {
    replies: ctx.replies,
    activeFlow: frame?.flowId,
    activeStep: frame?.stepId,
    ...(ctx.output?.startedFlow ? { startedFlow: ctx.output.startedFlow } : {}),
    ...turnProgress(before, ctx.state, ctx.output),
    slots: frame?.slots,
    mode: ctx.state?.mode ?? 'bot',
    escalated: ctx.output?.handoff !== undefined,
    ...(ctx.output?.handoff ? { handoffReason: ctx.output.handoff.reason } : {}),
    ...(ctx.output?.handoffExpired ? { handoffExpired: true } : {}),
  };
}

/** A turn that threw: nothing was sent (deliver sends after the rest) and the state as loaded stays. */
function failedTurn(loaded: ConversationState | undefined): TurnPart {
  const frame = loaded?.stack.at(-1);
  return {
    replies: [],
    activeFlow: frame?.flowId,
    activeStep: frame?.stepId,
    slots: frame?.slots,
    mode: loaded?.mode ?? 'bot',
    failed: true,
  };
}
