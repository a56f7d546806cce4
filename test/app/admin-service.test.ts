import type { ChannelStatus } from '../../src/core/channel-adapter';
import { createAdminService } from '../../src/app/admin-service';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { TestChannel } from '../helpers/test-channel';

/** A channel that reports a login state, like wechaty waiting for its QR code to be scanned. */
class LoginChannel extends TestChannel {
  current: ChannelStatus = { state: 'login_required', qrcode: 'https://login.weixin.qq.com/l/qr-1', since: 1 };
  constructor() {
    super('wechaty', { outbound: ['text', 'image'] });
  }
  status(): ChannelStatus {
    return this.current;
  }
}

let kefu: KefuHarness;
afterEach(async () => kefu?.close());

describe('admin service: channels', () => {
  it('lists every running channel with its capabilities and, where it has one, its live status', async () => {
    kefu = await createHarness();
    const login = new LoginChannel();
    kefu.core.router.add(login);
    const admin = createAdminService(kefu.core);
    expect(await admin.channels()).toEqual([
      { name: 'test', proactive: true, outbound: expect.arrayContaining(['text', 'product_card']) },
      {
        name: 'wechaty',
        proactive: true,
        outbound: ['text', 'image'],
        status: { state: 'login_required', qrcode: 'https://login.weixin.qq.com/l/qr-1', since: 1 },
      },
    ]);
    login.current = { state: 'online', detail: '小美优选客服', since: 2 };
    expect((await admin.channels())[1]!.status).toEqual({ state: 'online', detail: '小美优选客服', since: 2 });
  });
});
