import type { InboundHandler, InboundMessage } from '../../../src/index';
import type { WebChatAdapter } from '../../../adapters/web';

/**
 * A tiny scripted responder standing in for the bot, so the widget and the protocol can be proven
 * on their own: 你好 → greeting + quick replies [服饰, 美妆]; postback 服饰 → a product card;
 * 券 → a coupon card; 订单 → an order card; visit → a welcome line; 人工 → handoff notice; anything else → echo.
 */
export function scriptedBot(adapter: WebChatAdapter, received: InboundMessage[] = []): InboundHandler {
  return async (msg) => {
    received.push(msg);
    const say = (m: Parameters<WebChatAdapter['send']>[1]) => adapter.send(msg.ref, m);
    if (msg.kind === 'event') {
      if (msg.event?.type === 'visit') await say({ type: 'text', text: '欢迎来到小美优选～新人首单立减 20 元哦 🎁' });
      return;
    }
    if (msg.kind === 'postback' && msg.postback === '服饰') {
      await say({ type: 'product_card', product: { id: 'p-hoodie', title: '加绒连帽卫衣', price: 129, subtitle: 'XL 库存充足' } });
      return;
    }
    if (msg.text === 'boom') throw new Error('scripted failure');
    if (msg.text === '你好') {
      await say({ type: 'text', text: '亲，您好呀～欢迎光临小美优选 😊' });
      await say({ type: 'quick_replies', text: '想先看看哪一类呢？', replies: [{ title: '服饰' }, { title: '美妆' }] });
      return;
    }
    if (msg.text === '券') {
      await say({
        type: 'coupon_card',
        coupon: { code: 'NEW20', title: '新人专享券', amount: 20, minSpend: 99, expiresAt: '2030-01-31T23:59:59+08:00' },
      });
      return;
    }
    if (msg.text === '订单') {
      await say({
        type: 'order_card',
        order: {
          id: 'D20240301001',
          status: '运输中',
          total: 129,
          items: [{ title: '加绒连帽卫衣', quantity: 1 }],
          logistics: '顺丰 SF1234567890 运输中',
        },
      });
      return;
    }
    if (msg.text === '人工') {
      await say({ type: 'handoff', text: '已为您转接人工客服，请稍候～' });
      return;
    }
    await say({ type: 'text', text: `收到：${msg.text ?? ''}` });
  };
}
