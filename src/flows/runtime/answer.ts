import { askMessage, tryFill } from '../steps/ask';
import type { AskStep } from '../types';
import type { FlowFrame } from '../../core/conversation-state';
import { buildContext } from './context';
import { fallback } from './fallback';
import { clearStack, flowOf, followingStep, suspendStack } from './frames';
import { runActive } from './run-loop';
import { selectFlow, type TriggerMatch } from './select-trigger';
import { startFlow, startRequested } from './start';
import { addedRequest, turnToAddedRequest } from './answer-and-more';
import { withdrawFromAsk } from './withdrawal';
import { fillProduct } from './product-answer';
import { activeFrame } from './turn';
import type { Turn } from './turn';

/** Another flow's trigger that matches this message strongly enough to interrupt the active flow. */
export function interruption(turn: Turn, frame: FlowFrame): TriggerMatch | undefined {
  const flow = flowOf(turn, frame);
  if (!flow?.interruptible || !turn.text) return undefined;
  return selectFlow(turn.bundle, { text: turn.text, recognition: turn.input.recognition, ctx: buildContext(turn) }, flow.id);
}

/** Whether a free-text answer gives way to `other`: a keyword or regex, or an intent at `answer_interrupt_threshold`. */
function answerYields(turn: Turn, other: TriggerMatch): boolean {
  return other.via !== 'intent' || other.score >= turn.bundle.settings.answer_interrupt_threshold;
}

/** Suspends the active call chain and starts the interrupting flow (resumed when it ends). */
export async function interrupt(turn: Turn, match: TriggerMatch): Promise<void> {
  const interrupted = activeFrame(turn)?.flowId;
  suspendStack(turn);
  await startRequested(turn, match, interrupted);
}

/**
 * Handles the shopper's message while the active flow waits on `step`: fill the slot and go on;
 * or let another flow interrupt; or re-ask with `retry`; after max_attempts go to `on_fail`
 * (or end the flow and fall back).
 */
export async function answerAsk(turn: Turn, frame: FlowFrame, step: AskStep): Promise<void> {
  const flow = flowOf(turn, frame)!;
  if (await withdrawFromAsk(turn, step)) return;
  const other = interruption(turn, frame);
  if (step.expect === 'text' && other && answerYields(turn, other)) return interrupt(turn, other);
  if (step.expect === 'product' ? await fillProduct(turn, frame, step) : tryFill(turn, frame, step)) {
    frame.stepId = followingStep(flow, step);
    const added = await addedRequest(turn, frame, step);
    if (!added) return runActive(turn);
    // "110，对了我的快递到哪了": the answer goes on; the added request comes next (queued), or at once if the flow asks again.
    turn.state.queue = [{ flowId: added.match.flow.id, text: added.text }, ...(turn.state.queue ?? [])];
    await runActive(turn);
    const queue = turn.state.queue ?? [];
    const waiting = queue[0]?.flowId === added.match.flow.id && queue[0]?.text === added.text;
    if (!waiting || !activeFrame(turn)?.awaiting) return;
    queue.shift();
    if (queue.length === 0) delete turn.state.queue;
    turnToAddedRequest(turn, added);
    suspendStack(turn, { keepResumed: true });
    await startFlow(turn, added.match.flow.id);
    return;
  }
  if (other) return interrupt(turn, other);
  const attempts = (frame.awaiting?.attempts ?? 0) + 1;
  if (attempts < step.max_attempts) {
    frame.awaiting = { slot: step.slot, attempts };
    turn.replies.push(askMessage(turn, frame, step, true));
    return;
  }
  delete frame.awaiting;
  if (step.on_fail) {
    frame.stepId = step.on_fail;
    return runActive(turn);
  }
  clearStack(turn);
  await fallback(turn);
}
