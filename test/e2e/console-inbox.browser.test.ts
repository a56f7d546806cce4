import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { FakeWechatServer, receivedBy, type FakeApp } from '../helpers/fake-wechat-official';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { waitUntil } from '../helpers/wait-until';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'inbox-browser-2026';
const APP: FakeApp = {
  appId: 'wxinboxui0000000001',
  secret: 'inbox-ui-secret',
  token: 'inboxUiToken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

/** Sign in on the console page. */
async function signIn(page: Page, base: string, name: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.locator('#login-name').fill(name);
  await page.locator('#login-password').fill(PASSWORD);
  await page.locator('#login-submit').click();
  await page.locator('#current-user').waitFor();
}

/** A console API answer from inside the page (the page's own session cookie). */
const apiFrom = (page: Page, apiPath: string) =>
  page.evaluate(async (p) => {
    const res = await fetch(`/console/api/${p}`);
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  }, apiPath);

/** The conversation's queue entry in the given tab. */
const queueItem = (page: Page, text: string): Locator => page.locator('#inbox-queue .inbox-item', { hasText: text }).first();

/**
 * 人工工作台 in headless Chromium: handoffs from the web widget and the Official Account fake reach the inbox live; an
 * operator takes, replies (canned reply, product card), closes; a colleague meets the conflict; marketing cannot enter.
 */
describe('the agent inbox page (headless Chromium)', () => {
  let fake: FakeWechatServer;
  let running: TestKefu;
  let base: string;
  let browser: TestBrowser;
  let other: TestBrowser;

  beforeAll(async () => {
    fake = await FakeWechatServer.start({ apps: [APP] });
    running = await startTestKefu(() => ({
      quietHours: 'off',
      wechatOfficialAppId: APP.appId,
      wechatOfficialToken: APP.token,
      wechatOfficialAesKey: APP.encodingAesKey,
      wechatOfficialSecret: APP.secret,
      wechatApiBase: fake.baseUrl,
    }));
    fake.webhookBase = `${running.kefu.url}/wechat/official`;
    base = running.kefu.url;
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('xiaomei', 'operator', PASSWORD);
    await users.add('laowang', 'operator', PASSWORD);
    await users.add('market', 'marketing', PASSWORD);
    browser = await launchBrowser();
    other = await launchBrowser(); // a second person: its own cookies
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await other?.close();
    await browser?.close();
    await running?.close();
    await fake?.close();
  });

  it('a web-chat handoff appears live; the operator reads what the bot understood, takes it, sends a canned reply and a product card, closes', async () => {
    const page = browser.page;
    await signIn(page, base, 'xiaomei');
    await page.locator('#inbox-page').waitFor(); // the operators' default page
    expect(await page.locator('.ant-menu-item').first().textContent()).toBe('人工工作台');
    const presence = page.locator('#inbox-presence');
    await waitUntilChecked(presence, 'true');
    await presence.click(); // 离开
    await waitUntilChecked(presence, 'false');
    expect((await apiFrom(page, 'inbox-presence')).body).toEqual({ status: 'away' });
    await presence.click(); // 在线 again
    await waitUntilChecked(presence, 'true');
    expect((await apiFrom(page, 'inbox-presence')).body).toEqual({ status: 'online' });
    expect(await page.title()).toBe('客服控制台'); // nobody waiting: no badge

    const shop = await browser.context.newPage();
    await shop.goto(base);
    await shop.locator('.kefu-panel').waitFor({ state: 'visible' });
    const input = shop.locator('.kefu-input');
    await input.fill('这件卫衣有XL吗');
    await input.press('Enter');
    await shop.locator('.kefu-msg.kefu-bot', { hasText: 'XL' }).first().waitFor();
    await input.fill('转人工');
    await input.press('Enter');
    await shop.locator('.kefu-msg', { hasText: '转接人工客服' }).first().waitFor();

    // Live: no reload, the waiting conversation shows up with its channel, wait time counting up, and the tab badge.
    const item = queueItem(page, '网页聊天');
    await item.waitFor({ timeout: 15_000 });
    expect(await item.locator('.inbox-item-last').textContent()).toBe('转人工');
    expect(await item.locator('.inbox-item-shopper').textContent()).toContain('*');
    await waitForTitle(page, '(1) 人工工作台');
    expect(await page.locator('.inbox-tab-waiting').textContent()).toContain('1');
    const waitedBefore = await item.locator('.inbox-item-wait').textContent();
    await page.waitForTimeout(2100);
    expect(await item.locator('.inbox-item-wait').textContent()).not.toBe(waitedBefore);

    await item.click();
    const transcript = page.locator('#inbox-transcript');
    await transcript.locator('.inbox-line-shopper', { hasText: '转人工' }).waitFor();
    await transcript.locator('.inbox-line-event', { hasText: '顾客端事件' }).first().waitFor(); // the widget's visit
    // Under the answer to the size question: what the bot understood (the rules recogniser reads no intent, only the
    // flow the keywords led to; with the model an intent and its score come first).
    const understood = transcript.locator('.inbox-line-shopper:has-text("这件卫衣有XL吗") ~ .inbox-line-bot .inbox-understood').first();
    await understood.waitFor();
    expect(await understood.textContent()).toMatch(/^识别：(\S+ [01]\.\d\d · )?流程 [a-z_]+$/);
    expect(await transcript.locator('.inbox-understood', { hasText: 'none' }).count()).toBe(0);
    expect(await page.locator('#inbox-shopper-id').textContent()).toContain('*');
    expect(await page.locator('#inbox-shopper-channels').textContent()).toContain('网页聊天');
    await page.locator('#inbox-profile-tags .inbox-profile-tag', { hasText: '新客' }).waitFor(); // the profile tags that hold now

    await page.locator('#inbox-take').click();
    await page.locator('#inbox-owner', { hasText: 'xiaomei' }).waitFor();
    await waitForTitle(page, '客服控制台');
    await page.locator('.inbox-tab-mine').click();
    await queueItem(page, '网页聊天').waitFor();

    // A canned reply: add it, pick it, Enter sends.
    await page.locator('#inbox-canned-open').click();
    await page.locator('#inbox-canned-title').fill('问候');
    await page.locator('#inbox-canned-text').fill('您好，我是客服小美，很高兴为您服务～');
    await page.locator('#inbox-canned-save').click();
    await page.locator('.inbox-canned-pick', { hasText: '问候' }).click();
    expect(await page.locator('#inbox-reply').inputValue()).toBe('您好，我是客服小美，很高兴为您服务～');
    await page.locator('#inbox-reply').press('Enter');
    await shop.locator('.kefu-msg', { hasText: '我是客服小美' }).waitFor();
    await transcript.locator('.inbox-line-operator', { hasText: '我是客服小美' }).waitFor();
    expect(await page.locator('#inbox-reply').inputValue()).toBe('');

    // Shift+Enter is a new line, not a send.
    await page.locator('#inbox-reply').fill('第一行');
    await page.locator('#inbox-reply').press('Shift+Enter');
    expect(await page.locator('#inbox-reply').inputValue()).toBe('第一行\n');
    await page.locator('#inbox-reply').fill('');

    // A product card from the search.
    await page.locator('#inbox-product-open').click();
    await page.locator('#inbox-product-search').fill('卫衣');
    await page.locator('#inbox-product-search').press('Enter');
    const hit = page.locator('.inbox-product-hit').first();
    await hit.waitFor();
    const title = (await hit.locator('.ant-typography').first().textContent())!;
    const cards = shop.locator('.kefu-card.kefu-product', { hasText: title });
    const shownBefore = await cards.count(); // the bot may have shown it when answering the size question
    const inConsole = transcript.locator('.inbox-line-operator .inbox-card-product', { hasText: title });
    expect(await inConsole.count()).toBe(0);
    await hit.locator('.inbox-product-send').click();
    await cards.nth(shownBefore).waitFor();
    await inConsole.waitFor();
    await page.locator('#inbox-product-search').waitFor({ state: 'detached' }); // the picker closed once sent
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-inbox-zh.png'), fullPage: true });
    await shop.screenshot({ path: path.join(ARTIFACTS, 'console-inbox-widget.png') });

    // Close, with 邀请评价 on by default: the shopper gets the closing line and the rating question.
    await page.locator('#inbox-close').click();
    expect(await page.locator('#inbox-close-rate').isChecked()).toBe(true);
    await page.locator('#inbox-close-confirm').click();
    await page.locator('#inbox-conversation[data-status="closed"]').waitFor();
    await shop.locator('.kefu-msg', { hasText: '人工服务已结束' }).waitFor();
    await shop.locator('.kefu-msg', { hasText: '打个分' }).waitFor();
    expect(await page.locator('#inbox-reply').isDisabled()).toBe(true);
    await page.locator('.inbox-tab-closed').click();
    await queueItem(page, '网页聊天').waitFor();
    await shop.close();
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/me$/.test(e))).toEqual([]); // before signing in
  });

  it('an Official Account handoff appears and its reply reaches WeChat; a colleague with a stale view is told who took it', async () => {
    const page = browser.page;
    await page.locator('.inbox-tab-waiting').click();
    const colleague = other.page;
    await colleague.route('**/console/api/inbox/events', (route) => route.abort()); // no live updates: a stale view
    await signIn(colleague, base, 'laowang');
    await colleague.locator('#inbox-live-lost').waitFor();

    const openid = `o-inbox-ui-${randomUUID().slice(0, 8)}`;
    await fake.push(APP.appId, { FromUserName: openid, MsgType: 'text', Content: '转人工' }, { safe: true });
    const item = queueItem(page, '微信公众号');
    for (let i = 0; i < 100 && !(await item.isVisible()); i++) {
      await running.kefu.core.recorder.flush(); // the turn's record is buffered; the event follows it
      await page.waitForTimeout(150);
    }
    await item.waitFor();
    await colleague.reload(); // the colleague loads the list once, then sees nothing live
    const stale = queueItem(colleague, '微信公众号');
    await stale.click();
    await colleague.locator('#inbox-take').waitFor();

    await item.click();
    await page.locator('#inbox-take').click();
    await page.locator('#inbox-owner', { hasText: 'xiaomei' }).waitFor();
    await colleague.locator('#inbox-take').click();
    await colleague.locator('.inbox-error', { hasText: '这个会话已被 xiaomei 接入。' }).waitFor();
    await colleague.locator('#inbox-owner', { hasText: 'xiaomei' }).waitFor(); // refetched after the conflict
    expect(await colleague.locator('#inbox-reply').isDisabled()).toBe(true);
    await colleague.screenshot({ path: path.join(ARTIFACTS, 'console-inbox-conflict.png'), fullPage: true });

    await page.locator('#inbox-reply').fill('亲，我是人工客服小美，请问哪里需要帮忙？');
    await page.locator('#inbox-reply').press('Enter');
    await waitUntil(
      () => receivedBy(fake, openid).some((m) => m.type === 'text' && m.text.includes('我是人工客服小美')),
      () => receivedBy(fake, openid),
      10_000,
    );
    await page.locator('#inbox-transcript .inbox-line-operator', { hasText: '我是人工客服小美' }).waitFor();

    await page.locator('#language-switch').click();
    await page.getByRole('heading', { name: 'Agent inbox' }).waitFor();
    expect(await page.locator('.inbox-tab-mine').textContent()).toContain('Mine');
    expect(await page.locator('#inbox-send').textContent()).toBe('Send');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-inbox-en.png'), fullPage: true });
    await page.locator('#language-switch').click();
    await page.getByRole('heading', { name: '人工工作台' }).waitFor();
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/me$/.test(e))).toEqual([]); // before signing in
  });

  it('marketing has no 人工工作台 menu item and gets 403 from the inbox API', async () => {
    const page = other.page;
    await page.unroute('**/console/api/inbox/events');
    await page.locator('#logout').click();
    await page.locator('#login-name').waitFor();
    await signIn(page, base, 'market');
    await page.locator('.ant-menu').waitFor();
    expect(await page.locator('.ant-menu').textContent()).not.toContain('人工工作台');
    expect((await apiFrom(page, 'inbox')).status).toBe(403);
    expect((await apiFrom(page, 'inbox-presence')).status).toBe(403);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-inbox-marketing.png'), fullPage: true });
  });
});

/** Wait until an antd switch shows the wanted state. */
async function waitUntilChecked(toggle: Locator, want: 'true' | 'false'): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await toggle.getAttribute('aria-checked')) === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the switch stayed aria-checked=${await toggle.getAttribute('aria-checked')}, wanted ${want}`);
}

/** Wait until the browser tab's title is `want`. */
async function waitForTitle(page: Page, want: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await page.title()) === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await page.title()).toBe(want);
}
