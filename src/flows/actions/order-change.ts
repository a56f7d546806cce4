import { KefuError } from '../../core/errors';
import type { ActionHandler } from '../engine-types';
import { optBool, optString } from './args';
import { orderView } from './present';
import { noOrderSummary, resolveOrder } from './resolve-order';

/**
 * `order.change { orderId?, address? | cancel }`: changes the address of, or cancels, an order
 * that has not shipped (the latest unshipped one when no id is given). A shipped order is not
 * an error: the result says `ok: false` with a friendly `summary`, so flows can branch on it.
 * Result: `{ ok, order?, summary }`.
 */
export const orderChange: ActionHandler = async (args, ctx) => {
  const orderId = optString(args, 'orderId');
  const address = optString(args, 'address');
  const cancel = optBool(args, 'cancel');
  if (!address && !cancel) {
    throw new KefuError('ACTION_ARGS', "Action 'order.change' needs either 'address' or 'cancel: true'.", 'add one of them to the step args.');
  }
  const order = await resolveOrder(ctx, orderId, ['unpaid', 'paid']);
  if (!order) return { ok: false, summary: noOrderSummary(orderId) };
  try {
    const changed = await ctx.commerce.updateOrder(order.id, cancel ? { cancel: true } : { address });
    const view = orderView(changed);
    const summary = cancel ? `订单 ${view.id} 已为您取消${order.status === 'paid' ? '，款项会在 1-3 个工作日原路退回' : ''}～` : `订单 ${view.id} 的收货地址已改好啦～`;
    return { ok: true, order: view, summary };
  } catch (err) {
    if (err instanceof KefuError && err.code === 'ORDER_NOT_CHANGEABLE') {
      const view = orderView(order);
      return {
        ok: false,
        order: view,
        summary: `订单 ${view.id} 当前${view.status}，系统里没法直接修改了😢 可以收货后申请退换，或者我帮您转人工客服处理～`,
      };
    }
    throw err;
  }
};
