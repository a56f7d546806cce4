import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scheduleCampaign } from '../../src/outreach/campaign';
import { OutreachQueues } from '../../src/outreach/queues';
import { FakeChannel } from './fixtures/fake-channel';
import { kill, spawnWorker } from './fixtures/spawn-worker';
import { testPrefix, until } from './helpers';

jest.setTimeout(90_000);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A private redis-server (never the shared one on 6379) with an fsync-always append-only file. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('Ready to accept connections')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  return child;
}

describe('Redis restarted during operation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-redis-'));
  const channel = new FakeChannel(10);
  const children: ChildProcess[] = [];
  let queues: OutreachQueues | undefined;

  afterAll(async () => {
    await queues?.close().catch(() => undefined);
    for (const c of children.reverse()) await kill(c);
    await channel.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('workers reconnect and finish the queue, each message once', async () => {
    const port = await freePort();
    children.push(await startRedis(port, dir));
    const url = await channel.start();
    const prefix = testPrefix();
    const connection = { host: '127.0.0.1', port, maxRetriesPerRequest: null };
    queues = new OutreachQueues({ connection, prefix: `${prefix}:bull`, onError: () => undefined }); // errors expected while Redis is down
    const N = 300;
    const users = Array.from({ length: N }, (_, i) => `shopper-${i}`);
    await scheduleCampaign(queues, {
      id: 'restart',
      segment: users,
      at: Date.now(),
      message: { type: 'text', text: '亲，限时优惠开始啦～' },
      chunkSize: 25,
    });
    children.push(await spawnWorker({ PREFIX: prefix, CHANNEL_URL: url, REDIS_PORT: String(port), CONCURRENCY: '5' }));
    await until(() => channel.delivered.size >= 30, 30_000, 5);
    await kill(children[0]!, 'SIGKILL');
    const before = channel.delivered.size;
    expect(before).toBeLessThan(N);
    await new Promise((r) => setTimeout(r, 1000));
    children[0] = await startRedis(port, dir);
    await until(() => channel.delivered.size >= N, 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    const perUser = channel.perUser();
    expect(perUser.size).toBe(N);
    expect([...perUser.values()].every((c) => c === 1)).toBe(true);
  });
});
