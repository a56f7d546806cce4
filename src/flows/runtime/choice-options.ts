import type { FlowFrame } from '../../core/conversation-state';
import { resolvePath } from '../conditions/evaluate';
import type { AskStep } from '../types';
import { buildContext } from './context';
import { render } from './render';
import type { Turn } from './turn';

/** One answer of a `choice` question: the button text and the value the slot keeps when it is chosen. */
export interface ChoiceOption {
  title: string;
  value: string;
}

/** A list item of `options_from` as an option: a string, or `{ title, value? }` (an action's buttons). */
function toOption(item: unknown): ChoiceOption | undefined {
  if (typeof item === 'string' || typeof item === 'number') return item === '' ? undefined : { title: String(item), value: String(item) };
  if (item === null || typeof item !== 'object') return undefined;
  const { title, value } = item as Record<string, unknown>;
  if (typeof title !== 'string' || !title) return undefined;
  return { title, value: typeof value === 'string' || typeof value === 'number' ? String(value) : title };
}

/**
 * The answers an ask step offers: its `options` (templates, rendered), else the list at `options_from` (e.g. the
 * `choices` an action returned: strings or `{ title, value }`). Empty when it offers none.
 *
 * @example
 * choiceOptions(turn, frame, { options_from: 'vars.pick.choices' } as AskStep); // [{ title: '尾号0001 …', value: '20251110400001' }, …]
 */
export function choiceOptions(turn: Turn, frame: FlowFrame, step: AskStep): ChoiceOption[] {
  if (step.options?.length) {
    return step.options.map((o) => render(turn, frame, o)).filter((title) => title).map((title) => ({ title, value: title }));
  }
  if (!step.options_from) return [];
  const list = resolvePath(buildContext(turn, frame), step.options_from.split('.'));
  return Array.isArray(list) ? list.map(toOption).filter((o): o is ChoiceOption => o !== undefined) : [];
}
