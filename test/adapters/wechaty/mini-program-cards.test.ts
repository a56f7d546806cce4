import type { OutboundMessage, ProductCard } from '../../../src/index';
import { MockWorld } from './mock-world';

const SHOP_MINI = { appId: 'wx0a1b2c3d4e5f6a7b', pagePath: 'pages/goods/detail?id=P1001', username: 'gh_1a2b3c4d5e6f@app' };
const IMAGE = 'https://img.example.com/p1001.jpg';
const URL = 'https://shop.example.com/p/P1001';

function card(product: Partial<ProductCard> = {}): OutboundMessage {
  return {
    type: 'product_card',
    product: { id: 'P1001', title: '加绒连帽卫衣', price: 159, subtitle: '库存充足', imageUrl: IMAGE, miniProgram: SHOP_MINI, ...product },
  };
}

describe('WechatyAdapter mini-program product cards (wechaty-puppet-mock)', () => {
  let world: MockWorld;
  beforeEach(async () => {
    world = new MockWorld();
    await world.adapter.start(async () => undefined);
    await world.login();
  });
  afterEach(() => world.close());

  function shopper(name: string) {
    const contact = world.contact(name);
    return { contact, ref: { channel: 'wechaty', conversationId: contact.id, userId: contact.id } };
  }

  const seen = (who: { id: string }) => world.seenBy(who).map(({ at: _at, ...rest }) => rest);

  it('sends a product card with a Mini Program page as a wechaty MiniProgram (appid, username, pagePath, cover)', async () => {
    const { contact, ref } = shopper('小王');
    await world.adapter.send(ref, card({ url: URL }));
    expect(seen(contact)).toEqual([
      {
        kind: 'mini',
        mini: {
          appid: SHOP_MINI.appId,
          username: SHOP_MINI.username,
          title: '加绒连帽卫衣',
          pagePath: SHOP_MINI.pagePath,
          description: '¥159 库存充足',
          thumbUrl: IMAGE,
        },
      },
    ]);
  });

  it('in a group chat the card goes to the room', async () => {
    const { contact } = shopper('小李');
    const room = world.room('小美优选粉丝群', [contact]);
    await world.adapter.send(
      { channel: 'wechaty', conversationId: `room:${room.id}`, userId: contact.id, extra: { roomId: room.id } },
      card(),
    );
    expect(seen(room).map((s) => s.kind)).toEqual(['mini']);
  });

  it('without the original id (username) or a picture, the card goes out as before: link card, or text', async () => {
    const { contact, ref } = shopper('小张');
    const { username: _none, ...withoutUsername } = SHOP_MINI;
    await world.adapter.send(ref, card({ miniProgram: withoutUsername, url: URL }));
    await world.adapter.send(ref, card({ imageUrl: undefined }));
    expect(seen(contact)).toEqual([
      { kind: 'link', link: { title: '加绒连帽卫衣', url: URL, description: '¥159 库存充足', thumbnailUrl: IMAGE } },
      { kind: 'text', text: '【加绒连帽卫衣】¥159 库存充足' },
    ]);
    expect(world.puppet.miniPrograms).toEqual([]);
  });

  it('a puppet that cannot send mini programs (wechat4u) gets the link card instead, or the text without a link', async () => {
    world.puppet.miniProgramsUnsupported = true;
    const { contact, ref } = shopper('小赵');
    await world.adapter.send(ref, card({ url: URL }));
    await world.adapter.send(ref, card());
    expect(seen(contact)).toEqual([
      { kind: 'link', link: { title: '加绒连帽卫衣', url: URL, description: '¥159 库存充足', thumbnailUrl: IMAGE } },
      { kind: 'text', text: '【加绒连帽卫衣】¥159 库存充足' },
    ]);
    expect(world.alerts.filter((a) => a.kind === 'error')).toEqual([]);
  });
});
