import type { FlowFrame } from '../../core/conversation-state';
import type { AskStep } from '../types';
import { setFocus } from './focus';
import { test } from './render';
import type { Turn } from './turn';

/**
 * Fills an `expect: product` slot: the answer must name a product of the catalogue (the shop's search finds it); the
 * slot gets the product's title and the product comes into focus. "我想改一下收货地址" names no product, so it does not
 * fill the slot and another flow's trigger can take over.
 */
export async function fillProduct(turn: Turn, frame: FlowFrame, step: AskStep): Promise<boolean> {
  const text = turn.text.trim();
  if (!text) return false;
  let product;
  try {
    [product] = await turn.services.commerce.searchProducts(text, 1);
  } catch (err) {
    turn.services.logger.error({ err: (err as Error).message, flow: frame.flowId, step: step.id }, 'product search for a product answer failed');
    return false;
  }
  if (!product) return false;
  if (step.validate && !test(turn, frame, step.validate, { value: product.title })) return false;
  frame.slots[step.slot] = product.title;
  delete frame.awaiting;
  setFocus(turn, product);
  return true;
}
