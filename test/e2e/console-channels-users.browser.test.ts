import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const ADMIN_PASSWORD = 'boss-console-2025';
const OPERATOR_PASSWORD = 'xiaoli-console-2025';

/** An admin checks the channels and queues, opens Bull Board and adds an operator, who then sees less. */
describe('the console 渠道 and 账号 pages (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;
  /** The operator's own browser (its own cookies). */
  let second: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu();
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('boss', 'admin', ADMIN_PASSWORD);
    await running.kefu.core.outreach.queues.due.add('probe', { n: 1 }, { delay: 3_600_000, jobId: 'browser-probe' });
    browser = await launchBrowser();
    second = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await second?.close();
    await running?.close();
  });

  const signIn = async (name: string, password: string, using = browser) => {
    const page = using.page;
    await page.goto(`${running.kefu.url}/console`);
    await page.locator('#login-name').fill(name);
    await page.locator('#login-password').fill(password);
    await page.locator('#login-submit').click();
    await page.locator('#current-user').waitFor();
    return page;
  };

  it('admin: channels, queue counts, Bull Board, a new operator; the operator sees neither 账号 nor Bull Board', async () => {
    const admin = await signIn('boss', ADMIN_PASSWORD);
    expect(await admin.locator('.ant-menu').textContent()).toContain('账号');
    await admin.locator('.ant-menu-item', { hasText: '渠道' }).click();
    await admin.getByRole('heading', { name: '渠道与队列' }).waitFor();
    const web = admin.locator('.channel-card[data-channel="web"]');
    await web.waitFor();
    expect(await web.locator('.ant-card-head').textContent()).toContain('网页聊天');
    expect(await web.locator('.ant-tag').first().textContent()).toBe('在线');
    const outreach = admin.locator('#queue-counts .ant-table-row', { hasText: '主动触达' });
    await outreach.waitFor();
    expect(await outreach.locator('td').allTextContents()).toEqual(['主动触达（到期任务）', '0', '0', '1', '0', '0']);
    await admin.screenshot({ path: path.join(ARTIFACTS, 'console-channels-zh.png'), fullPage: true });

    const [board] = await Promise.all([browser.context.waitForEvent('page'), admin.locator('#open-board').click()]);
    await board.waitForURL(/\/console\/queues/);
    await board.getByText('outreach').first().waitFor();
    await board.screenshot({ path: path.join(ARTIFACTS, 'console-bull-board.png') });
    await board.close();

    await admin.locator('.ant-menu-item', { hasText: '账号' }).click();
    await admin.getByRole('heading', { name: '账号管理' }).waitFor();
    await admin.locator('#add-user').click();
    await admin.locator('#new-user-name').fill('xiaoli');
    await admin.locator('#new-user-password').fill('short');
    await admin.locator('#add-user-ok').click();
    await admin.getByText('密码至少 10 个字符').waitFor();
    await admin.locator('#new-user-password').fill(OPERATOR_PASSWORD);
    await admin.locator('#add-user-ok').click();
    const row = admin.locator('#users .ant-table-row', { hasText: 'xiaoli' });
    await row.waitFor();
    expect(await row.locator('td').nth(4).textContent()).toBe('正常');
    expect(await row.locator('td').nth(3).textContent()).toBe('从未登录');
    await admin.screenshot({ path: path.join(ARTIFACTS, 'console-users-zh.png'), fullPage: true });

    const operator = await signIn('xiaoli', OPERATOR_PASSWORD, second);
    expect(await operator.locator('.ant-menu').textContent()).not.toContain('账号');
    await operator.locator('.ant-menu-item', { hasText: '渠道' }).click();
    await operator.locator('#queue-counts .ant-table-row', { hasText: '主动触达' }).waitFor();
    expect(await operator.locator('#open-board').count()).toBe(0);
    const refused = await operator.goto(`${running.kefu.url}/console/queues`);
    expect(refused?.status()).toBe(403);
    await operator.screenshot({ path: path.join(ARTIFACTS, 'console-operator-no-board.png') });

    await admin.reload();
    await admin.locator('.ant-menu-item', { hasText: '账号' }).click();
    const seen = admin.locator('#users .ant-table-row', { hasText: 'xiaoli' });
    await seen.waitFor();
    expect(await seen.locator('td').nth(3).textContent()).not.toBe('从未登录');
    // Expected: "who am I" before signing in, the operator's refused Bull Board, and Bull Board's web font (no internet).
    const expected = [/^401 .*\/console\/api\/me$/, /^403 .*\/console\/queues$/, /fonts\.googleapis/];
    const unexpected = [...browser.errors, ...second.errors].filter((e) => !expected.some((re) => re.test(e)));
    expect(unexpected).toEqual([]);
  });
});
