import type { OutboundMessage } from '../../core/message';
import { render, test } from '../runtime/render';
import { markUsed } from '../runtime/message-parts';
import { fillChoice, fillSlot, type SlotFill } from '../runtime/slot-fill';
import { choiceOptions } from '../runtime/choice-options';
import type { Entity } from '../../core/recognizer';
import type { Turn } from '../runtime/turn';
import { focusedProduct } from '../runtime/focus-ttl';
import type { AskStep } from '../types';
import type { FlowFrame } from '../../core/conversation-state';
import type { StepHandler } from './registry';

/** The question (or `retry` text) of an ask step, with the options (`options` or `options_from`) as quick replies. */
export function askMessage(turn: Turn, frame: FlowFrame, step: AskStep, retry = false): OutboundMessage {
  const text = render(turn, frame, retry && step.retry ? step.retry : step.ask);
  const options = choiceOptions(turn, frame, step);
  if (options.length) return { type: 'quick_replies', text, replies: options.map((o) => ({ title: o.title })) };
  return { type: 'text', text };
}

/** Fills the slot of `step` from `source`; a choice is matched on the options' titles and values and keeps the option's value. */
function fillFrom(turn: Turn, frame: FlowFrame, step: AskStep, source: { text: string; entities: Entity[] }, prefill: boolean): SlotFill {
  if (step.expect !== 'choice') return fillSlot(step, source.text, source.entities, prefill);
  return fillChoice(choiceOptions(turn, frame, step), source.text, prefill);
}

/**
 * Fills the slot from the message if the value is valid for the step (type + `validate`), and marks
 * the part it came from as used. An answer reads the whole message; a pre-fill (`prefill`) reads only
 * what no other slot took this turn, so one number or entity never fills two slots.
 */
export function tryFill(turn: Turn, frame: FlowFrame, step: AskStep, prefill = false): boolean {
  // A free-text answer is kept as the shopper wrote it (an address, a company name), not as normalised for understanding.
  const asWritten = step.expect === 'text' && turn.input.message.originalText !== undefined ? turn.input.message.originalText : turn.text;
  const source = prefill ? turn.unused : { text: asWritten, entities: turn.entities };
  const got = fillFrom(turn, frame, step, source, prefill);
  if (!got.ok) return false;
  if (step.validate && !test(turn, frame, step.validate, { value: got.value })) return false;
  frame.slots[step.slot] = got.value;
  delete frame.awaiting;
  if (got.used) markUsed(turn.unused, turn.text, got.used);
  return true;
}

/**
 * `ask`: skipped when the slot is already filled, when (`expect: product`) a product is in focus, or when the slot
 * can be filled from the message that started the flow (entities/numbers, or a `choice` option or its synonym named in it; `text`/`yes_no`/`rating`
 * are never guessed; each number/entity fills only the first ask that takes it); otherwise
 * asks and waits. Answers are handled by the engine (see runtime/answer.ts).
 */
export const askStep: StepHandler<AskStep> = {
  kind: 'ask',
  run(step, frame, turn) {
    if (frame.slots[step.slot] !== undefined && frame.slots[step.slot] !== null) return { type: 'next' };
    const focus = focusedProduct(turn);
    if (step.expect === 'product' && focus && turn.fresh.has(frame)) {
      frame.slots[step.slot] = focus.title; // "是什么材质的" right after a product was shown: that product
      return { type: 'next' };
    }
    const prefill = turn.fresh.has(frame) && turn.text && !['text', 'yes_no', 'rating'].includes(step.expect);
    if (prefill && tryFill(turn, frame, step, true)) return { type: 'next' };
    turn.replies.push(askMessage(turn, frame, step));
    frame.awaiting = { slot: step.slot, attempts: 0 };
    return { type: 'wait' };
  },
};
