import type { AskStep } from '../types';
import { buildContext } from './context';
import { clearStack } from './frames';
import { render } from './render';
import { clauseRecognition, focusOnClause, startQueued } from './request-queue';
import { runActive } from './run-loop';
import { selectFlow } from './select-trigger';
import { startFlow } from './start';
import { sayText, type Turn } from './turn';

/** A free-text answer that takes the question back: 算了 / 不用了 / 不留了 … (what follows may be a new request). */
const WITHDRAW = /^(算了|不用了|不留了|不需要了|不要了|不问了|先不用了?)[吧啊呀了～~，,。.!！\s]*/u;

/**
 * While a flow waits for a free-text answer (a message for staff, a reason), "算了 那你告诉我退货地址" is not the answer:
 * the shopper takes the question back. The waiting flow ends; what follows the withdrawal starts its flow, or the bot
 * acknowledges. Returns true when handled. Typed questions (yes/no, choices) read 不用了 as their answer instead.
 */
export async function withdrawFromAsk(turn: Turn, step: AskStep): Promise<boolean> {
  if (step.expect !== 'text') return false;
  const text = turn.text.trim();
  const m = WITHDRAW.exec(text);
  if (!m) return false;
  clearStack(turn);
  const rest = text.slice(m[0].length).replace(/^(那你|那么|那)/u, '').trim();
  if (rest) {
    const recognition = await clauseRecognition(turn, rest);
    const match = selectFlow(turn.bundle, { text: rest, recognition, ctx: buildContext(turn) });
    if (match) {
      focusOnClause(turn, rest, recognition);
      await startFlow(turn, match.flow.id);
      return true;
    }
  }
  // The shopper dropped this request, not the others of the same message: the next one comes now.
  if (startQueued(turn)) {
    await runActive(turn);
    return true;
  }
  sayText(turn, render(turn, undefined, turn.bundle.settings.texts.resume_declined));
  return true;
}
