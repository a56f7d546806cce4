import type { OutboundMessage } from '../../core/message';
import { resolvePath } from '../conditions/evaluate';
import { buildContext } from '../runtime/context';
import { cardMessages } from '../runtime/cards';
import { render } from '../runtime/render';
import type { SayStep } from '../types';
import type { StepHandler } from './registry';

/** `say`: one text per line (templates), quick replies under the last text, then cards from `card.from`. */
export const sayStep: StepHandler<SayStep> = {
  kind: 'say',
  run(step, frame, turn) {
    const texts = (Array.isArray(step.say) ? step.say : [step.say]).map((t) => render(turn, frame, t)).filter((t) => t.trim());
    const out: OutboundMessage[] = texts.map((text) => ({ type: 'text', text }));
    if (step.quick_replies?.length) {
      const replies = step.quick_replies.map((q) => ({ title: render(turn, frame, q) })).filter((q) => q.title);
      const last = out.pop();
      out.push({ type: 'quick_replies', text: last?.type === 'text' ? last.text : '', replies });
    }
    if (step.card) {
      const value = resolvePath(buildContext(turn, frame), step.card.from.split('.'));
      out.push(...cardMessages(step.card.type, value));
    }
    turn.replies.push(...out);
    return { type: 'next' };
  },
};
