import type { FlowDef, StepDef } from '../types';
import type { FlowFrame } from '../../core/conversation-state';
import type { Turn } from './turn';

/** Step id meaning "this frame is done" (a call was the last step). */
export const END_OF_FLOW = '$end';

/** The flow definition of a frame (undefined if it disappeared in a reload). */
export function flowOf(turn: Turn, frame: FlowFrame): FlowDef | undefined {
  return turn.bundle.flows.get(frame.flowId);
}

/** The step after `step` by `next` or position, or END_OF_FLOW. */
export function followingStep(flow: FlowDef, step: StepDef): string {
  if (step.next) return step.next;
  const i = flow.steps.indexOf(step);
  return flow.steps[i + 1]?.id ?? END_OF_FLOW;
}

/** Pushes a new frame for `flowId` at its first step. Returns undefined if the flow does not exist. */
export function pushFlow(turn: Turn, flowId: string, called = false): FlowFrame | undefined {
  const flow = turn.bundle.flows.get(flowId);
  if (!flow) {
    turn.services.logger.error({ flow: flowId }, 'flow not found');
    return undefined;
  }
  const frame: FlowFrame = { flowId, stepId: flow.steps[0].id, slots: {}, vars: {} };
  if (called) frame.called = true;
  turn.state.stack.push(frame);
  turn.fresh.add(frame);
  noteEntered(turn, flowId);
  return frame;
}

/** How long {@link ConversationState.entered} remembers that a flow was entered. */
const ENTERED_KEPT_MS = 24 * 3_600_000;

/** Stamps `flowId` in `state.entered` with the turn's time and forgets entries older than a day. */
function noteEntered(turn: Turn, flowId: string): void {
  const now = turn.input.now;
  const kept = Object.entries(turn.state.entered ?? {}).filter(([id, at]) => id !== flowId && at > now - ENTERED_KEPT_MS);
  turn.state.entered = Object.fromEntries([...kept, [flowId, now]]);
}

/**
 * Moves the whole active call chain to `state.suspended` (an interruption), stamped with the turn and time, and notes
 * the moment in `turn.suspension` (see related-interruption.ts). A frame
 * that was already brought back once is dropped instead: an interrupted flow comes back at most once (unless
 * `keepResumed`: the shopper just answered it and added another request). Frames of `resumable: false` flows are dropped.
 */
export function suspendStack(turn: Turn, options: { keepResumed?: boolean } = {}): void {
  const focusId = turn.state.focus?.id;
  turn.suspension = { ...(focusId ? { focusId } : {}), replyIndex: turn.replies.length, answered: options.keepResumed === true };
  for (const f of turn.state.stack) {
    if (f.resumed && !options.keepResumed) continue;
    if (turn.bundle.flows.get(f.flowId)?.resumable === false) continue;
    f.suspendedTurn = turn.state.turn;
    f.suspendedAt = turn.state.updatedAt;
    turn.state.suspended.push(f);
  }
  turn.state.stack = [];
}

/** Ends every active flow (stack only; suspended flows stay). */
export function clearStack(turn: Turn): void {
  turn.state.stack = [];
}
