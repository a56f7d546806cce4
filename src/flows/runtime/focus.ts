import type { Product } from '../../commerce/gateway';
import type { Turn } from './turn';

/** Postback payload of a button about one product (`product:<id>`), e.g. under a product card. */
const PRODUCT_PAYLOAD = /^product:(.+)$/;

/** Puts `product` in focus: "那它有黑色吗" / "是什么材质的" / "XL有货吗" now refer to it. */
export function setFocus(turn: Turn, product: Pick<Product, 'id' | 'title'>): void {
  turn.state.focus = { id: product.id, title: product.title, at: turn.input.now };
}

/**
 * The product the message itself points at, put in focus before anything else runs: the product the channel says the
 * shopper asked from (web chat's product tile, `message.product`) or a `product:<id>` button.
 */
export async function focusFromMessage(turn: Turn): Promise<void> {
  const { message } = turn.input;
  const id = message.product?.id ?? PRODUCT_PAYLOAD.exec(message.postback ?? '')?.[1];
  if (!id) return;
  try {
    const product = await turn.services.commerce.getProduct(id);
    if (product) setFocus(turn, product);
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message, product: id }, 'product lookup for focus failed');
  }
}

/**
 * After a turn: the one product shown as a card becomes the product in focus. Several cards (a recommendation list)
 * leave no single product in focus, so a follow-up question asks which one.
 */
export function focusFromReplies(turn: Turn): void {
  const shown = new Map<string, string>();
  for (const r of turn.replies) if (r.type === 'product_card') shown.set(r.product.id, r.product.title);
  if (shown.size === 1) {
    const [[id, title]] = [...shown];
    setFocus(turn, { id: id!, title: title! });
  } else if (shown.size > 1) delete turn.state.focus;
}
