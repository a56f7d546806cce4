import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/load-config';
import { startKefu, type RunningKefu } from '../../src/main';
import { launchBrowser, type TestBrowser } from '../helpers/browser';

jest.setTimeout(90_000);

describe('the demo shop page with the real bot (headless Chromium)', () => {
  let kefu: RunningKefu;
  let browser: TestBrowser;
  let dir: string;
  const prefix = `kefu-web-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kefu-web-'));
    const config = loadConfig(
      {},
      {
        port: 0,
        host: '127.0.0.1',
        databaseUrl: `sqlite:${path.join(dir, 'k.sqlite')}`,
        dataDir: dir,
        redisUrl: 'redis://127.0.0.1:6379',
        redisPrefix: prefix,
        logLevel: 'silent',
      },
    );
    kefu = await startKefu(config, { watchFlows: false });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    const redis = kefu?.core.redis.redis;
    const keys = redis ? await redis.keys(`${prefix}:*`) : [];
    if (keys.length > 0) await redis!.del(...keys);
    await kefu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('greets a new visitor with a coupon, answers a stock question, and follows a quick reply', async () => {
    const { page } = browser;
    await page.goto(kefu.url);
    await page.locator('.kefu-panel').waitFor({ state: 'visible' });
    // The visit event starts the new-customer journey: welcome, coupon card, category buttons.
    await page.locator('.kefu-card.kefu-coupon').waitFor();
    const quick = page.locator('.kefu-quick .kefu-quick-btn');
    await quick.first().waitFor();
    expect(await quick.allTextContents()).toEqual(expect.arrayContaining(['服饰', '美妆']));

    await quick.filter({ hasText: '服饰' }).click();
    await page.locator('.kefu-msg.kefu-me', { hasText: '服饰' }).waitFor();
    await page.locator('.kefu-card.kefu-product').first().waitFor();

    const input = page.locator('.kefu-input');
    await input.fill('这件卫衣有XL吗');
    await input.press('Enter');
    await page.locator('.kefu-msg.kefu-bot', { hasText: 'XL' }).first().waitFor();

    await input.fill('转人工');
    await input.press('Enter');
    await page.locator('.kefu-log', { hasText: '人工客服' }).waitFor();
    expect(browser.errors).toEqual([]);
  });
});
