import { askMessage, tryFill } from '../steps/ask';
import type { AskStep } from '../types';
import type { FlowFrame } from '../../core/conversation-state';
import { buildContext } from './context';
import { fallback } from './fallback';
import { clearStack, flowOf, followingStep, suspendStack } from './frames';
import { runActive } from './run-loop';
import { selectFlow, type TriggerMatch } from './select-trigger';
import { startMatch } from './start';
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
  suspendStack(turn);
  await startMatch(turn, match);
}

/**
 * Handles the shopper's message while the active flow waits on `step`: fill the slot and go on;
 * or let another flow interrupt; or re-ask with `retry`; after max_attempts go to `on_fail`
 * (or end the flow and fall back).
 */
export async function answerAsk(turn: Turn, frame: FlowFrame, step: AskStep): Promise<void> {
  const flow = flowOf(turn, frame)!;
  const other = interruption(turn, frame);
  if (step.expect === 'text' && other && answerYields(turn, other)) return interrupt(turn, other);
  if (tryFill(turn, frame, step)) {
    frame.stepId = followingStep(flow, step);
    return runActive(turn);
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
