/**
 * The wiring of attribution in a whole kefu core (shipped flows, rules recogniser, real Redis, SQLite): the cards a
 * live chat shows become touches through the conversation log's recorder, and `order_paid` events handled by the
 * outreach scheduler are credited to that conversation.
 */
import { DemoCommerce } from '../../src/commerce/demo-store';
import { conversationKey, type OutboundMessage } from '../../src/core/message';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';

let kefu: KefuHarness;

beforeAll(async () => {
  kefu = await createHarness({}, { commerce: new DemoCommerce() }); // a new shopper: no seeded demo orders
});

afterAll(async () => {
  await kefu?.close();
});

it('credits orders of the coupon a live chat issued and the product it showed to that conversation', async () => {
  const shown: OutboundMessage[] = [];
  const chat = kefu.chat('shopper-attr');
  await chat
    .send('你好')
    .inspect((replies) => shown.push(...replies))
    .skipReplies()
    .click('美妆')
    .inspect((replies) => shown.push(...replies));
  const coupon = shown.find((m) => m.type === 'coupon_card');
  const product = shown.find((m) => m.type === 'product_card');
  if (coupon?.type !== 'coupon_card' || product?.type !== 'product_card')
    throw new Error(`expected a coupon card and a product card, got: ${shown.map((m) => m.type).join(', ')}`);
  await kefu.core.recorder.flush();
  const user = await kefu.core.users.resolve(kefu.channel.name, 'shopper-attr');
  const at = Date.now() + 60_000;
  const paid = (n: number, payload: Record<string, unknown>) =>
    kefu.core.outreach.scheduler.handleEvent({ id: `evt-attr-${n}`, type: 'order_paid', userId: user.id, at, payload });
  await paid(1, { orderId: 'o-attr-1', total: 99, couponCode: coupon.coupon.code, items: [{ productId: 'P-elsewhere' }] });
  await paid(2, { orderId: 'o-attr-2', total: product.product.price, items: [{ productId: product.product.id }] });
  await paid(3, { orderId: 'o-attr-3', total: 10, items: [{ productId: 'P-never-shown' }] }); // wrote a minute ago: assisted
  const summary = await kefu.core.attribution.summary(new Date(at), new Date(at + 1));
  expect(summary).toMatchObject({
    orders: 2,
    byCredit: {
      coupon: { orders: 1, revenue: 99 },
      product: { orders: 1, revenue: product.product.price },
      assisted: { orders: 1, revenue: 10 },
    },
    byChannel: { [kefu.channel.name]: { orders: 2 } },
  });
  const rows = await kefu.core.dataSource.query(
    'SELECT order_id, conversation_id, credit, touch_ref FROM kefu_order_attribution ORDER BY order_id',
  );
  const key = conversationKey(chat.ref);
  expect(rows).toEqual([
    { order_id: 'o-attr-1', conversation_id: key, credit: 'coupon', touch_ref: coupon.coupon.code },
    { order_id: 'o-attr-2', conversation_id: key, credit: 'product', touch_ref: product.product.id },
    { order_id: 'o-attr-3', conversation_id: key, credit: 'assisted', touch_ref: null },
  ]);
});
