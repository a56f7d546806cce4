import type { OrderStatus } from './gateway';

/** Chinese labels of order states, as shoppers see them. */
export const ORDER_STATUS_ZH: Record<OrderStatus, string> = {
  unpaid: '待付款',
  paid: '待发货',
  shipped: '已发货',
  delivered: '已签收',
  cancelled: '已取消',
  refunding: '退款中',
  refunded: '已退款',
};
