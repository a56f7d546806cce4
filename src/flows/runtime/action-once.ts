import type { ActionRecord } from '../action-results';
import type { ActionContext } from '../engine-types';
import type { FlowFrame } from '../../core/conversation-state';
import { mergeUserPatch, type Turn } from './turn';

/** Runs one action with its context; the action step's handler call. */
export type ActionRun = (ctx: ActionContext) => Promise<unknown>;

/**
 * Runs an action at most once per keyed turn (`input.actionKey`, an outreach job's idempotency key): the n-th action
 * of the turn, at step `stepId` of `frame`'s flow, is stored under `<actionKey>:<flow>/<step>:<n>` with what it asked
 * of the turn (handoff, profile patch, status). A later run of the same turn (the job's retry after its first reply
 * failed) gets that result and replays those requests instead of running the action again, so a coupon is issued
 * once while the reply is composed and sent again. A failed action stores nothing (its retry runs it again). Turns
 * without a key, or engines without `actionResults`, just run the action.
 */
export async function runActionOnce(turn: Turn, frame: FlowFrame, stepId: string, ctx: ActionContext, run: ActionRun): Promise<unknown> {
  const results = turn.services.actionResults;
  const base = turn.input.actionKey;
  if (!results || base === undefined) return run(ctx);
  const n = turn.actionRuns ?? 0;
  turn.actionRuns = n + 1;
  const key = `${base}:${frame.flowId}/${stepId}:${n}`;
  const done = await results.get(key);
  if (done) return replay(turn, done);
  const record: ActionRecord = { result: undefined, effects: [] };
  record.result = await run({
    ...ctx,
    requestHandoff: (reason) => (record.effects.push({ handoff: reason }), ctx.requestHandoff(reason)),
    updateUser: (patch) => (record.effects.push({ patch }), ctx.updateUser(patch)),
    setStatus: (state) => (record.effects.push({ status: state }), ctx.setStatus?.(state)),
  });
  await results.put(key, record).catch((err: unknown) => {
    // the action ran; a retry of this job would run it again, which is all the missing record costs
    turn.services.logger.warn?.({ err, flow: frame.flowId, step: stepId }, 'action result not kept: a retry of this proactive start runs it again');
  });
  return record.result;
}

function replay(turn: Turn, done: ActionRecord): unknown {
  for (const effect of done.effects) {
    if ('handoff' in effect) turn.handoff = { reason: effect.handoff };
    else if ('patch' in effect) mergeUserPatch(turn, effect.patch);
    else turn.status = effect.status;
  }
  return done.result;
}
