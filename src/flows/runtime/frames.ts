import type { FlowDef, StepDef } from '../types';
import type { FlowFrame } from '../../core/conversation-state';
import { render } from './render';
import { activeFrame, sayText, type Turn } from './turn';

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
  return frame;
}

/**
 * Pops the active frame. When the stack becomes empty and flows were suspended by an
 * interruption, the most recent call chain is resumed: the resume text is said and its
 * pending question will be asked again. Nothing resumes once a handoff was requested this turn.
 */
export function popFrame(turn: Turn): void {
  turn.state.stack.pop();
  // After a handoff the human owns the conversation: nothing resumes.
  if (turn.handoff || turn.state.stack.length > 0 || turn.state.suspended.length === 0) return;
  resumeSuspended(turn);
}

/** Moves the whole active call chain to `state.suspended`. */
export function suspendStack(turn: Turn): void {
  turn.state.suspended.push(...turn.state.stack);
  turn.state.stack = [];
}

function resumeSuspended(turn: Turn): void {
  const chain: FlowFrame[] = [];
  for (let f = turn.state.suspended.pop(); f; f = turn.state.suspended.pop()) {
    chain.unshift(f);
    if (!f.called) break;
  }
  for (const f of chain) delete f.awaiting;
  turn.state.stack.push(...chain);
  const top = activeFrame(turn);
  sayText(turn, render(turn, top, turn.bundle.settings.texts.resume));
}

/** Ends every active flow (stack only; suspended flows stay). */
export function clearStack(turn: Turn): void {
  turn.state.stack = [];
}
