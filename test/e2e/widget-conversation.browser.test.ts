import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

jest.setTimeout(90_000);

/** A shopper in the demo page's widget switches topic mid-question, then asks for a human on a door without one. */
describe('the web widget through a topic switch and a handoff without a human (headless Chromium)', () => {
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

  it("answers the digression, asks before going back to the pending question (the answer's buttons kept), and takes a message when no human is online", async () => {
    const { page } = browser;
    await page.goto(running.kefu.url);
    await page.locator('.kefu-panel').waitFor({ state: 'visible' });
    const input = page.locator('.kefu-input');
    const say = async (text: string): Promise<void> => {
      await input.fill(text);
      await input.press('Enter');
    };
    const bot = page.locator('.kefu-msg.kefu-bot');

    await say('165穿什么码');
    await bot.filter({ hasText: '体重大概多少斤' }).first().waitFor();

    // The demo shopper owns a shipped order: tracked at once. Tracking is unrelated to sizes, so the bot asks before
    // going back to the size question instead of announcing it.
    await say('我的快递到哪了');
    await page.locator('.kefu-card', { hasText: '顺丰' }).first().waitFor();
    await bot.filter({ hasText: '刚才的「尺码建议」还需要继续吗？' }).waitFor();
    expect(await page.locator('.kefu-log').textContent()).not.toContain('接着刚才的继续');
    // Below the last message: 继续 / 不用了, and the tracking answer's own buttons (修改地址 / 转人工) are still offered.
    const buttons = page.locator('.kefu-log > .kefu-quick:last-child .kefu-quick-btn');
    expect(await buttons.allTextContents()).toEqual(['继续', '不用了', '修改地址', '转人工']);

    await buttons.filter({ hasText: '继续' }).click();
    await bot.filter({ hasText: '体重大概多少斤' }).nth(1).waitFor();
    await say('55公斤');
    await bot.filter({ hasText: '建议选' }).first().waitFor();

    // No operator on the web door: the header says so once the bot takes the message.
    await say('转人工');
    await bot.filter({ hasText: '留言' }).first().waitFor();
    await say('周末能发货吗？急用，谢谢');
    await bot.filter({ hasText: '工单号' }).first().waitFor();
    const status = page.locator('[data-kefu-status]');
    expect(await status.getAttribute('data-kefu-status')).toBe('ticket');
    expect(await status.textContent()).toContain('已留言');
    // Still the bot's conversation: a new question gets an answer, not silence.
    await say('发票怎么开');
    await bot.filter({ hasText: '个人还是单位' }).first().waitFor();
    expect(browser.errors).toEqual([]);
  });
});
