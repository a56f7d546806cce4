import { launchBrowser, type TestBrowser } from '../../helpers/browser';
import { startChat, type ChatHarness } from './harness';

jest.setTimeout(60_000);

describe('web chat widget in headless Chromium (scripted bot)', () => {
  let chat: ChatHarness;
  let browser: TestBrowser;

  beforeAll(async () => {
    chat = await startChat();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await chat?.close();
  });

  it('opens the demo shop, chats, clicks a quick reply, sees a card, and keeps history on reload', async () => {
    const { page } = browser;
    await page.goto(`http://127.0.0.1:${chat.port}/`);
    await page.locator('.logo', { hasText: '小美优选' }).waitFor();
    // The demo page opens the panel; opening sends one 'visit' event, answered by the scripted bot.
    await page.locator('.kefu-panel').waitFor({ state: 'visible' });
    await page.locator('.kefu-msg.kefu-bot', { hasText: '新人首单立减' }).waitFor();
    expect(chat.received.filter((m) => m.kind === 'event').map((m) => m.event?.type)).toEqual(['visit']);

    await page.locator('.kefu-input').fill('你好');
    await page.locator('.kefu-input').press('Enter');
    await page.locator('.kefu-msg.kefu-me', { hasText: '你好' }).waitFor();
    await page.locator('.kefu-msg.kefu-bot', { hasText: '欢迎光临小美优选' }).waitFor();
    const quick = page.locator('.kefu-quick .kefu-quick-btn');
    await quick.first().waitFor();
    expect(await quick.allTextContents()).toEqual(['服饰', '美妆']);

    await quick.filter({ hasText: '服饰' }).click();
    await page.locator('.kefu-quick').waitFor({ state: 'detached' });
    const card = page.locator('.kefu-card.kefu-product');
    await card.waitFor();
    expect(await card.locator('.kefu-card-title').textContent()).toBe('加绒连帽卫衣');
    expect(await card.locator('.kefu-price').textContent()).toBe('¥129');
    expect(chat.received.at(-1)).toMatchObject({ kind: 'postback', postback: '服饰', text: '服饰' });
    await page.locator('.kefu-typing').waitFor({ state: 'hidden' });

    await page.reload();
    await page.locator('.kefu-card.kefu-product').waitFor();
    const bubbles = await page.locator('.kefu-log .kefu-msg').allTextContents();
    expect(bubbles).toEqual([
      '欢迎来到小美优选～新人首单立减 20 元哦 🎁',
      '你好',
      '亲，您好呀～欢迎光临小美优选 😊',
      '想先看看哪一类呢？',
      '服饰',
    ]);
    // Same tab session: no second visit event after reload.
    expect(chat.received.filter((m) => m.kind === 'event')).toHaveLength(1);
    expect(browser.errors).toEqual([]);
  });

  it('renders coupon, order and handoff messages as text, never as HTML', async () => {
    const { page } = browser;
    const input = page.locator('.kefu-input');
    for (const text of ['券', '订单', '人工']) {
      await input.fill(text);
      await input.press('Enter');
    }
    await page.locator('.kefu-card.kefu-coupon', { hasText: '新人专享券' }).waitFor();
    await page.locator('.kefu-card.kefu-order', { hasText: 'D20240301001' }).waitFor();
    await page.locator('.kefu-notice.kefu-handoff', { hasText: '人工客服' }).waitFor();
    await input.fill('<img src=x onerror="window.__pwned=1"><b>粗体</b>');
    await input.press('Enter');
    await page.locator('.kefu-msg.kefu-bot', { hasText: '收到：<img src=x' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('.kefu-log img, .kefu-log b').evaluateAll((els) => els.map((e) => e.outerHTML))).toEqual([]);
  });

  it('shows an offline banner when the server goes away and reconnects when it is back', async () => {
    const { page } = browser;
    const banner = page.locator('.kefu-offline');
    expect(await banner.isHidden()).toBe(true);
    await chat.adapter.stop(); // closes every socket (1001), as a restart would
    await banner.waitFor({ state: 'visible' });
    await chat.adapter.start(async (msg) => {
      chat.received.push(msg);
      await chat.adapter.send(msg.ref, { type: 'text', text: `重连后收到：${msg.text ?? ''}` });
    });
    await banner.waitFor({ state: 'hidden', timeout: 20_000 });
    await page.locator('.kefu-input').fill('我回来了');
    await page.locator('.kefu-input').press('Enter');
    await page.locator('.kefu-msg.kefu-bot', { hasText: '重连后收到：我回来了' }).waitFor();
  });
});
