import { ChannelRouter } from '../../src/bot/channel-router';
import { miniProgramPageOf, withShopMiniProgram } from '../../src/bot/product-mini-program';
import { DemoCommerce } from '../../src/commerce/demo-store';
import type { Product } from '../../src/commerce/gateway';
import type { MiniProgramSettings } from '../../src/config/mini-program-settings';
import type { ConversationRef, OutboundMessage, ProductCard } from '../../src/core/message';
import { createHarness, type KefuHarness } from '../helpers/kefu-harness';
import { TestChannel } from '../helpers/test-channel';

const SETTINGS: MiniProgramSettings = {
  appId: 'wx0a1b2c3d4e5f6a7b',
  pageTemplate: 'pages/goods/detail?id={id}',
  username: 'gh_1a2b3c4d5e6f@app',
};
const MINI_ENV = {
  miniProgramAppId: SETTINGS.appId,
  miniProgramPage: SETTINGS.pageTemplate,
  miniProgramUsername: 'gh_1a2b3c4d5e6f',
};

const card = (product: Partial<ProductCard> = {}): OutboundMessage => ({
  type: 'product_card',
  product: { id: 'P1001', title: '加绒连帽卫衣', price: 159, ...product },
});

describe("the shop's Mini Program page on product cards (filled in by the ChannelRouter)", () => {
  it('builds the page from the template, the product id URL-encoded', () => {
    expect(miniProgramPageOf(SETTINGS, 'P1001')).toEqual({
      appId: SETTINGS.appId,
      pagePath: 'pages/goods/detail?id=P1001',
      username: SETTINGS.username,
    });
    expect(miniProgramPageOf({ appId: SETTINGS.appId, pageTemplate: 'pages/p/{id}/index?from=kefu&sku={id}' }, 'A&B 1')).toEqual({
      appId: SETTINGS.appId,
      pagePath: 'pages/p/A%26B%201/index?from=kefu&sku=A%26B%201',
    });
  });

  it('fills product cards only, keeps a page the product brings, and changes nothing without settings', () => {
    const own = { appId: 'wx9999999999999999', pagePath: 'pages/special/index?id=P1001' };
    expect(withShopMiniProgram(card(), SETTINGS)).toEqual(card({ miniProgram: miniProgramPageOf(SETTINGS, 'P1001') }));
    expect(withShopMiniProgram(card({ miniProgram: own }), SETTINGS)).toEqual(card({ miniProgram: own }));
    expect(withShopMiniProgram(card(), undefined)).toEqual(card());
    const text: OutboundMessage = { type: 'text', text: '您好' };
    expect(withShopMiniProgram(text, SETTINGS)).toBe(text);
  });

  it('the router fills cards for channels that send mini-program cards only (web chat gets the card as the flow made it)', async () => {
    const ref: ConversationRef = { channel: 'wechat-like', conversationId: 'c1', userId: 'u1' };
    const wechat = new TestChannel('wechat-like', { miniProgramCards: true });
    const web = new TestChannel('web-like');
    const textOnly = new TestChannel('text-only', { outbound: ['text'], miniProgramCards: true });
    const router = new ChannelRouter([wechat, web, textOnly], { miniProgram: SETTINGS });
    const message = card();
    for (const channel of ['wechat-like', 'web-like', 'text-only']) await router.send({ ...ref, channel }, message);
    expect(wechat.sentTo(ref)).toEqual([card({ miniProgram: miniProgramPageOf(SETTINGS, 'P1001') })]);
    expect(web.sentTo({ ...ref, channel: 'web-like' })).toEqual([card()]);
    expect(textOnly.sentTo({ ...ref, channel: 'text-only' })).toEqual([{ type: 'text', text: '【加绒连帽卫衣】¥159' }]);
    expect(message).toEqual(card()); // the flow's message (what the conversation log records) is untouched
  });
});

describe('mini-program pages on product cards from the flows and the demo store (whole core)', () => {
  let kefu: KefuHarness | undefined;
  afterEach(async () => {
    await kefu?.close();
    kefu = undefined;
  });

  /**
   * The product cards the bot answers `text` with on a WeChat-like channel (one that sends mini-program cards) and on
   * the harness's plain test channel, a new shopper each time.
   */
  async function cardsAfter(text: string): Promise<{ wechat: ProductCard[]; plain: ProductCard[] }> {
    const wechat = new TestChannel('wechat-like', { miniProgramCards: true });
    kefu!.core.router.add(wechat);
    await wechat.start(async (message) => void (await kefu!.core.bot.handle(message)));
    const cards = async (channel: TestChannel): Promise<ProductCard[]> => {
      const userId = `u-${Math.random().toString(36).slice(2)}`;
      const ref: ConversationRef = { channel: channel.name, conversationId: `c-${userId}`, userId };
      await channel.handler!({ id: `m-${userId}`, ref, kind: 'text', text, receivedAt: Date.now() });
      return channel.sentTo(ref).flatMap((m) => (m.type === 'product_card' ? [m.product] : []));
    };
    return { wechat: await cards(wechat), plain: await cards(kefu!.channel) };
  }

  it('with KEFU_MINIPROGRAM_* set, a demo-store product card carries the AppID and the page of that product', async () => {
    kefu = await createHarness(MINI_ENV);
    const { wechat, plain } = await cardsAfter('加绒连帽卫衣 XL 有货吗');
    const [product] = wechat;
    expect(product).toBeDefined();
    expect(product!.id).toMatch(/^P\d+$/);
    expect(product!.miniProgram).toEqual({
      appId: SETTINGS.appId,
      pagePath: `pages/goods/detail?id=${product!.id}`,
      username: 'gh_1a2b3c4d5e6f@app',
    });
    expect(plain.map((p) => p.miniProgram)).toEqual([undefined]); // a channel without mini-program cards (web chat)
  });

  it('unset, product cards are unchanged', async () => {
    kefu = await createHarness();
    const { wechat, plain } = await cardsAfter('加绒连帽卫衣 XL 有货吗');
    expect(wechat).toHaveLength(1);
    expect(wechat[0]!.miniProgram).toBeUndefined();
    expect(plain).toEqual(wechat);
  });

  it('a product whose commerce backend gives its own Mini Program page keeps it', async () => {
    const own = { appId: 'wx9999999999999999', pagePath: 'pages/flagship/item?sku=P1001' };
    const withOwn = (p: Product): Product => (p.id === 'P1001' ? { ...p, miniProgram: own } : p);
    /** The demo store, but product P1001 comes with the backend's own page. */
    class FlagshipShop extends DemoCommerce {
      override async getProduct(id: string): Promise<Product | undefined> {
        const product = await super.getProduct(id);
        return product && withOwn(product);
      }
      override async searchProducts(query: string, limit?: number): Promise<Product[]> {
        return (await super.searchProducts(query, limit)).map(withOwn);
      }
    }
    kefu = await createHarness(MINI_ENV, { commerce: new FlagshipShop() });
    const { wechat } = await cardsAfter('加绒连帽卫衣 XL 有货吗');
    expect(wechat).toEqual([expect.objectContaining({ id: 'P1001', miniProgram: own })]);
  });
});
