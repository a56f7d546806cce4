import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { OutreachLog } from '../../src/outreach/outreach-log';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'duizhao-console-2025';
const H = 3_600_000;
/** A proactive trigger that holds out 20 % of its shoppers. */
const FLOW = `flow: holdout_demo
title: 购物车提醒（对照组）
triggers:
  - keywords: [对照组暗号]
steps:
  - say: 好的
proactive:
  - id: cart_nudge_ab
    on: cart_add
    delay: 30m
    kind: marketing
    holdout: 0.2
    send:
      text: 购物车里的宝贝还在等您哦
`;

interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Rate {
  n: number;
  count: number;
  rate?: Interval;
  vsControl?: Interval;
}
interface Results {
  control: Rate;
  treated: Rate;
  assigned: Rate;
  srm?: { p: number; mismatch: boolean };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
/** What the page must show for one arm: shoppers, rate (count/n) [CI], and the difference [CI]. */
const expected = (r: Rate) => ({
  n: String(r.n),
  conversion: r.rate ? `${pct(r.rate.estimate)}(${r.count}/${r.n}) [${pct(r.rate.low)}, ${pct(r.rate.high)}]` : '数据不足',
  vs: r.vsControl
    ? `${r.vsControl.estimate >= 0 ? '+' : ''}${pct(r.vsControl.estimate)} [${pct(r.vsControl.low)}, ${pct(r.vsControl.high)}]`
    : '',
});
const shown = async (card: Locator) =>
  Promise.all(
    (await card.locator('.ant-table-row').all()).map(async (row) => {
      const [, n, conversion, vs] = await row.locator('td').allTextContents();
      return {
        n: n!,
        conversion: conversion!.replace(/[（）]/g, (c) => (c === '（' ? '(' : ')')),
        vs: vs!.replace(/差异显著|significant/, '').trim(),
      };
    }),
  );

/** Marketing reads a trigger's holdout as control vs treated in 工作室 → 实验, in Chinese and English. */
describe('the 实验 tab’s holdout section (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu((dir) => {
      cpSync(path.resolve(__dirname, '../../flows'), path.join(dir, 'flows'), { recursive: true });
      writeFileSync(path.join(dir, 'flows', 'holdout-demo.yaml'), FLOW);
      return { flowsDir: path.join(dir, 'flows') };
    });
    await new TypeormConsoleUsers(running.kefu.core.dataSource).add('xiaoyun', 'marketing', PASSWORD);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const signIn = async (page: Page) => {
    await page.goto(`${running.kefu.url}/console`);
    await page.locator('#login-name').fill('xiaoyun');
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('.ant-menu-item').first().waitFor();
  };

  it('shows control, treated and assigned with rates, the difference and the split check as the API computes them', async () => {
    const { core } = running.kefu;
    const log = new OutreachLog(core.dataSource);
    const t0 = Date.now() - 20 * H;
    // 10 held out (2 pay), 36 sent (12 pay), 4 stopped by the caps (1 pays)
    const shoppers = [
      ...Array.from({ length: 10 }, (_, i) => ({ id: `h${i}`, status: 'suppressed' as const, reason: 'holdout', pays: i < 2 })),
      ...Array.from({ length: 36 }, (_, i) => ({ id: `s${i}`, status: 'sent' as const, reason: undefined, pays: i < 12 })),
      ...Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, status: 'suppressed' as const, reason: 'cap_day', pays: i < 1 })),
    ];
    for (const s of shoppers) {
      await log.record({
        key: `cart_nudge_ab:${s.id}@1`,
        jobId: `cart_nudge_ab:${s.id}`,
        triggerId: 'cart_nudge_ab',
        userId: s.id,
        kind: 'marketing',
        status: s.status,
        ...(s.reason ? { reason: s.reason } : {}),
        at: t0,
      });
      if (s.pays) await core.orders.record(s.id, [{ orderId: `O-${s.id}`, paidAt: new Date(t0 + 5 * H).toISOString() }]);
    }

    const page = browser.page;
    await page.setViewportSize({ width: 1600, height: 1100 });
    await signIn(page);
    const results = (await page.evaluate(async () => (await fetch('/console/api/holdouts/cart_nudge_ab')).json())) as Results;
    expect([results.control.count, results.control.n, results.treated.count, results.treated.n, results.assigned.n]).toEqual([
      2, 10, 12, 36, 40,
    ]);

    await page.locator('.ant-menu-item', { hasText: '工作室' }).click();
    await page.locator('#studio-page').waitFor();
    await page.getByRole('tab', { name: '实验' }).click();
    const card = page.locator('.holdout-card[data-holdout="cart_nudge_ab"]');
    await card.locator('.ant-table-row').first().waitFor();
    expect(await page.locator('#holdouts h4').textContent()).toBe('主动触达的对照组');
    const head = await card.locator('.ant-card-head').textContent();
    expect(head).toContain('主动触达');
    expect(head).toContain('对照组 20.0%');
    expect(await card.textContent()).toContain('流程：购物车提醒（对照组）（holdout_demo）');
    expect(await card.locator('td:first-child').allTextContents()).toEqual([
      '对照组（不发）',
      '实验组（已发送）',
      '分到发送组（含被发送规则拦下的）',
    ]);
    expect(await shown(card)).toEqual([expected(results.control), expected(results.treated), expected(results.assigned)]);
    await card.locator('.srm-ok', { hasText: `p = ${results.srm!.p.toFixed(3)}` }).waitFor();
    // the shipped prediction rules with holdout: 0.1 are listed too
    await page.locator('.holdout-card[data-holdout="repurchase_due"]', { hasText: '意图预判' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-holdouts-zh.png'), fullPage: true });

    await page.locator('#language-switch').click();
    await page.locator('#holdouts h4', { hasText: 'Outreach holdouts' }).waitFor();
    expect(await card.locator('td:first-child').allTextContents()).toEqual([
      'Control (not sent)',
      'Treated (sent)',
      'Assigned to send (incl. stopped by sending rules)',
    ]);
    expect(await card.locator('thead').textContent()).toContain('vs control');
    expect(await card.locator('.ant-card-head').textContent()).toContain('Proactive trigger');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-holdouts-en.png'), fullPage: true });
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/me$/.test(e))).toEqual([]);
  });
});
