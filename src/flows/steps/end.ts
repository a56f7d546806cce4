import { render } from '../runtime/render';
import { sayText } from '../runtime/turn';
import type { EndStep } from '../types';
import type { StepHandler } from './registry';

/** `end`: ends this flow, saying the text first when `end` is a string; `ask_rating` asks for a rating next (see ask-rating.ts). */
export const endStep: StepHandler<EndStep> = {
  kind: 'end',
  run(step, frame, turn) {
    if (typeof step.end === 'string') sayText(turn, render(turn, frame, step.end));
    if (step.ask_rating) turn.askRating = true;
    return { type: 'end' };
  },
};
