import type { ProactiveTriggerInput } from './trigger-schema';

/**
 * A copy of the proactive triggers kefu ships, for tests that need them synchronously.
 * The source of truth is the `proactive:` blocks of the shipped flow files (flows/payment-nudge.yaml,
 * coupon.yaml, repurchase.yaml, after-delivery.yaml, order-guidance.yaml); the runtime loads those,
 * not this list. test/outreach/shipped-triggers.test.ts fails when the two drift apart.
 * Not exported from src/outreach/index.ts on purpose.
 *
 * Event payload fields they expect:
 * - cart_add / cart_cleared: `cartId`, `title`; order_created: `orderId`, `cartId`, `autoCloseAt` (ISO)
 * - order_paid / order_cancelled: `orderId`; coupon_issued / coupon_used: `couponCode`, `title`, `expiresAt`
 * - order_delivered: `orderId`, `category`, `title`, `repurchaseDays` (from the product, when consumable)
 * - live_purchase_intent: `productId`, `title`
 */
export const SHIPPED_TRIGGERS: readonly ProactiveTriggerInput[] = [
  {
    id: 'cart_abandoned',
    on: 'cart_add',
    delay: '30m',
    cancel_on: ['order_created', 'cart_cleared'],
    subject: 'payload.cartId',
    kind: 'marketing',
    send: { text: '亲，购物车里的{{ event.payload.title }}还在等您哦～库存不多，喜欢就带它回家吧 🛒', quick_replies: ['去结算', '再看看'] },
  },
  {
    id: 'unpaid_order',
    on: 'order_created',
    at: { field: 'payload.autoCloseAt', offset: '-15m' },
    cancel_on: ['order_paid', 'order_cancelled'],
    subject: 'payload.orderId',
    kind: 'service',
    subscription: { template: 'order_unpaid' },
    send: {
      text: '亲，您的订单 {{ event.payload.orderId }} 还有 15 分钟就要自动关闭啦，需要的话记得及时付款哦～',
      quick_replies: ['去付款'],
    },
  },
  {
    id: 'coupon_expiring',
    on: 'coupon_issued',
    at: { field: 'payload.expiresAt', offset: '-24h' },
    cancel_on: ['coupon_used'],
    subject: 'payload.couponCode',
    kind: 'marketing',
    send: { text: '亲，您的「{{ event.payload.title }}」明天就要过期啦，别让优惠溜走哦 🎁', quick_replies: ['去使用'] },
  },
  {
    id: 'repurchase_cycle',
    on: 'order_delivered',
    at: { field: 'at', offset: '-2d', plus_days: 'payload.repurchaseDays' },
    subject: ['userId', 'payload.category'],
    when: 'event.payload.repurchaseDays > 0',
    kind: 'marketing',
    send: { text: '亲，上次买的{{ event.payload.title }}快用完了吧？需要的话我帮您再下一单～', quick_replies: ['再来一单', '暂时不用'] },
  },
  {
    id: 'delivery_followup',
    on: 'order_delivered',
    delay: '3d',
    cancel_on: ['review_submitted'],
    subject: 'payload.orderId',
    kind: 'service',
    subscription: { template: 'order_review' },
    send: {
      text: '亲，{{ event.payload.title }}收到后还满意吗？给这次购物打个分吧～有任何问题随时找我 😊',
      quick_replies: ['很满意', '一般般', '要售后'],
    },
  },
  {
    id: 'live_followup',
    on: 'live_purchase_intent',
    delay: '10m',
    cancel_on: ['order_created'],
    subject: ['userId', 'payload.productId'],
    kind: 'marketing',
    send: { text: '亲，刚才直播间里您看中的{{ event.payload.title }}还有货哦，直播价给您保留到今晚～', quick_replies: ['立即下单'] },
  },
];
