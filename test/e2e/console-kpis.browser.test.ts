import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { pollUntil } from '../helpers/wait-until';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'yunying-console-2025';
const TOKEN = 'console-kpis-admin-token-0123456789';
/** A cart nudge one second after the cart event (the shipped cart_abandoned waits 30 minutes). */
const NUDGE_FLOW = `flow: test_quick_nudge
title: 测试提醒
triggers:
  - keywords: [测试提醒流程]
steps:
  - say: 好的
proactive:
  - id: quick_cart_nudge
    on: cart_add
    delay: 1s
    subject: payload.cartId
    kind: marketing
    send:
      text: "亲，购物车里的{{ event.payload.title }}还在等您哦～"
`;

/** The value shown on a KPI card. */
const card = (page: Page, key: string) => page.locator(`#kpi-card-${key} .ant-statistic-content-value`).textContent();

/**
 * What a chart drew in its SVG: `bars` = rectangles of non-zero size (bar series, not the legend), `lines` = the
 * number of points of each series line.
 */
const marks = (page: Page, id: string) =>
  page.locator(`#kpi-chart-${id} svg`).evaluate((svg) => {
    const shapes = Array.from(svg.querySelectorAll('path')).filter((p) => !p.hasAttribute('transform'));
    const bars = shapes.filter((p) => {
      const size = /^M\S+ \S+l(\S+) 0l0 (\S+)l\S+ 0Z$/.exec(p.getAttribute('d') ?? '');
      return size !== null && Number(size[1]) !== 0 && Number(size[2]) !== 0 && p.getAttribute('fill') !== 'none';
    });
    const lines = shapes.filter((p) => p.getAttribute('fill') === 'none' && p.getAttribute('stroke-width') === '2');
    return { bars: bars.length, lines: lines.map((p) => (p.getAttribute('d') ?? '').split('L').length) };
  });

/** Wait until every chart on the page has finished animating (its SVG stays the same for 300 ms). */
const chartsSettled = (page: Page) =>
  pollUntil(
    async () => {
      const html = () => page.locator('.kpi-chart').evaluateAll((charts) => charts.map((c) => c.innerHTML).join(''));
      const before = await html();
      await new Promise((resolve) => setTimeout(resolve, 300));
      return before === (await html());
    },
    (same) => same,
    10_000,
    'the charts to stop animating',
  );

