import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

jest.setTimeout(120_000);

/**
 * The demo shop as a shopper tries it: asks from a product tile and follows up, taps a product button under a
 * recommendation, lists the demo orders and returns the delivered one (real bot, real web socket, headless Chromium).
 */
describe('the demo shop page: a conversation that follows the shopper (headless Chromium)', () => {
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

  it('keeps the tile’s product in focus, opens a product from its button, lists the orders and returns the delivered one', async () => {
    const { page } = browser;
    await page.goto(running.kefu.url);
    await page.locator('.kefu-panel').waitFor({ state: 'visible' });
    const input = page.locator('.kefu-input');
    const send = async (text: string) => {
      await input.fill(text);
      await input.press('Enter');
      await page.locator('.kefu-msg.kefu-me', { hasText: text }).last().waitFor();
    };
    const botSays = (text: string) => page.locator('.kefu-msg.kefu-bot', { hasText: text }).last().waitFor({ timeout: 15_000 });

    // 问问客服 on the hoodie's tile, then a follow-up that names no product: it is about the hoodie.
    const hoodie = (await running.kefu.core.commerce.getProduct('P1001'))!;
    await page.locator('article.tile[data-product-id="P1001"] button.ask').click();
    await botSays(hoodie.title);
    await send('那有黑色吗');
    await botSays(`${hoodie.title} 黑色`);

    // Several products: one button each; a tap answers about that product.
    const cardsBefore = await page.locator('.kefu-card.kefu-product').count();
    await send('推荐几款数码');
    await page
      .locator('.kefu-card.kefu-product')
      .nth(cardsBefore + 1)
      .waitFor();
    const shown = await page.locator('.kefu-card.kefu-product .kefu-card-title').allTextContents();
    const recommended = shown.slice(cardsBefore);
    const button = page.locator('.kefu-quick .kefu-quick-btn', { hasText: recommended[1]! });
    await button.click();
    await botSays(`${recommended[1]}｜`);

    // 我的订单: the demo shopper's orders as cards; 我要退货: the delivered order within 7 days gets a return request.
    await send('我的订单');
    await botSays('您最近的 3 笔订单');
    expect(await page.locator('.kefu-card.kefu-order').count()).toBeGreaterThanOrEqual(3);
    await send('我要退货');
    await page.locator('.kefu-quick .kefu-quick-btn', { hasText: '不喜欢' }).click();
    await botSays('退货申请已提交');
    const answer = (await page.locator('.kefu-msg.kefu-bot', { hasText: '退货申请已提交' }).last().textContent())!;
    expect(answer).toMatch(/主动降噪蓝牙耳机.*申请编号 TH\d{8}-\d{4}/);
    await page.screenshot({ path: 'test/artifacts/demo-shop-journey.png', fullPage: true });
    expect(browser.errors).toEqual([]);
  });
});
