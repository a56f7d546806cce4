import { DemoCommerce } from '../../src/commerce/demo-store';
import { loadDemoFixtures } from '../../src/commerce/fixtures';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';

// The turn is recognised on the text as sent; only what is written down is masked. So an order id the
// shopper types next to their phone number still finds the parcel, and the stored transcript keeps the
// order id but not the phone number.
describe('personal data in a conversation', () => {
  let kefu: KefuHarness;
  const fixtures = loadDemoFixtures();

  beforeAll(async () => {
    kefu = await createHarness({}, { commerce: new DemoCommerce({ fixtures }) });
    // The shopper owns demo order 20250903100001 (shipped with 顺丰 SF1409823761234).
    const shopper = await kefu.core.users.resolve('test', 'mask-1');
    fixtures.orders.find((o) => o.id === '20250903100001')!.userId = shopper.id;
  });
  afterAll(async () => {
    await kefu.close();
  });

  it('finds the order from the unmasked text and stores the message masked', async () => {
    await kefu
      .chat('mask-1')
      .send('我的快递到哪了，订单20250903100001，电话１３８１２３４５６７８')
      .expectAnyReply(/20250903100001.*顺丰/);
    await kefu.core.recorder.flush();
    const history = await kefu.core.conversations.history('test:-:c-mask-1', 10);
    expect(history[0]).toMatchObject({ direction: 'in', text: '我的快递到哪了，订单20250903100001，电话138****5678' });
    expect(JSON.stringify(history)).not.toMatch(/１３８１２３４５６７８|13812345678/);
  });
});
