import { Command } from 'commander';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { registerQueuesCommands } from '../../src/cli/queues-command';
import { mountBullBoard } from '../../src/outreach/bull-board';
import { createOutreachMetrics } from '../../src/outreach/metrics';
import { OutreachQueues } from '../../src/outreach/queues';
import { deletePrefix, REDIS, testPrefix } from './helpers';

const TOKEN = 'admin-token-admin-token-42';
let prefix: string;
let redis: Redis;
let queues: OutreachQueues;

beforeEach(async () => {
  prefix = testPrefix();
  redis = new Redis(REDIS);
  queues = new OutreachQueues({ connection: REDIS, prefix: `${prefix}:bull` });
  await queues.due.add('due', { triggerId: 't', userId: 'u1' }, { jobId: 't.a', delay: 60_000 });
  await queues.due.add('due', { triggerId: 't', userId: 'u2' }, { jobId: 't.b', delay: 60_000 });
  await queues.send('web').add('send', { key: 'k' }, { jobId: 'k1' });
});
afterEach(async () => {
  await queues.close();
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

describe('operators', () => {
  it('kefu queues --json prints one JSON object keyed by queue name', async () => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
    try {
      const program = new Command().exitOverride();
      registerQueuesCommands(program);
      await program.parseAsync(['node', 'kefu', 'queues', '--json', '--prefix', prefix, '--redis-url', 'redis://127.0.0.1:6379']);
      await program.parseAsync(['node', 'kefu', 'queues', '--prefix', prefix, '--redis-url', 'redis://127.0.0.1:6379']);
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(out[0]!)).toEqual({
      outreach: { waiting: 0, active: 0, delayed: 2, completed: 0, failed: 0 },
      'send-web': { waiting: 1, active: 0, delayed: 0, completed: 0, failed: 0 },
    });
    expect(out[1]).toMatch(/^queue\s+waiting\s+active\s+delayed\s+completed\s+failed\noutreach\s+0\s+0\s+2\s+0\s+0\nsend-web\s+1/);
  });

  it('Prometheus metrics: queue depth, sends and suppressions by reason', async () => {
    const m = createOutreachMetrics(() => queues.all());
    m.sent.inc({ channel: 'web', trigger: 'cart_abandoned' });
    m.suppressed.inc({ channel: 'wechat-official', reason: 'window_closed' }, 2);
    m.sendLatency.observe({ channel: 'web' }, 0.2);
    const text = await m.registry.metrics();
    expect(text).toContain('kefu_queue_jobs{queue="outreach",state="delayed"} 2');
    expect(text).toContain('kefu_queue_jobs{queue="send-web",state="waiting"} 1');
    expect(text).toContain('kefu_outreach_suppressed_total{channel="wechat-official",reason="window_closed"} 2');
    expect(text).toContain('kefu_outreach_send_latency_seconds_count{channel="web"} 1');
  });

  it('Bull Board at /admin/queues needs the admin token', async () => {
    const app = Fastify();
    await mountBullBoard(app, queues.all(), { adminToken: TOKEN });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await fetch(`${base}/admin/queues/api/queues`)).status).toBe(401);
      const basic = `Basic ${Buffer.from(`ops:${TOKEN}`).toString('base64')}`;
      const res = await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: basic } });
      expect(res.status).toBe(200);
      expect(JSON.stringify(await res.json())).toContain('send-web');
      const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<html');
      // no third-party requests from an admin page (Bull Board's template links a web font host): nothing leaves the LAN
      expect(html).not.toMatch(/(href|src)="https?:\/\//);
    } finally {
      await app.close();
    }
  });
});
