import type { Product } from '../../commerce/gateway';
import { namesByTitle } from '../actions/focus-product';
import { focusedProduct } from './focus-ttl';
import type { Turn } from './turn';

/** Postback payload of a button about one product (`product:<id>`), e.g. under a product card. */
const PRODUCT_PAYLOAD = /^product:(.+)$/;

/** Puts `product` in focus: "那它有黑色吗" / "是什么材质的" / "XL有货吗" now refer to it. */
export function setFocus(turn: Turn, product: Pick<Product, 'id' | 'title'>): void {
  turn.state.focus = { id: product.id, title: product.title, at: turn.input.now };
}

/** The `<id>` of a `product:<id>` button payload, the button shoppers tap under a list of products. */
export function productOfPayload(payload: string | undefined): string | undefined {
  return PRODUCT_PAYLOAD.exec(payload ?? '')?.[1];
}

/**
 * The product the message itself points at, put in focus before anything else runs, whatever flow then answers: the
 * product the channel says the shopper asked from (web chat's product tile, `message.product`), a `product:<id>`
 * button, or else a catalogue product the text names by its title ("降噪耳机多少钱" → 主动降噪蓝牙耳机). A named product
 * replaces a product already in focus only after the turn, unless the turn showed product cards of its own.
 */
export async function focusFromMessage(turn: Turn): Promise<void> {
  const { message } = turn.input;
  const id = message.product?.id ?? productOfPayload(message.postback);
  try {
    if (id) {
      const product = await turn.services.commerce.getProduct(id);
      if (product) setFocus(turn, product);
      return;
    }
    const named = await namedProduct(turn);
    if (!named) return;
    // while another product is in focus, this turn's flows and digressions still see that one; the named one follows
    if (focusedProduct(turn)) turn.namedLater = { id: named.id, title: named.title };
    else setFocus(turn, named);
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message, product: id }, 'product lookup for focus failed');
  }
}

/** The one catalogue product the text names by its title (the best match when several are named), if any. */
async function namedProduct(turn: Turn): Promise<Product | undefined> {
  const text = turn.text;
  if (!text || !/[\u4e00-\u9fa5]{2}|[a-z]{3}/i.test(text)) return undefined;
  const found = await turn.services.commerce.searchProducts(text, 3);
  return found.find((p) => namesByTitle(text, p));
}

/**
 * After a turn: the one product shown as a card becomes the product in focus. Several cards (a recommendation list)
 * leave no single product in focus, so a follow-up question asks which one (or the shopper taps one of the product
 * buttons under them). No card: a product the message named (while another was in focus) comes into focus.
 */
export function focusFromReplies(turn: Turn): void {
  const shown = new Map<string, string>();
  for (const r of turn.replies) if (r.type === 'product_card') shown.set(r.product.id, r.product.title);
  const named = turn.namedLater;
  if (shown.size === 0 && named) setFocus(turn, named);
  else if (shown.size === 1) {
    const [[id, title]] = [...shown];
    setFocus(turn, { id: id!, title: title! });
  } else if (shown.size > 1) delete turn.state.focus;
}
