import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
    const second = await kefu('chat', '--user', 'u1', '转人工');
    expect(second.stdout).toMatch(/人工客服/);
    const third = await kefu('chat', '--user', 'u1', '在吗');
    expect(third.stdout.trim()).toBe(''); // handed off: the bot stays silent
  });

  it('flows check: passes on the shipped flows and fails with file:line:col on a broken one', async () => {
    const ok = await kefu('flows', 'check', 'flows');
    expect(ok.stdout).toMatch(/no errors/);
    const broken = await kefu('flows', 'check', 'test/flows/fixtures/invalid/unknown-step').catch(
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect((broken as { code: number }).code).toBe(1);
    expect(`${(broken as { stdout: string }).stdout}${(broken as { stderr: string }).stderr}`).toMatch(/\.yaml:\d+:\d+: /);
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
