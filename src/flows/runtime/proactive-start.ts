import type { NotStartedReason } from '../engine-types';
import { flowOf, suspendStack } from './frames';
import { startFlow } from './start';
import { forgetPendingQuestions } from './resume-offer';
import { activeFrame, type Turn } from './turn';

/**
 * Starts `flowId` because outreach asked for it (a trigger's `start:`), not because the shopper wrote.
 * Like an event-triggered flow it suspends an interruptible flow in progress (resumed when it ends) and
 * leaves a flow that may not be interrupted, or `flowId` itself, alone. With `skipIfEnteredWithinMs` (intent
 * predictions) it also leaves a shopper who entered `flowId` that recently alone (`recently_served`): a returning
 * shopper welcomed into the repurchase journey is not sent it a second time by the prediction that the journey's
 * own coupon woke. Returns why it did not start.
 */
export async function startProactively(turn: Turn, flowId: string, skipIfEnteredWithinMs?: number): Promise<NotStartedReason | undefined> {
  if (!turn.bundle.flows.has(flowId)) return 'unknown_flow';
  const frame = activeFrame(turn);
  const entered = turn.state.entered?.[flowId];
  const recent = skipIfEnteredWithinMs !== undefined && entered !== undefined && entered > turn.input.now - skipIfEnteredWithinMs;
  const startId = turn.input.message.id;
  // this job's own start, run again after a crash: already there; anybody else's recent start: recently served
  if (frame?.flowId === flowId) return recent && frame.startedBy !== startId ? 'recently_served' : 'already_active';
  if (recent) return 'recently_served';
  if (frame) {
    if (!flowOf(turn, frame)?.interruptible) return 'not_interruptible';
    suspendStack(turn);
  }
  forgetPendingQuestions(turn);
  await startFlow(turn, flowId, startId);
  return undefined;
}
