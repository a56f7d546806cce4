import { parseClientFrame } from '../../../adapters/web';
import type { ProductCard } from '../../../src/index';
import { startChat, TestClient, type ChatHarness } from './harness';

const TILES: ProductCard[] = [
  { id: 'P1001', title: '加绒连帽卫衣', price: 159, subtitle: 'S/M/L… · 黑色/燕麦色' },
  { id: 'P2005', title: '丝绒哑光口红', price: 129 },
];

describe('web chat: the demo shop page and the product a shopper asks about', () => {
  let chat: ChatHarness;
  afterEach(async () => chat?.close());

  it('serves the page, its script and the catalogue it renders from', async () => {
    chat = await startChat({ catalogue: async () => TILES });
    const base = `http://127.0.0.1:${chat.port}`;
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain('<script src="/demo/shop.js"');
    expect(html).not.toContain('¥'); // no hard-coded prices: the tiles come from the catalogue
    const script = await fetch(`${base}/demo/shop.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('/demo/catalogue.json');
    const catalogue = await fetch(`${base}/demo/catalogue.json`);
    expect(catalogue.status).toBe(200);
    expect(await catalogue.json()).toEqual({ products: TILES });
  });

  it('answers 503 with a reason when the catalogue cannot be loaded, and an empty list without one', async () => {
    chat = await startChat({
      catalogue: async () => {
        throw new Error('merchant API down');
      },
    });
    const failed = await fetch(`http://127.0.0.1:${chat.port}/demo/catalogue.json`);
    expect(failed.status).toBe(503);
    expect((await failed.json()).error).toMatch(/try again/);
    await chat.close();
    chat = await startChat();
    expect(await (await fetch(`http://127.0.0.1:${chat.port}/demo/catalogue.json`)).json()).toEqual({ products: [] });
  });

  it('carries context.productId of a message or postback into the inbound message as `product`', async () => {
    chat = await startChat();
    const { client } = await TestClient.hello(chat.wsUrl);
    const from = client.frames.length;
    client.json({ type: 'message', id: 'm1', text: '这款还有货吗', context: { productId: 'P1001' } });
    client.json({ type: 'postback', id: 'p1', title: '问问这款', payload: 'ask', context: { productId: 'P2005' } });
    client.json({ type: 'message', id: 'm2', text: '没有商品' });
    await client.next((f) => f.type === 'reply', 3, from);
    expect(chat.received.map((m) => [m.text, m.product])).toEqual([
      ['这款还有货吗', { id: 'P1001' }],
      ['问问这款', { id: 'P2005' }],
      ['没有商品', undefined],
    ]);
  });

  it.each([
    ['a context that is not an object', { type: 'message', id: 'm1', text: 'x', context: 'P1001' }],
    ['a product id with spaces', { type: 'message', id: 'm1', text: 'x', context: { productId: 'P 1' } }],
    ['a product id that is not a string', { type: 'postback', id: 'p1', title: 'x', context: { productId: 7 } }],
  ])('rejects %s', (_name, frame) => {
    const parsed = parseClientFrame(JSON.stringify(frame));
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.reason).toMatch(/context/);
  });
});
