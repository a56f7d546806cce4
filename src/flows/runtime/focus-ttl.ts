import type { Turn } from './turn';

/** A product shown or named longer ago than this is no longer "it" (那它有黑色吗 an hour later asks which one). */
export const FOCUS_TTL_MS = 30 * 60_000;

/** The product in focus this turn, if it came into focus recently enough. */
export function focusedProduct(turn: Turn): { id: string; title: string } | undefined {
  const focus = turn.state.focus;
  if (!focus || turn.input.now - focus.at > FOCUS_TTL_MS) return undefined;
  return { id: focus.id, title: focus.title };
}
