import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'market-console-2025';
const KEYWORD = '感恩有你';

/** Marketing edits a flow in 工作室: an error marked at its line, fixed, simulated, published, rolled back. */
describe('the flow studio (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;
  let flowsDir: string;
  /** What the live bot answers a shopper's second message (the first one gets the welcome coupon). */
  const live = async (text: string): Promise<string> => {
    const id = Math.random().toString(36).slice(2);
    const ref = { channel: 'cli', conversationId: `c-${id}`, userId: `u-${id}` };
    await running.kefu.core.bot.handle({ id: `m1-${id}`, kind: 'text', text: '你好', ref, receivedAt: Date.now() });
    return JSON.stringify(await running.kefu.core.bot.handle({ id: `m2-${id}`, kind: 'text', text, ref, receivedAt: Date.now() }));
  };

  beforeAll(async () => {
    flowsDir = mkdtempSync(path.join(tmpdir(), 'kefu-studio-ui-'));
    cpSync(path.resolve(__dirname, '../../flows'), flowsDir, { recursive: true });
    running = await startTestKefu(() => ({ flowsDir }));
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('xiaoyun', 'marketing', PASSWORD);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  it('marketing signs in, marks an error at its line, fixes it, simulates, publishes and rolls back', async () => {
    const page = browser.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.goto(`${running.kefu.url}/console`);
    await page.locator('#login-name').fill('xiaoyun');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('.ant-menu-item', { hasText: '工作室' }).click();
    await page.locator('#studio-page').waitFor();
    for (const stage of ['售前', '下单', '售后', '营销', '服务']) await page.locator('.studio-stage', { hasText: stage }).waitFor();
    await page.locator('#studio-working', { hasText: '已发布 #1' }).waitFor();

    await page.locator('#studio-new-draft').click();
    await page.locator('#studio-working', { hasText: '草稿 #2' }).waitFor();
    await page.locator('.studio-flow-item[data-file="thanks.yaml"]').click();
    await page.locator('#studio-graph svg').waitFor();
    expect(await page.locator('#studio-graph').textContent()).toContain('不客气');

    const original = readFileSync(path.join(flowsDir, 'thanks.yaml'), 'utf8');
    const setText = async (text: string) => {
      await page.locator('#studio-editor .cm-content').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(text);
    };
    await setText(original.replace('  - id: bye\n', '  - id: bye\n    next: nowhere\n'));
    const line = original.split('\n').findIndex((l) => l === '  - id: bye') + 2;
    const problem = page.locator('.studio-problem', { hasText: 'nowhere' });
    await problem.waitFor();
    expect(await problem.textContent()).toContain(`thanks.yaml 第 ${line} 行`);
    await page.locator('.cm-line', { hasText: 'next: nowhere' }).locator('.cm-lintRange-error').waitFor(); // marked in the text
    await page.locator('.cm-gutter-lint .cm-lint-marker-error').first().waitFor(); // and in the gutter
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-studio-error-zh.png'), fullPage: true });

    // completion offers step kinds and action names
    await page.locator('.cm-line', { hasText: 'next: nowhere' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('  - act');
    await page.keyboard.press('Control+Space');
    await page.locator('.cm-tooltip-autocomplete', { hasText: 'action' }).waitFor();
    await page.keyboard.press('Escape');

    await setText(original.replace('thx, thanks, 3q]', `thx, thanks, 3q, ${KEYWORD}]`));
    await page.locator('#studio-check-state', { hasText: '没有发现错误' }).waitFor();
    await page.locator('#studio-save').click();
    await page.locator('#studio-notice', { hasText: '已保存' }).waitFor();

    await page.getByRole('tab', { name: '模拟对话' }).click();
    await page.getByText('老客', { exact: true }).click(); // a new shopper's first message gets the welcome coupon first
    await page.locator('#sim-input').fill('你好');
    await page.locator('#sim-input').press('Enter');
    await page.locator('.sim-bot', { hasText: '老客回购券' }).first().waitFor();
    await page.locator('#sim-input').fill(KEYWORD);
    await page.locator('#sim-input').press('Enter');
    await page.locator('.sim-bot', { hasText: '不客气' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-studio-simulator-zh.png'), fullPage: true });
    expect(await live(KEYWORD)).not.toContain('不客气'); // the live bot still serves version 1

    await page.getByRole('tab', { name: '版本' }).click();
    await page.locator('.publish-btn').click();
    await page.locator('#publish-note').fill('双十一：感谢语多一个关键词');
    await page.locator('#publish-confirm').click();
    await page.locator('#studio-notice', { hasText: '版本 #2 已发布' }).waitFor({ timeout: 60_000 });
    expect(await live(KEYWORD)).toContain('不客气');

    await page.getByRole('tab', { name: '版本' }).click();
    await page.locator('.ant-table-row', { hasText: '#1' }).locator('.rollback-btn').click();
    await page.locator('#publish-note').fill('活动结束');
    await page.locator('#publish-confirm').click();
    await page.locator('#studio-notice', { hasText: '已回滚' }).waitFor();
    await page.getByRole('tab', { name: '版本' }).click();
    await page.locator('.ant-table-row', { hasText: '#3' }).filter({ hasText: '回滚' }).filter({ hasText: '已发布' }).waitFor();
    expect(await live(KEYWORD)).not.toContain('不客气');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-studio-versions-zh.png'), fullPage: true });
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/me$/.test(e))).toEqual([]);
  });
});
