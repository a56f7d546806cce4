import { FileBox } from 'file-box';
import { types } from 'wechaty';
import { WechatyAdapter } from '../../../adapters/wechaty';
import { ConfigError, createLogger, KefuError, UnsupportedFeatureError, type InboundMessage } from '../../../src/index';
import { ImageHost, tinyPng } from '../../helpers/fake-wechat-official';
import { MockWorld } from './mock-world';

/** A tiny scripted shop assistant: answers every message through the adapter, the way the core does. */
function scriptedBot(world: MockWorld): { got: InboundMessage[]; handler: (m: InboundMessage) => Promise<void> } {
  const got: InboundMessage[] = [];
  const handler = async (m: InboundMessage): Promise<void> => {
    got.push(m);
    const answer = m.kind === 'image' ? '收到图片啦，我帮您看看～' : /有货/.test(m.text ?? '') ? '亲，XL 有货哦～' : '您好，在的～';
    await world.adapter.send(m.ref, { type: 'text', text: answer });
  };
  return { got, handler };
}

describe('WechatyAdapter with wechaty-puppet-mock', () => {
  let world: MockWorld;
  let bot: ReturnType<typeof scriptedBot>;
  let images: ImageHost;

  beforeAll(async () => {
    images = await ImageHost.start(); // the shop's image server, on loopback: allow-listed below
  });
  afterAll(() => images.close());

  beforeEach(async () => {
    world = new MockWorld({ room: { keywords: ['客服'] }, images: { allowHosts: ['127.0.0.1'] } });
    bot = scriptedBot(world);
    await world.adapter.start(bot.handler);
    await world.login();
  });
  afterEach(() => world.close());

  it('answers a one-to-one chat and hands the core a normalised message', async () => {
    const wang = world.contact('小王');
    const id = await world.say(wang, '你好');
    expect(world.textsSeenBy(wang)).toEqual(['您好，在的～']);
    expect(bot.got).toHaveLength(1);
    expect(bot.got[0]).toMatchObject({ id, kind: 'text', text: '你好', displayName: '小王' });
    expect(bot.got[0]!.ref).toEqual({ channel: 'wechaty', conversationId: wang.id, userId: wang.id });
  });

  it('ignores a room message without @, answers one with @ (mention stripped, shopper @-mentioned back)', async () => {
    const wang = world.contact('小王');
    const li = world.contact('小李');
    const room = world.room('小美优选粉丝群', [wang, li]);
    await world.say(li, '今天天气真好', room);
    expect(bot.got).toHaveLength(0);
    expect(world.textsSeenBy(room)).toEqual([]);

    await world.say(wang, '@小美客服 这件卫衣有货吗', room, [world.me]);
    expect(bot.got).toHaveLength(1);
    expect(bot.got[0]).toMatchObject({ kind: 'text', text: '这件卫衣有货吗' });
    expect(bot.got[0]!.ref).toEqual({ channel: 'wechaty', conversationId: `room:${room.id}`, userId: wang.id, extra: { roomId: room.id } });
    expect(world.textsSeenBy(room)).toEqual(['@小王 亲，XL 有货哦～']);
  });

  it('answers a room message holding a configured keyword without @', async () => {
    const li = world.contact('小李');
    const room = world.room('小美优选粉丝群', [li]);
    await world.say(li, '客服在吗', room);
    expect(bot.got.map((m) => m.text)).toEqual(['客服在吗']);
    expect(world.textsSeenBy(room)).toEqual(['@小李 您好，在的～']);
  });

  it('ignores official accounts and its own messages', async () => {
    const brand = world.mocker.createContact({ name: '某品牌公众号', type: types.Contact.Official });
    await world.say(brand, '您有一条新的优惠通知');
    await world.say(world.me, '自己发的消息', world.contact('小王'));
    expect(bot.got).toHaveLength(0);
  });

  it('takes an image with a URL as kind image', async () => {
    const wang = world.contact('小王');
    await world.say(wang, FileBox.fromUrl('https://img.example.com/u/size-chart.png') as unknown as string);
    expect(bot.got).toEqual([expect.objectContaining({ kind: 'image', imageUrl: 'https://img.example.com/u/size-chart.png' })]);
    expect(world.textsSeenBy(wang)).toEqual(['收到图片啦，我帮您看看～']);
  });

  it('renders quick replies, cards, images and handoffs for WeChat', async () => {
    const wang = world.contact('小王');
    const ref = { channel: 'wechaty', conversationId: wang.id, userId: wang.id };
    await world.adapter.send(ref, { type: 'quick_replies', text: '想看看哪一类呢？', replies: [{ title: '服饰' }, { title: '美妆' }] });
    await world.adapter.send(ref, {
      type: 'product_card',
      product: { id: 'p1', title: '加绒卫衣', price: 129, url: 'https://shop.example.com/p1', imageUrl: 'https://img.example.com/p1.jpg' },
    });
    await world.adapter.send(ref, { type: 'product_card', product: { id: 'p2', title: '保暖袜', price: 19 } });
    const detail = images.serve('/p1-detail.png', { body: tinyPng(1) });
    await world.adapter.send(ref, { type: 'image', url: detail, alt: '卫衣细节图' });
    await world.adapter.send(ref, { type: 'handoff', text: '已为您转接人工客服，请稍等哦', reason: 'shopper_asked' });
    expect(world.seenBy(wang).map(({ at: _at, ...rest }) => rest)).toEqual([
      { kind: 'text', text: '想看看哪一类呢？\n1. 服饰\n2. 美妆\n回复数字即可～' },
      {
        kind: 'link',
        link: {
          title: '加绒卫衣',
          url: 'https://shop.example.com/p1',
          description: '¥129',
          thumbnailUrl: 'https://img.example.com/p1.jpg',
        },
      },
      { kind: 'text', text: '【保暖袜】¥19' },
      { kind: 'image', file: { name: 'image.png', bytes: tinyPng(1) } },
      { kind: 'text', text: '卫衣细节图' },
      { kind: 'text', text: '已为您转接人工客服，请稍等哦' },
    ]);
    expect(world.alerts).toEqual([expect.objectContaining({ kind: 'handoff', ref })]);
  });

  it('refuses unknown conversations and subscription messages with errors that say what to do', async () => {
    const ghost = { channel: 'wechaty', conversationId: 'wxid_nobody', userId: 'wxid_nobody' };
    await expect(world.adapter.send(ghost, { type: 'text', text: '在吗' })).rejects.toThrow(KefuError);
    await expect(world.adapter.send(ghost, { type: 'text', text: '在吗' })).rejects.toThrow(/knows no contact 'wxid_nobody'.*Fix:/s);
    const room = { channel: 'wechaty', conversationId: 'room:nope@chatroom', userId: 'x', extra: { roomId: 'nope@chatroom' } };
    await expect(world.adapter.send(room, { type: 'text', text: '在吗' })).rejects.toThrow(/group chat 'nope@chatroom'/);
    const wang = world.contact('小王');
    const ref = { channel: 'wechaty', conversationId: wang.id, userId: wang.id };
    await expect(
      world.adapter.send(ref, { type: 'text', text: '券快过期了' }, { subscriptionTemplate: 'coupon_expiring' }),
    ).rejects.toBeInstanceOf(UnsupportedFeatureError);
    expect(world.alerts.filter((a) => a.kind === 'error')).toEqual([]);
  });
});