/** A marketing user watches the 数据 page move while shoppers chat on web chat and outreach goes out. */
describe('the console 数据 page (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu((dir) => {
      cpSync(path.resolve(__dirname, '../../flows'), path.join(dir, 'flows'), { recursive: true });
      writeFileSync(path.join(dir, 'flows', 'test-quick-nudge.yaml'), NUDGE_FLOW);
      return { flowsDir: path.join(dir, 'flows'), adminToken: TOKEN, quietHours: 'off' };
    });
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('yunying', 'marketing', PASSWORD);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows an empty state, then the figures and charts that scripted conversations produce, in Chinese and English', async () => {
    const { url, core } = running.kefu;
    const page = await browser.context.newPage();
    await page.goto(`${url}/console`);
    await page.locator('#login-name').fill('yunying');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    // marketing lands on 数据; nobody has chatted yet: a friendly empty state, no empty axes
    await page.getByRole('heading', { name: '服务数据' }).waitFor();
    await page.locator('#kpi-empty', { hasText: '所选时间内还没有咨询数据' }).waitFor();
    await page.locator('#kpi-outreach-empty', { hasText: '所选时间内没有主动触达' }).waitFor();
    expect(await card(page, 'sessions')).toBe('0');
    expect(await card(page, 'escalation')).toBe('—');
    expect(await page.locator('.kpi-chart').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-kpis-empty-zh.png'), fullPage: true });

    // Shopper A asks a question the bot answers, then gets a cart nudge one second after adding to the cart.
    const shop = browser.page;
    const say = async (text: string): Promise<void> => {
      await shop.locator('.kefu-input').fill(text);
      await shop.locator('.kefu-input').press('Enter');
    };
    const bot = shop.locator('.kefu-msg.kefu-bot');
    await shop.goto(url);
    await shop.locator('.kefu-panel').waitFor({ state: 'visible' });
    await say('这件卫衣有XL吗');
    await bot.filter({ hasText: 'XL' }).first().waitFor();
    const webIdOf = () =>
      shop.evaluate(() => {
        const key = Object.keys(localStorage).find((k) => k.startsWith('kefu:'));
        return (JSON.parse(localStorage.getItem(key ?? '') ?? '{}') as { userId?: string }).userId ?? '';
      });
    const shopperA = await core.users.resolve('web', await webIdOf());
    const cartAdd = (userId: string, title: string) =>
      fetch(`${url}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify([
          { id: `e-${randomUUID()}`, type: 'cart_add', userId, at: Date.now(), payload: { cartId: randomUUID(), title } },
        ]),
      });
    expect((await cartAdd(shopperA.id, '加绒连帽卫衣')).status).toBe(202);
    await bot.filter({ hasText: '购物车里的加绒连帽卫衣' }).first().waitFor({ timeout: 20_000 });

    // Shopper B (a new browser identity) opts out of messages, then asks for a human: nobody is online, a ticket.
    await shop.evaluate(() => localStorage.clear());
    await shop.reload();
    await shop.locator('.kefu-panel').waitFor({ state: 'visible' });
    await say('退订');
    await bot.filter({ hasText: '已为您退订' }).first().waitFor();
    await say('转人工');
    await bot.filter({ hasText: '留言' }).first().waitFor();
    await say('麻烦把收货地址改到上海市浦东新区');
    await bot.filter({ hasText: '工单号' }).first().waitFor();
    const shopperB = await core.users.resolve('web', await webIdOf());
    expect(shopperB.id).not.toBe(shopperA.id);
    expect((await cartAdd(shopperB.id, '蓝牙降噪耳机')).status).toBe(202);

    // What the page must show: the report of the same period, read through the console API in the signed-in page.
    const api = () =>
      page.evaluate(async () => (await fetch('/console/api/kpis/service?days=7')).json()) as Promise<{
        totals: { sessions: number; escalated: number; rates: Record<string, number | null> };
        outreach: {
          trigger: string;
          pending: number;
          failed: number;
          sent: number;
          converted: number;
          suppressed: number;
          suppressedBy: Record<string, number>;
        }[];
      }>;
    const report = await pollUntil(
      api,
      (r) => r.totals.sessions === 2 && r.outreach.some((o) => o.trigger === 'quick_cart_nudge' && o.sent === 1 && o.suppressed === 1),
      20_000,
      'two sessions and the quick nudge sent once and suppressed once',
    );
    expect(report.totals.escalated).toBe(1);
    expect(report.outreach.find((o) => o.trigger === 'quick_cart_nudge')!.suppressedBy).toEqual({ opted_out: 1 });

    await page.locator('#kpi-refresh').click();
    await pollUntil(
      () => card(page, 'sessions'),
      (v) => v === '2',
      10_000,
      'the sessions card to show 2',
    );
    expect(await card(page, 'escalation')).toBe('50.0%');
    expect(await card(page, 'bot-resolution')).toBe('50.0%'); // A's question; B's session went to a ticket
    expect(await card(page, 'first-contact-resolution')).toBe('50.0%');
    expect(await card(page, 'first-response')).toMatch(/^\d+(\.\d)? (ms|秒) \/ \d+(\.\d)? (ms|秒)$/);
    expect(await card(page, 'csat')).toBe('—');
    expect(await page.locator('#kpi-card-escalation').textContent()).toContain('1 / 2 次咨询');

    // Charts are drawn (SVG) with data: the sessions line has a point per day, the channel chart three bars that are
    // not zero high (sessions 2, bot resolution 50 %, escalation 50 %; conversion 0), the funnel a bar per stage.
    await pollUntil(
      () => marks(page, 'daily'),
      (m) => m.lines.includes(7),
      10_000,
      'a point per day of the sessions line',
    );
    expect((await marks(page, 'response')).lines).toHaveLength(2);
    await pollUntil(
      () => marks(page, 'channels'),
      (m) => m.bars === 3,
      10_000,
      'three channel bars',
    );
    const stages = report.outreach.flatMap((f) => [
      f.converted,
      f.sent - f.converted,
      f.pending,
      f.failed,
      ...Object.values(f.suppressedBy),
    ]);
    await pollUntil(
      () => marks(page, 'outreach'),
      (m) => m.bars === stages.filter((n) => n > 0).length,
      10_000,
      'the funnel bars',
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: core.config.timezone, month: '2-digit', day: '2-digit' }).format(Date.now());
    const svgText = async (id: string) => (await page.locator(`#kpi-chart-${id} svg`).textContent()) ?? '';
    expect(await svgText('daily')).toContain(today);
    expect(await svgText('daily')).toContain('转人工率');
    expect(await svgText('channels')).toContain('网页聊天');
    expect(await svgText('outreach')).toContain('quick_cart_nudge');
    expect(await svgText('outreach')).toContain('被拦截 · 顾客已退订');
    const nudgeRow = page.locator('#kpi-outreach-table .ant-table-row', { hasText: 'quick_cart_nudge' });
    const cells = await nudgeRow.locator('td').allTextContents();
    expect(cells).toEqual(['quick_cart_nudge', '2', '0', '1', '顾客已退订 1', '0', '1', '0', '0.0%']);
    await chartsSettled(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-kpis-zh.png'), fullPage: true });

    // One channel alone, then English.
    await page.locator('#kpi-channel').click();
    await page.locator('.ant-select-item-option', { hasText: '微信客服' }).click();
    await pollUntil(
      () => card(page, 'sessions'),
      (v) => v === '0',
      10_000,
      'the wecom-kf sessions card to show 0',
    );
    await page.locator('#kpi-empty').waitFor();
    await page.locator('#kpi-channel').click();
    await page.locator('.ant-select-item-option', { hasText: '全部渠道' }).click();
    await pollUntil(
      () => card(page, 'sessions'),
      (v) => v === '2',
      10_000,
      'all channels again',
    );

    await page.locator('#language-switch').click();
    await page.getByRole('heading', { name: 'Service KPIs' }).waitFor();
    expect(await page.locator('#kpi-card-escalation').textContent()).toContain('Escalation rate');
    expect(await page.locator('#kpi-card-escalation').textContent()).toContain('1 of 2 sessions');
    await pollUntil(
      () => svgText('channels'),
      (s) => s.includes('Web chat'),
      5000,
      'English chart labels',
    );
    expect(await svgText('daily')).toContain('Sessions');
    expect(await svgText('outreach')).toContain('Suppressed · Opted out');
    await page.locator('#kpi-period').getByText('Last 30 days').click();
    await pollUntil(
      () => marks(page, 'daily'),
      (m) => m.lines.includes(30),
      10_000,
      'a point per day of 30 days',
    );
    expect(await card(page, 'sessions')).toBe('2');
    await chartsSettled(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-kpis-en.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
  });
});
