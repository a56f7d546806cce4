import type { OutboundMessage } from '../../core/message';

/** The line above the buttons of a product list. */
const PICK_ONE = '想了解哪一款？点一下就好～';

/**
 * Several product cards shown at once (recommendations, search results) → one `product:<id>` button per product, so
 * a tap puts that product in focus (see focus.ts) and asks about it. Nothing for fewer than two products.
 *
 * @example
 * productButtons(cards); // [{ type: 'quick_replies', text: '想了解哪一款？…', replies: [{ title: '加绒连帽卫衣', payload: 'product:P1001' }, …] }]
 */
export function productButtons(cards: readonly OutboundMessage[]): OutboundMessage[] {
  const replies = new Map<string, { title: string; payload: string }>();
  for (const c of cards) if (c.type === 'product_card' && c.product.id) replies.set(c.product.id, { title: c.product.title, payload: `product:${c.product.id}` });
  return replies.size > 1 ? [{ type: 'quick_replies', text: PICK_ONE, replies: [...replies.values()] }] : [];
}

const isProductButtons = (m: OutboundMessage): boolean => m.type === 'quick_replies' && m.text === PICK_ONE && m.replies.every((r) => r.payload?.startsWith('product:'));

/**
 * After a turn: product buttons followed by other quick replies (a recommendation that goes on to order guidance)
 * join those later buttons, first, because chat windows keep only the last row of buttons. Changes `replies` in place.
 *
 * @example
 * keepProductButtons(turn.replies); // [..cards, { text: '看中哪款…', replies: [卫衣, T恤, 尺码怎么选, …] }]
 */
export function keepProductButtons(replies: OutboundMessage[]): void {
  const at = replies.findIndex(isProductButtons);
  if (at < 0) return;
  const lastIndex = replies.findLastIndex((m) => m.type === 'quick_replies');
  const last = replies[lastIndex];
  const buttons = replies[at];
  if (lastIndex <= at || last?.type !== 'quick_replies' || buttons?.type !== 'quick_replies') return;
  const titles = new Set(buttons.replies.map((r) => r.title));
  last.replies = [...buttons.replies, ...last.replies.filter((r) => !titles.has(r.title))];
  replies.splice(at, 1);
}
