import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { SessionTurn } from '../../src/kpis/session-turn';
import type { QualityEvent } from '../../src/quality/outcome';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { TypeormHandoffs } from '../../src/store/handoff-store';
import { TypeormServiceSessions } from '../../src/store/service-session-store';
import { TypeormSessionOutcomes } from '../../src/store/session-outcome-store';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { pollUntil } from '../helpers/wait-until';

jest.setTimeout(120_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'kefu-quality-console-2025';
const MIN = 60_000;

const said = (): QualityEvent => ({ kind: 'shopper', cues: [], words: [] });
const done = (flow: string): QualityEvent => ({ kind: 'bot', flow, flowDone: true, score: 0.9, reply: flow });
const turn = (conversation: string, at: number, events: QualityEvent[], handedOff = false): SessionTurn => ({
  conversation,
  userId: `shopper-${conversation.split(':')[2]!}-0001`,
  channel: conversation.split(':')[0]!,
  receivedAt: at,
  repliedAt: at + 800,
  handedOff,
  events,
});

/** The texts of the sessions table's rows, cell by cell. */
const rows = (page: Page) =>
  page
    .locator('#quality-sessions-table .ant-table-row')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));

/** An operator reads 会话质量 on the 数据 page: outcome shares per day and door, the sessions and their signals. */
describe('会话质量 on the console 数据 page (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;
  let handoffId: number;

  beforeAll(async () => {
    running = await startTestKefu();
    const { dataSource, config } = running.kefu.core;
    await new TypeormConsoleUsers(dataSource).add('xiaomei', 'operator', PASSWORD);
    const t = Date.now() - 3 * 60 * MIN; // ended sessions of today (or late yesterday): inside 近7天
    await new TypeormServiceSessions(dataSource, config.timezone).record([
      turn('web:-:c1', t, [said(), done('logistics')]),
      turn('web:-:c1', t + MIN, [{ kind: 'shopper', cues: ['thanks'], words: ['谢谢'] }]),
      turn('web:-:c2', t + 2 * MIN, [said(), { kind: 'bot', flow: 'human_handoff' }, { kind: 'handoff', reason: '多次未理解' }], true),
      turn('web:-:c3', t + 3 * MIN, [said(), done('coupon')]),
      turn('web:-:c3', t + 4 * MIN, [{ kind: 'shopper', cues: ['negative'], words: ['没用'] }]),
      turn('wechat-official:gh:c4', t + 5 * MIN, [said(), { kind: 'bot', flow: 'invoice', asks: true, score: 0.9 }]),
    ]);
    const opened = await new TypeormHandoffs(dataSource).open({
      conversation: 'web:-:c2',
      ref: { channel: 'web', conversationId: 'c2', userId: 'b-c2' },
      userId: 'shopper-c2-0001',
      reason: '多次未理解',
      at: t + 2 * MIN + 500,
    });
    handoffId = opened.handoff.id;
    await new TypeormSessionOutcomes(dataSource).labelEnded(Date.now());
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('shows the outcome chart and the sessions with their signals in Chinese and English, linked to the inbox', async () => {
    const { url } = running.kefu;
    const page = browser.page;
    await page.goto(`${url}/console`);
    await page.locator('#login-name').fill('xiaomei');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('#inbox-page').waitFor();
    browser.errors.length = 0; // the sign-in page's GET /console/api/me before login is a 401 by design
    await page.getByRole('menuitem', { name: '数据' }).click();
    await page.locator('#quality-section').waitFor();

    // shares of the 4 labelled sessions, a stacked bar per outcome in the day and door charts
    expect(await page.locator('#quality-share-resolved').textContent()).toBe('已解决 25.0%（1）');
    expect(await page.locator('#quality-share-unresolved').textContent()).toBe('未解决 25.0%（1）');
    const svgText = async (id: string) => (await page.locator(`#kpi-chart-${id} svg`).textContent()) ?? '';
    await pollUntil(
      () => svgText('quality-doors'),
      (s) => s.includes('网页聊天 (3)') && s.includes('微信公众号 (1)'),
      10_000,
      'the door chart',
    );
    for (const label of ['已解决', '已转人工', '中途离开', '未解决']) expect(await svgText('quality-daily')).toContain(label);

    // the sessions, newest first, signals in words
    await pollUntil(
      () => rows(page),
      (r) => r.length === 4,
      10_000,
      'four sessions in the table',
    );
    const table = await rows(page);
    expect(table.map((r) => [r[2], r[5], r[6], r[7]])).toEqual([
      ['微信公众号', '中途离开', '在「开发票」等顾客回答时离开', '—'],
      ['网页聊天', '未解决', '顾客不满意：“没用”', '—'],
      ['网页聊天', '已转人工', '转人工（多次未理解）', '在工作台查看'],
      ['网页聊天', '已解决', '完成「物流查询」顾客致谢', '—'],
    ]);
    expect(table.map((r) => r[3])).toEqual(['shop********01', 'shop********01', 'shop********01', 'shop********01']);

    // one outcome only
    await page.locator('#quality-outcome').click();
    await page.locator('.ant-select-item-option', { hasText: '未解决' }).click();
    await pollUntil(
      () => rows(page),
      (r) => r.length === 1 && r[0]![5] === '未解决',
      10_000,
      'only the unresolved session',
    );
    await page.locator('#quality-outcome').click();
    await page.locator('.ant-select-item-option', { hasText: '全部结果' }).click();
    await pollUntil(
      () => rows(page),
      (r) => r.length === 4,
      10_000,
      'all four again',
    );
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
    await page.locator('#quality-section').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-quality-zh.png'), fullPage: true });

    // the link opens that conversation in the 人工工作台 (a new tab)
    const link = page.locator('.quality-inbox-link');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^/console/?#inbox/${handoffId}$`));
    const [inbox] = await Promise.all([browser.context.waitForEvent('page'), link.click()]);
    await inbox.locator(`#inbox-conversation[data-id="${handoffId}"]`).waitFor();
    expect(await inbox.locator('#inbox-conversation').textContent()).toContain('多次未理解');
    await inbox.close();

    // English
    await page.locator('#language-switch').click();
    await page.locator('#quality-section', { hasText: 'Conversation quality' }).waitFor();
    await pollUntil(
      async () => (await rows(page)).map((r) => r[6]),
      (s) => s[0] === 'Left while “invoice” waited for an answer',
      10_000,
      'English signals',
    );
    expect((await rows(page)).map((r) => r[6])).toEqual([
      'Left while “invoice” waited for an answer',
      'Unhappy: “没用”',
      'Handed to a human (多次未理解)',
      'Finished “logistics”Shopper thanked',
    ]);
    await pollUntil(
      () => svgText('quality-daily'),
      (s) => s.includes('Resolved') && s.includes('Abandoned'),
      5000,
      'English chart legend',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-quality-en.png'), fullPage: true });
    expect(browser.errors).toEqual([]);
  });
});
