import { launchBrowser, type TestBrowser } from '../../helpers/browser';
import { startChat, type ChatHarness } from './harness';

jest.setTimeout(60_000);

describe('web chat widget over a per-address limit (headless Chromium)', () => {
  let chat: ChatHarness;
  let browser: TestBrowser;

  beforeAll(async () => {
    // the demo page's visit event and one message fit the address's budget; the next message does not
    chat = await startChat({ ipLimit: { messages: 2, perMs: 60_000, connections: 5 } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  it("shows the server's Chinese sentence for the limit the shopper hit", async () => {
    const { page } = browser;
    await page.goto(`http://127.0.0.1:${chat.port}/`);
    await page.locator('.kefu-msg.kefu-bot', { hasText: '新人首单立减' }).waitFor();
    const input = page.locator('.kefu-input');
    await input.fill('你好');
    await input.press('Enter');
    await page.locator('.kefu-msg.kefu-bot', { hasText: '欢迎光临小美优选' }).waitFor();
    await input.fill('在吗');
    await input.press('Enter');
    await page.locator('.kefu-notice.kefu-error', { hasText: '当前网络下发来的消息有点多，请稍等一会儿再发哦～' }).waitFor();
    expect(chat.received.map((m) => m.text ?? m.event?.type)).toEqual(['visit', '你好']);
    expect(browser.errors).toEqual([]);
  });
});
