import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { type RunningKefu } from '../../src/main';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

jest.setTimeout(90_000);

describe('the demo shop page with the real bot (headless Chromium)', () => {
  let kefu: RunningKefu;
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu();
    kefu = running.kefu;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('greets a new visitor with a coupon, answers a stock question, and follows a quick reply', async () => {
    const { page } = browser;
    await page.goto(kefu.url);
    await page.locator('.kefu-panel').waitFor({ state: 'visible' });
    // The visit event starts the new-customer journey: welcome, coupon card, category buttons.
    await page.locator('.kefu-card.kefu-coupon').waitFor();
    const quick = page.locator('.kefu-quick .kefu-quick-btn');
    await quick.first().waitFor();
    expect(await quick.allTextContents()).toEqual(expect.arrayContaining(['服饰', '美妆']));

    await quick.filter({ hasText: '服饰' }).click();
    await page.locator('.kefu-msg.kefu-me', { hasText: '服饰' }).waitFor();
    await page.locator('.kefu-card.kefu-product').first().waitFor();

    const input = page.locator('.kefu-input');
    await input.fill('这件卫衣有XL吗');
    await input.press('Enter');
    await page.locator('.kefu-msg.kefu-bot', { hasText: 'XL' }).first().waitFor();

    // No operator works on the web door yet: the bot says so and takes a message instead of going silent.
    await input.fill('转人工');
    await input.press('Enter');
    await page.locator('.kefu-log', { hasText: '留言' }).waitFor();
    expect(browser.errors).toEqual([]);
  });
});