describe('WechatyAdapter configuration', () => {
  it('leaves image out when the puppet cannot send files, and rejects it', async () => {
    const world = new MockWorld({ images: false });
    expect(world.adapter.capabilities.outbound).not.toContain('image');
    const error = await world.adapter
      .send({ channel: 'wechaty', conversationId: 'a', userId: 'a' }, { type: 'image', url: 'https://x/y.jpg' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ adapter: 'wechaty', feature: 'image' });
    await world.close();
  });

  it('says which npm package to install when the puppet package is missing', async () => {
    // wechat4u and puppet-service come with wechaty itself; this name is certainly not installed.
    const puppet = 'wechaty-puppet-kefu-not-installed';
    const adapter = new WechatyAdapter({ puppet, puppetOptions: { token: 'secret-token-123' }, logger: createLogger({ level: 'silent' }) });
    const error = await adapter.start(async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`npm install ${puppet}`);
    expect((error as Error).message).not.toContain('secret-token-123');
    await adapter.stop();
  });

  it('sends nothing before start and stops idempotently', async () => {
    const world = new MockWorld();
    await expect(
      world.adapter.send({ channel: 'wechaty', conversationId: 'a', userId: 'a' }, { type: 'text', text: '你好' }),
    ).rejects.toThrow(/not running/);
    await world.close();
    await expect(world.close()).resolves.toBeUndefined();
    expect(world.adapter.status().state).toBe('offline');
  });
});
