import type { OutboundMessage } from '../../core/message';
import { resolvePath } from '../conditions/evaluate';
import { buildContext } from '../runtime/context';
import { cardMessages } from '../runtime/cards';
import { productButtons } from '../runtime/product-buttons';
import { render } from '../runtime/render';
import type { SayStep } from '../types';
import type { StepHandler } from './registry';
import { chooseVariant } from '../runtime/variant-choice';

/**
 * `say`: one text per line (templates), quick replies under the last text, then cards from `card.from` (several
 * product cards come with one `product:<id>` button each, see productButtons). With
 * `variants`, the text (and quick replies, when the variant has its own) of the shopper's A/B variant.
 */
export const sayStep: StepHandler<SayStep> = {
  kind: 'say',
  run(step, frame, turn) {
    const variant = step.variants ? chooseVariant(turn, frame, step.variants) : undefined;
    const say = variant?.say ?? step.say;
    const quickReplies = variant?.quick_replies ?? step.quick_replies;
    const texts = (Array.isArray(say) ? say : [say]).map((t) => render(turn, frame, t)).filter((t) => t.trim());
    const out: OutboundMessage[] = texts.map((text) => ({ type: 'text', text }));
    if (quickReplies?.length) {
      const replies = quickReplies.map((q) => ({ title: render(turn, frame, q) })).filter((q) => q.title);
      const last = out.pop();
      out.push({ type: 'quick_replies', text: last?.type === 'text' ? last.text : '', replies });
    }
    if (step.card) {
      const value = resolvePath(buildContext(turn, frame), step.card.from.split('.'));
      const cards = cardMessages(step.card.type, value);
      out.push(...cards, ...productButtons(cards));
    }
    turn.replies.push(...out);
    return { type: 'next' };
  },
};
