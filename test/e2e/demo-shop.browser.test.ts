import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

jest.setTimeout(90_000);

describe('the demo shop page: one catalogue for the page and the bot (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows the catalogue’s names and prices, and 问问客服 asks the bot about that product, naming it', async () => {
    const { page } = browser;
    const sent: string[] = [];
    page.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(String(f.payload))));
    await page.goto(running.kefu.url);
    const tiles = page.locator('article.tile');
    await tiles.first().waitFor();
    expect(await tiles.count()).toBeGreaterThan(3);
    const commerce = running.kefu.core.commerce;
    for (let i = 0; i < (await tiles.count()); i++) {
      const tile = tiles.nth(i);
      const product = await commerce.getProduct((await tile.getAttribute('data-product-id'))!);
      expect(product).toBeDefined();
      expect(await tile.locator('.name').textContent()).toBe(product!.title);
      expect(await tile.locator('.price').textContent()).toBe(`¥${product!.price}`);
    }

    const tile = tiles.first();
    const id = (await tile.getAttribute('data-product-id'))!;
    const title = (await tile.locator('.name').textContent())!;
    await page.locator('.kefu-panel').waitFor({ state: 'visible' });
    await tile.locator('button.ask').click();
    await page.locator('.kefu-msg.kefu-me', { hasText: title }).waitFor();
    // The bot's answer (a text or a card) names the product the shopper asked from.
    await page.locator('.kefu-msg.kefu-bot, .kefu-card', { hasText: title }).first().waitFor({ timeout: 15_000 });
    const asked = sent.map((raw) => JSON.parse(raw) as { type: string; context?: { productId?: string } });
    expect(asked).toContainEqual(expect.objectContaining({ type: 'message', context: { productId: id } }));
    expect(browser.errors).toEqual([]);
  });
});
