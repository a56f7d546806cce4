import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { douyinSignature } from '../../adapters/live';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(90_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'xiaomei-live-board-2025';
const SECRET = 'live-board-secret-0123456789abcdef';
const ENV = `KEFU_TEST_DOUYIN_SECRET_${randomUUID().slice(0, 8).toUpperCase()}`;

/** A marketing user watches the 直播看板 update live while comments are pushed into the room (headless Chromium). */
describe('the live board (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    process.env[ENV] = SECRET;
    running = await startTestKefu((dir) => {
      const file = path.join(dir, 'rooms.yaml');
      writeFileSync(
        file,
        [
          'rooms:',
          '  - id: dy',
          '    title: 小美优选抖音直播间',
          '    platform: douyin',
          `    flow: ${path.resolve(__dirname, '..', '..', 'flows', 'live', 'answers.yaml')}`,
          `    douyin: { secret_env: ${ENV} }`,
          '    products:',
          '      - { id: P1001, link: 1, title: 加绒连帽卫衣, aliases: [卫衣] }',
        ].join('\n'),
      );
      return { liveRooms: file };
    });
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('yunying', 'marketing', PASSWORD);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
    delete process.env[ENV];
  });

  let seq = 0;
  const push = async (items: unknown[]): Promise<void> => {
    const body = JSON.stringify(items);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomUUID();
    const res = await fetch(`${running.kefu.url}/live/douyin/dy`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': timestamp,
        'x-nonce-str': nonce,
        'x-seq': String(++seq),
        'x-signature': douyinSignature(SECRET, timestamp, nonce, body),
      },
      body,
    });
    expect(res.status).toBe(200);
  };

  it('shows question groups, counts and suggested answers, updating without a reload', async () => {
    const anonymous = await fetch(`${running.kefu.url}/console/api/live/rooms`);
    expect(anonymous.status).toBe(401);

    const page = browser.page;
    await page.goto(`${running.kefu.url}/console`);
    await page.locator('#login-name').fill('yunying');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    await page.getByRole('menuitem', { name: '直播看板' }).click();
    await page.getByRole('heading', { name: '直播看板' }).waitFor();
    await page.locator('#live-connection', { hasText: '实时' }).waitFor();
    await page.getByText('小美优选抖音直播间').waitFor();

    await push([
      { msg_id: 'a1', sec_openid: 'o1', nickname: '小王', content: '包邮吗' },
      { msg_id: 'a2', sec_openid: 'o2', nickname: '阿杰', content: '包邮吗？' },
      { msg_id: 'a3', sec_openid: 'o3', nickname: '莉莉', content: '主播好' },
      { msg_id: 'a4', sec_openid: 'o4', nickname: '大海', content: '1号链接还有货吗' },
      { msg_id: 'a5', sec_openid: 'o5', nickname: '糖糖', content: '拍了' },
    ]);
    const shipping = page.locator('.live-groups .ant-table-row', { hasText: '包邮' });
    await shipping.waitFor();
    expect(await shipping.locator('td').allTextContents()).toEqual([
      '包邮',
      '—',
      '2',
      '小王、阿杰',
      '包邮的哦～偏远地区除外',
      expect.stringMatching(/^(是|否)$/),
    ]);
    await page.locator('.live-groups .ant-table-row', { hasText: '1号链接 加绒连帽卫衣' }).waitFor();
    await page.locator('.live-shed', { hasText: '打招呼 1' }).waitFor();
    await page.locator('.live-buying', { hasText: '1' }).waitFor();
    await page.locator('.live-unlinked', { hasText: '1' }).waitFor();

    // more of the same question: the count goes up on the open page (server-sent events, no reload)
    await push([{ msg_id: 'a6', sec_openid: 'o6', nickname: '小美', content: '这个包邮不' }]);
    await shipping.locator('td').nth(2).filter({ hasText: /^3$/ }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-live-zh.png'), fullPage: true });

    await page.locator('#language-switch').click();
    await page.getByRole('heading', { name: 'Live board' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-live-en.png'), fullPage: true });
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/me$/.test(e))).toEqual([]);
  });
});
