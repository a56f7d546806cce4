import type { MiddlewareFn } from '../../core/pipeline';
import type { UserDirectory } from '../../core/user';
import { KefuError } from '../../core/errors';
import type { TurnRunner } from '../ports';
import type { TurnContext } from '../turn-context';

/**
 * Run the flow engine for this turn (or start the flow outreach asked for, `ctx.proactive`) and apply what it
 * decided: replies, new state, profile changes.
 */
export function flowTurn(engine: TurnRunner, users: UserDirectory, now: () => number): MiddlewareFn<TurnContext> {
  return async (ctx, next) => {
    const { user, state, recognition } = ctx;
    if (!user || !state || !recognition) {
      throw new KefuError(
        'PIPELINE_ORDER',
        'flowTurn ran before identify/recognize/conversationLock.',
        'put flowTurn last in the turn pipeline.',
      );
    }
    const normalised = ctx.originalText !== undefined && ctx.originalText !== ctx.text;
    const message =
      ctx.text === undefined ? ctx.message : { ...ctx.message, text: ctx.text, ...(normalised ? { originalText: ctx.originalText } : {}) };
    const start = ctx.proactive?.flowId;
    const skip = ctx.proactive?.skipIfEnteredWithinMs;
    const actionKey = ctx.proactive?.idempotencyKey; // the job's retry finds its actions' first results
    const output = await engine.runTurn({
      message,
      user,
      recognition,
      state,
      now: now(),
      ...(start !== undefined ? { start } : {}),
      ...(skip !== undefined ? { skipIfEnteredWithinMs: skip } : {}),
      ...(actionKey !== undefined ? { actionKey } : {}),
    });
    if (output.notStarted) ctx.stopped = 'not_started';
    ctx.output = output;
    ctx.state = output.state;
    ctx.replies.push(...output.replies);
    if (output.userPatch) {
      const tags = output.userPatch.tags ? Array.from(new Set([...user.tags, ...output.userPatch.tags])) : undefined;
      const attributes = output.userPatch.attributes ? { ...user.attributes, ...output.userPatch.attributes } : undefined;
      const optedOut = output.userPatch.optedOut;
      ctx.user = await users.update(user.id, {
        ...(tags ? { tags } : {}),
        ...(attributes ? { attributes } : {}),
        ...(optedOut !== undefined ? { optedOut } : {}),
      });
    }
    await next();
  };
}
