import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startTestKefu, type TestKefu } from '../helpers/running-kefu';
import { launchBrowser, type TestBrowser } from '../helpers/browser';
import { WebShopper } from '../helpers/web-shopper';
import { pollUntil } from '../helpers/wait-until';
import { TypeormConsoleUsers } from '../../src/store/console-user-store';
import { OrderAttributionEntity } from '../../src/store/entities';

jest.setTimeout(180_000);

const ARTIFACTS = path.join(__dirname, '..', 'artifacts');
const PASSWORD = 'shiyan-console-2025';
const TOKEN = 'console-experiments-admin-token-0123456789';
const KEYWORD = '实验暗号';
/** The two-variant fixture flow, triggered by a word no shipped flow uses. */
const AB_FLOW = readFileSync(path.resolve(__dirname, '../experiments/fixtures/ab/welcome-ab.yaml'), 'utf8').replace(
  'keywords: [优惠, 活动]',
  `keywords: [${KEYWORD}]`,
);
/** What each variant says first (from the fixture). */
const SAYS = { A: '满199减30', B: '全场包邮' } as const;
const SHOPPERS = 8;

interface Interval {
  estimate: number;
  low: number;
  high: number;
}
interface Rate {
  n: number;
  count: number;
  rate?: Interval;
}
interface Results {
  experiment: { status: string };
  variants: { id: string; share: number; exposures: number; conversion: Rate; resolution: Rate }[];
  srm?: { p: number; mismatch: boolean };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The numbers a proportion cell shows — estimate % (count/n) [low %, high %] — or its "not enough data" text. */
const shownRate = (cell: string) => {
  const m = /^(\d+\.\d)% ?[（(](\d+)\/(\d+)[）)] +\[(\d+\.\d)%, (\d+\.\d)%\]/.exec(cell);
  return m ? { estimate: `${m[1]}%`, count: Number(m[2]), n: Number(m[3]), low: `${m[4]}%`, high: `${m[5]}%` } : cell.trim();
};
/** What the API says that cell must show. */
const expectedRate = (r: Rate, noData: string) =>
  r.rate ? { estimate: pct(r.rate.estimate), count: r.count, n: r.n, low: pct(r.rate.low), high: pct(r.rate.high) } : noData;

/** The cells of each variant's row as the page shows them (variant, split, exposed, conversion, CSAT, resolution). */
const rows = async (card: Locator) =>
  Object.fromEntries(
    await Promise.all(
      (await card.locator('.ant-table-row').all()).map(async (row) => {
        const cells = await row.locator('td').allTextContents();
        return [await row.getAttribute('data-row-key'), cells] as const;
      }),
    ),
  ) as Record<string, string[]>;

/** The page's rows agree with the API's results, figure by figure, read from the DOM. */
const expectRowsMatch = async (card: Locator, results: Results, noData: string) => {
  const shown = await rows(card);
  expect(Object.keys(shown)).toEqual(results.variants.map((v) => v.id));
  for (const v of results.variants) {
    const [, share, exposed, conversion, , resolution] = shown[v.id]!;
    expect({ id: v.id, share, exposed: Number(exposed), conversion: shownRate(conversion!), resolution: shownRate(resolution!) }).toEqual({
      id: v.id,
      share: pct(v.share),
      exposed: v.exposures,
      conversion: expectedRate(v.conversion, noData),
      resolution: expectedRate(v.resolution, noData),
    });
  }
};

/** Marketing reads an A/B experiment's figures in 工作室 → 实验, sees the split check, stops it; an operator has no 工作室. */
describe('the console 实验 tab (headless Chromium)', () => {
  let running: TestKefu;
  let browser: TestBrowser;

  beforeAll(async () => {
    running = await startTestKefu((dir) => {
      cpSync(path.resolve(__dirname, '../../flows'), path.join(dir, 'flows'), { recursive: true });
      writeFileSync(path.join(dir, 'flows', 'welcome-ab.yaml'), AB_FLOW);
      return { flowsDir: path.join(dir, 'flows'), adminToken: TOKEN };
    });
    const users = new TypeormConsoleUsers(running.kefu.core.dataSource);
    await users.add('xiaoyun', 'marketing', PASSWORD);
    await users.add('xiaomei', 'operator', PASSWORD);
    browser = await launchBrowser();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const signIn = async (page: Page, name: string) => {
    await page.goto(`${running.kefu.url}/console`);
    await page.locator('#login-name').fill(name);
    await page.locator('#login-password').fill(PASSWORD);
    await page.locator('#login-submit').click();
    await page.locator('.ant-menu-item').first().waitFor();
  };

  it('shows per-variant figures as the API computes them, warns on a skewed split, stops the experiment, in zh and en', async () => {
    const { url, core } = running.kefu;

    // Shoppers on web chat ask for the experiment's flow; each reads one variant's text and keeps it.
    const seen: { id: string; variant: 'A' | 'B'; coupon: string }[] = [];
    for (let i = 0; i < SHOPPERS; i++) {
      const shopper = await WebShopper.connect(url);
      await shopper.say('你好');
      await shopper.say(KEYWORD);
      const text = await shopper.waitFor((t) => t.includes(SAYS.A) || t.includes(SAYS.B));
      const variant = text.includes(SAYS.A) ? 'A' : 'B';
      await shopper.say(KEYWORD);
      expect(shopper.replies().filter((t) => t.includes(SAYS[variant === 'A' ? 'B' : 'A']))).toEqual([]); // sticky
      const card = shopper.frames.find((f) => f.message?.type === 'coupon_card')?.message;
      expect(card?.type).toBe('coupon_card'); // a new shopper's welcome coupon
      const coupon = card?.type === 'coupon_card' ? card.coupon.code : '';
      seen.push({ id: (await core.users.resolve('web', shopper.ids.userId)).id, variant, coupon });
      shopper.close();
    }
    await core.exposures.flush();
    const exposedIn = (v: string) => seen.filter((s) => s.variant === v).length;

    // Three of them pay with the coupon the chat issued them: the orders are credited to kefu (docs/attribution.md).
    const paying = seen.slice(0, 3);
    const res = await fetch(`${url}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        paying.map((s, i) => ({
          id: `e-${randomUUID()}`,
          type: 'order_paid',
          userId: s.id,
          at: Date.now(),
          payload: { orderId: `AB-${i}-${randomUUID().slice(0, 6)}`, total: 199, couponCode: s.coupon },
        })),
      ),
    });
    expect(res.status).toBe(202);

    const page = browser.page;
    await page.setViewportSize({ width: 1600, height: 1000 });
    await signIn(page, 'xiaoyun');
    const api = () => page.evaluate(async () => (await fetch('/console/api/experiments/coupon_copy')).json()) as Promise<Results>;
    const converted = (r: Results, v: string) => r.variants.find((x) => x.id === v)!.conversion.count;
    let results = await pollUntil(
      api,
      (r) => converted(r, 'A') + converted(r, 'B') === paying.length,
      20_000,
      'the three paid orders to count as conversions',
    );
    expect(results.variants.map((v) => [v.id, v.exposures, v.conversion.count])).toEqual(
      ['A', 'B'].map((v) => [v, exposedIn(v), paying.filter((s) => s.variant === v).length]),
    );
    const credits = await core.dataSource.getRepository(OrderAttributionEntity).find();
    expect(credits.map((c) => c.credit)).toEqual(paying.map(() => 'coupon'));
    expect(results.srm?.mismatch).toBe(false);

    await page.locator('.ant-menu-item', { hasText: '工作室' }).click();
    await page.locator('#studio-page').waitFor();
    await page.getByRole('tab', { name: '实验' }).click();
    const card = page.locator('.experiment-card', { hasText: '优惠文案：满减券 vs 包邮' });
    await card.locator('.ant-table-row').first().waitFor();
    const header = await card.locator('.ant-card-head').textContent();
    expect(header).toContain('进行中');
    expect(header).toContain('下单转化');
    expect(await card.textContent()).toContain('流程：优惠咨询（welcome_ab）');
    expect(await card.locator('thead').textContent()).toContain('看到的顾客');
    await expectRowsMatch(card, results, '数据不足');
    await card.locator('.srm-ok', { hasText: `p = ${results.srm!.p.toFixed(3)}` }).waitFor();
    expect(await card.locator('.srm-warning').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-experiments-zh.png'), fullPage: true });

    // A channel that only ever shows A: forty more shoppers in A, none in B. The split check must warn.
    for (let i = 0; i < 40; i++)
      core.exposures.record({
        experimentId: 'coupon_copy',
        variant: 'A',
        share: 0.5,
        flowId: 'welcome_ab',
        stepId: 'offer',
        userId: `skewed-${i}`,
        channel: 'web',
        at: Date.now(),
      });
    await core.exposures.flush();
    results = await api();
    expect(results.srm?.mismatch).toBe(true);
    await page.locator('#experiments-refresh').click();
    await card.locator('.srm-warning', { hasText: '分流比例异常' }).waitFor();
    expect(await card.locator('.srm-ok').count()).toBe(0);
    await expectRowsMatch(card, results, '数据不足');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-experiments-srm-zh.png'), fullPage: true });

    // Stop: a new published version, everyone sees the control.
    await card.locator('.experiment-stop').click();
    await page.locator('.ant-popconfirm', { hasText: '停止后所有顾客都会看到对照组' }).locator('.ant-btn-primary').click();
    await page.locator('#experiments .ant-alert-success', { hasText: '已发布新版本 #' }).waitFor({ timeout: 60_000 });
    await card.locator('.ant-card-head', { hasText: '已停止' }).waitFor();
    expect(await card.locator('.experiment-stop').count()).toBe(0);
    expect((await api()).experiment.status).toBe('stopped');
    const late = await WebShopper.connect(url);
    await late.say('你好');
    await late.say(KEYWORD);
    for (let i = 0; i < 3 && !late.replies().some((t) => t.includes(SAYS.A)); i++) await late.say(KEYWORD);
    expect(late.replies().filter((t) => t.includes(SAYS.B))).toEqual([]);
    await late.waitFor((t) => t.includes(SAYS.A));
    late.close();
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-experiments-stopped-zh.png'), fullPage: true });

    // English.
    await page.locator('#language-switch').click();
    await page.getByRole('tab', { name: 'Experiments' }).waitFor();
    await card.locator('.ant-card-head', { hasText: 'Stopped' }).waitFor();
    expect(await card.locator('.ant-card-head').textContent()).toContain('Conversion');
    expect(await card.locator('thead').textContent()).toContain('Shoppers exposed');
    await card.locator('.srm-warning', { hasText: 'Sample ratio mismatch' }).waitFor();
    await page.locator('#experiments .ant-alert-success', { hasText: 'Published version #' }).waitFor();
    expect(await card.locator('.ant-table-row').first().locator('td').first().textContent()).toBe('A (control)');
    await expectRowsMatch(card, await api(), 'Not enough data');
    await page.screenshot({ path: path.join(ARTIFACTS, 'console-experiments-en.png'), fullPage: true });
    expect(browser.errors.filter((e) => !/^401 .*\/console\/api\/me$/.test(e))).toEqual([]);

    // An operator has no 工作室 (and the API refuses the experiments).
    await browser.context.clearCookies();
    await signIn(page, 'xiaomei');
    const menu = await page.locator('.ant-menu').first().textContent();
    expect(menu).not.toMatch(/工作室|Studio/);
    expect(await page.evaluate(async () => (await fetch('/console/api/experiments')).status)).toBe(403);
  });
});
