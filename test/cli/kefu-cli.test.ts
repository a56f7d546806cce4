import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import Redis from 'ioredis';

jest.setTimeout(90_000);
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('the kefu command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kefu-cli-'));
  const prefix = `kefu-cli-${randomUUID().slice(0, 8)}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:${path.join(dir, 'k.sqlite')}`,
    KEFU_DATA_DIR: dir,
    REDIS_URL: 'redis://127.0.0.1:6379',
    KEFU_REDIS_PREFIX: prefix,
  };
  const kefu = (...args: string[]) => run(process.execPath, [path.join(ROOT, 'bin/kefu'), ...args], { cwd: ROOT, env });

  afterAll(async () => {
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  });

  it('chat: prints the replies one per line and continues the conversation on the next call', async () => {
    const first = await kefu('chat', '--user', 'u1', '你好');
    const lines = first.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(first.stdout).toMatch(/欢迎/);
    expect(first.stdout).toMatch(/优惠券/);
    // The terminal door has no operators (flows/settings.yaml human_doors): a handoff takes a message instead.
    const second = await kefu('chat', '--user', 'u1', '转人工');
    expect(second.stdout).toMatch(/留言/);
    const third = await kefu('chat', '--user', 'u1', '在吗');
    expect(third.stdout).toMatch(/工单号 GD\d{8}-\d{4}/); // kept in the database, numbered
  });

  it('flows check: passes on the shipped flows and fails with file:line:col on a broken one, in Chinese unless --lang en', async () => {
    const ok = await kefu('flows', 'check', 'flows');
    expect(ok.stdout).toMatch(/没有错误/);
    expect((await kefu('flows', 'check', '--lang', 'en', 'flows')).stdout).toMatch(/no errors/);
    type Failed = { code: number; stdout: string; stderr: string };
    const broken = (await kefu('flows', 'check', 'test/flows/fixtures/invalid/unknown-step').catch((e: Failed) => e)) as Failed;
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/\.yaml:\d+:\d+: 流程 a 里没有步骤 finsh，您是不是想写 finish？修改方法：/);
    const english = (await run(
      process.execPath,
      [path.join(ROOT, 'bin/kefu'), 'flows', 'check', 'test/flows/fixtures/invalid/unknown-step'],
      {
        cwd: ROOT,
        env: { ...env, KEFU_LANG: 'en' },
      },
    ).catch((e: Failed) => e)) as Failed;
    expect(english.stderr).toMatch(/\.yaml:\d+:\d+: Unknown step 'finsh' in flow 'a'\. Fix: Did you mean 'finish'\?/);
  });

  it('nlu eval: reads texts as written, and as the bot does with --normalize', async () => {
    const file = path.join(dir, 'messy.jsonl');
    const lines = [
      { text: 'kuaidi daonale', label: 'shipping_logistics' },
      { text: '有優慧卷嗎', label: 'price_promotion' },
      { text: '能开发漂吗', label: 'invoice' },
      { text: '我要退貨', label: 'return_refund' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const accuracy = async (...extra: string[]) =>
      JSON.parse((await kefu('nlu', 'eval', file, '--rules', '--json', ...extra)).stdout).accuracy as number;
    expect(await accuracy()).toBe(0);
    expect(await accuracy('--normalize')).toBe(1);
  });

  it('chat: every shopper has demo orders to track, the same on each call; without --user a stable demo shopper', async () => {
    const tracked = async (...user: string[]): Promise<string> => {
      const { stdout } = await kefu('chat', ...user, '我的快递到哪了');
      expect(stdout).toMatch(/顺丰/);
      return /SF\d{13}/.exec(stdout)![0];
    };
    const byDefault = await tracked();
    expect(await tracked('--user', 'demo-shopper')).toBe(byDefault);
    expect(await tracked('--user', 'u-cli-orders')).not.toBe(byDefault);
  });

  it('runs from any folder: --help and flows check from a temporary cwd (the entities need the repository tsconfig)', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'kefu-cwd-'));
    try {
      const outside = (...args: string[]) => run(process.execPath, [path.join(ROOT, 'bin/kefu'), ...args], { cwd: elsewhere, env });
      const help = await outside('--help');
      expect(help.stdout).toMatch(/Usage: kefu/);
      const check = await outside('flows', 'check', path.join(ROOT, 'flows'));
      expect(check.stdout).toMatch(/no errors|没有错误/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('flows graph: prints a Mermaid flowchart', async () => {
    const { stdout } = await kefu('flows', 'graph', 'new_customer');
    expect(stdout).toMatch(/^flowchart/m);
  });

  it('start: a bad configuration stops start-up with one message listing every bad key', async () => {
    const failed = await run(process.execPath, [path.join(ROOT, 'bin/kefu'), 'start'], {
      cwd: ROOT,
      env: { ...env, PORT: 'x', KEFU_ROLE: 'boss' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/PORT:/);
    expect((failed as { stderr: string }).stderr).toMatch(/KEFU_ROLE:/);
    expect((failed as { stderr: string }).stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
});
