import { pushFlow } from './frames';
import { runActive } from './run-loop';
import { planRequests, queueRest } from './request-queue';
import type { TriggerMatch } from './select-trigger';
import type { Turn } from './turn';

/** Starts the flow of a winning trigger and runs it until it waits or ends (`startedBy`: see FlowFrame). */
export async function startFlow(turn: Turn, flowId: string, startedBy?: string): Promise<void> {
  const frame = pushFlow(turn, flowId);
  if (!frame) return;
  if (startedBy !== undefined) frame.startedBy = startedBy;
  turn.startedFlow = flowId;
  await runActive(turn);
}

/** Starts a matched flow. */
export function startMatch(turn: Turn, match: TriggerMatch): Promise<void> {
  return startFlow(turn, match.flow.id);
}

/**
 * Starts what the message asks for: when it holds several requests ("查下物流，顺便开个发票"), the first is started and
 * the others queued, each answered in order; otherwise `match` (the whole message's winning trigger). Returns false
 * when nothing was asked for. `exclude` is a flow that must not start (the one being interrupted).
 */
export async function startRequested(turn: Turn, match: TriggerMatch | undefined, exclude?: string): Promise<boolean> {
  const plan = await planRequests(turn, exclude);
  if (plan) {
    queueRest(turn, plan);
    await startFlow(turn, plan[0]!.match.flow.id);
    return true;
  }
  if (!match) return false;
  await startMatch(turn, match);
  return true;
}
