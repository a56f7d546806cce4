import type { ActionHandler } from '../engine-types';
import { optString } from './args';
import { logisticsStatusZh, orderView, shortTime } from './present';
import { noOrderSummary, resolveOrder } from './resolve-order';

/**
 * `logistics.track { orderId? }`: where the parcel is (the latest shipped order when no id is
 * given). Result: `{ found, shipped, order, logistics?, summary }`.
 */
export const logisticsTrack: ActionHandler = async (args, ctx) => {
  const orderId = optString(args, 'orderId');
  const order = await resolveOrder(ctx, orderId, ['shipped']);
  if (!order) return { found: false, shipped: false, summary: noOrderSummary(orderId) };
  const track = await ctx.commerce.getLogistics(order.id);
  const view = orderView(order, track);
  if (!track) {
    const summary =
      order.status === 'unpaid'
        ? `订单 ${view.id} 还没付款哦，付款后 48 小时内就给您发货～`
        : order.status === 'paid'
          ? `订单 ${view.id}（${view.itemLine}）正在打包，付款后 48 小时内发出，发货后会第一时间通知您～`
          : `订单 ${view.id} 当前${view.status}，暂时没有物流信息哦`;
    return { found: true, shipped: false, order: view, summary };
  }
  const last = track.events[track.events.length - 1];
  const when = last ? `（${shortTime(last.at, ctx.shop.timezone)}）` : '';
  const eta = track.estimatedDelivery && track.status !== 'delivered' ? `，预计 ${shortTime(track.estimatedDelivery, ctx.shop.timezone, false)} 送达` : '';
  const summary = `您的订单 ${view.id}（${view.itemLine}）由${track.carrier}配送，${logisticsStatusZh(track.status)}：${last?.description ?? '暂无轨迹'}${when}${eta}`;
  return { found: true, shipped: true, order: view, logistics: { ...track, statusText: logisticsStatusZh(track.status) }, summary };
};
