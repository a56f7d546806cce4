import type { NotStartedReason } from '../engine-types';
import { flowOf, suspendStack } from './frames';
import { startFlow } from './start';
import { forgetPendingQuestions } from './resume-offer';
import { activeFrame, type Turn } from './turn';

/**
 * Starts `flowId` because outreach asked for it (a trigger's `start:`), not because the shopper wrote.
 * Like an event-triggered flow it suspends an interruptible flow in progress (resumed when it ends) and
 * leaves a flow that may not be interrupted, or `flowId` itself, alone. Returns why it did not start.
 */
export async function startProactively(turn: Turn, flowId: string): Promise<NotStartedReason | undefined> {
  if (!turn.bundle.flows.has(flowId)) return 'unknown_flow';
  const frame = activeFrame(turn);
  if (frame?.flowId === flowId) return 'already_active';
  if (frame) {
    if (!flowOf(turn, frame)?.interruptible) return 'not_interruptible';
    suspendStack(turn);
  }
  forgetPendingQuestions(turn);
  await startFlow(turn, flowId);
  return undefined;
}
