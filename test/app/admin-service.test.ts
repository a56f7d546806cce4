import type { ChannelStatus } from '../../src/core/channel-adapter';
import { createAdminService } from '../../src/app/admin-service';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { TestChannel } from '../helpers/test-channel';
import { OutreachLogEntity } from '../../src/store/entities/outreach-log.entity';
import { pollUntil } from '../helpers/wait-until';

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

describe('admin service: campaigns by the shop customer ids', () => {
  it('resolves customerIds to kefu users: a linked customer gets the message on their door; an unknown one is created and not sent', async () => {
    kefu = await createHarness({ quietHours: 'off' });
    const admin = createAdminService(kefu.core);
    const chat = kefu.chat('u-camp-linked');
    await chat.send('你好');
    await kefu.core.recorder.flush(); // outreach finds doors in the conversation log
    const linked = await admin.linkUser({ customerId: 'C70007', channel: 'test', externalId: 'u-camp-linked' });
    const bystander = kefu.chat('u-camp-bystander');
    await bystander.send('你好');

    const workers = kefu.core.outreach.startWorkers({ channels: ['test'] });
    const result = await admin.scheduleCampaign({ id: 'vip_day', customerIds: ['C70007', 'C70008'], text: '亲，会员日专场开始啦～' });
    expect(result).toMatchObject({ id: 'vip_day', users: 2 });
    const unknown = await kefu.core.identities.byCustomer('C70008');
    expect(unknown?.identities).toEqual([{ channel: 'shop', externalId: 'C70008' }]);

    const rows = await pollUntil(
      () => kefu.core.dataSource.getRepository(OutreachLogEntity).find({ where: { triggerId: 'campaign_vip_day' } }),
      (r) => r.length === 2 && r.every((row) => row.status !== 'scheduled'),
      10_000,
      'both campaign sends to settle',
    ).finally(() => workers.close());
    const byUser = new Map(rows.map((row) => [row.userId, row]));
    expect(byUser.get(linked.id)).toMatchObject({ status: 'sent', channel: 'test' });
    expect(byUser.get(unknown!.id)).toMatchObject({ status: 'suppressed', reason: 'no_channel' }); // no door to reach them on
    expect(kefu.channel.sentTo(chat.ref)).toEqual([expect.objectContaining({ text: expect.stringContaining('会员日专场') })]);
    expect(kefu.channel.sentTo(bystander.ref)).toEqual([]);
  });

  it('refuses a malformed customer id before scheduling anything', async () => {
    kefu = await createHarness();
    const admin = createAdminService(kefu.core);
    await expect(admin.scheduleCampaign({ id: 'bad_ids', customerIds: ['C 1'], text: 'hi' })).rejects.toThrow(/customer id/);
  });
});
