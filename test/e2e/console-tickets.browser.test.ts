import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(90_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'xiaomei-console-2025';

/** A shopper leaves a message on web chat with nobody online; an operator finds it in the console. */
describe('the operators console (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu();
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('xiaomei', 'operator', PASSWORD);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('an operator signs in, sees the ticket a web-chat handoff left, switches to English and signs out', async () => {
    const shop = browser.page;
    await shop.goto(running.kefu.url);
    await shop.locator('.kefu-panel').waitFor({ state: 'visible' });
    const input = shop.locator('.kefu-input');
    const say = async (text: string): Promise<void> => {
      await input.fill(text);
      await input.press('Enter');
    };
    const bot = shop.locator('.kefu-msg.kefu-bot');
    await say('转人工');
    await bot.filter({ hasText: '留言' }).first().waitFor();
    await say('麻烦把收货地址改到上海市浦东新区');
    await bot.filter({ hasText: '工单号' }).first().waitFor();

    const page = await browser.context.newPage();
    await page.goto(`${running.kefu.url}/console`);
    await page.getByText('登录客服控制台').waitFor();
    await page.locator('#login-name').fill('xiaomei');
    await page.locator('#login-password').fill('wrong-password-1');
    await page.locator('#login-submit').click();
    await page.getByText('用户名或密码错误').waitFor();
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('#inbox-page').waitFor(); // an operator starts in 人工工作台
    await page.locator('.ant-menu-item', { hasText: '工单' }).click();

    const row = page.locator('.ant-table-row', { hasText: '麻烦把收货地址改到上海市浦东新区' });
    await row.waitFor();
    await page.getByRole('heading', { name: '留言工单' }).waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toMatch(/^GD\d{8}-\d{4}$/);
    expect(cells[2]).toBe('网页聊天');
    expect(cells[3]).toContain('*');
    expect(cells[6]).toBe('待处理');
    expect(await page.locator('.ant-menu').textContent()).toBe('人工工作台工单数据渠道直播看板'); // no 账号 or 工作室 for operators
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-tickets-zh.png'), fullPage: true });

    await page.locator('#language-switch').click();
    await page.getByRole('heading', { name: 'Messages for staff' }).waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe('Web chat');
    expect(await row.locator('td').nth(6).textContent()).toBe('Open');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-tickets-en.png'), fullPage: true });

    await page.locator('#logout').click();
    await page.getByText('Sign in to the kefu console').waitFor();
    await page.reload();
    await page.getByText('Sign in to the kefu console').waitFor(); // the session is gone; English is remembered
    // The only failed requests are the expected ones: "who am I" before signing in and the wrong password.
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/(me|login)$/.test(e))).toEqual([]);
  });
});
