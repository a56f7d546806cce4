/**
 * Outreach benchmark (`npm run bench:outreach [-- --deliveries 10000 --plain 20000 --campaign 1000000 --naive 100000 --crash 2000]`).
 *
 * In one run, on the shared Redis 127.0.0.1:6379 under a private key prefix (deleted at the end):
 *   1. plain BullMQ: empty jobs through one queue (addBulk + a worker at concurrency 100), jobs/s;
 *   2. kefu delivery: due jobs → every policy check (opt-out, quiet hours, caps, WeChat window Lua) → channel
 *      choice → send queue → idempotent delivery to a loopback HTTP fake channel, messages/s, and the ratio to 1;
 *   3. scheduling a campaign of `--campaign` users (streamed, chunk jobs of 1,000) vs naive addBulk of one job
 *      per user, measured on `--naive` users and extrapolated linearly (said so in the output);
 *   4. crash: a child worker (tsx) SIGKILLed after ~25 % of `--crash` deliveries, a second worker finishes;
 *      expected, delivered, duplicated (accepted twice), duplicate requests dropped by the channel, lost.
 * Prints a Markdown table with machine info and writes bench/results/outreach-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { scheduleCampaign } from '../src/outreach/campaign';
import { createOutreach } from '../src/outreach/create-outreach';
import { localMinuteOfDay } from '../src/outreach/policy/quiet-hours';
import { OutreachQueues } from '../src/outreach/queues';
import { FakeChannel, HttpLoopbackSender } from '../test/outreach/fixtures/fake-channel';
import { kill, spawnWorker } from '../test/outreach/fixtures/spawn-worker';
import { deletePrefix, REDIS, testPrefix, until } from '../test/outreach/helpers';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const ARGS = {
  deliveries: arg('deliveries', 10_000),
  plain: arg('plain', 20_000),
  campaign: arg('campaign', 1_000_000),
  naive: arg('naive', 100_000),
  crash: arg('crash', 2000),
};
const prefix = testPrefix().replace('kefu-test', 'kefu-bench');
const redis = new Redis({ ...REDIS, maxRetriesPerRequest: null });
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function plainBullmq(n: number): Promise<{ jobs: number; ms: number; perSecond: number }> {
  const opts = { connection: REDIS, prefix: `${prefix}:plain` };
  const q = new Queue('plain', opts);
  for (let i = 0; i < n; i += 1000)
    await q.addBulk(
      Array.from({ length: Math.min(1000, n - i) }, (_, j) => ({ name: 'e', data: { i: i + j }, opts: { removeOnComplete: true } })),
    );
  let done = 0;
  const start = Date.now();
  const w = new Worker('plain', async () => undefined, { ...opts, concurrency: 100 });
  w.on('completed', () => void (done += 1));
  await until(() => done >= n, 600_000, 10);
  const ms = Date.now() - start;
  await w.close();
  await q.close();
  return { jobs: n, ms, perSecond: rate(n, ms) };
}

async function policyDelivery(n: number): Promise<{ messages: number; ms: number; perSecond: number; delivered: number }> {
  const channel = new FakeChannel(0);
  const url = await channel.start();
  const minute = localMinuteOfDay(Date.now(), 'Asia/Shanghai');
  const quietHours = { startMinute: (minute + 60) % 1440, endMinute: (minute + 120) % 1440 }; // checked, never blocking now
  const p = `${prefix}:d`;
  const outreach = createOutreach({
    redis,
    connection: REDIS,
    prefix: p,
    triggers: [],
    users: {
      get: async (id) => ({ id, identities: [], isNew: false, attributes: {}, tags: [], optedOut: false, createdAt: '', lastSeenAt: '' }),
    },
    directory: { channelsOf: async (id) => [{ ref: { channel: 'wechat-official', conversationId: id, userId: id }, lastInboundAt: 1 }] },
    sender: new HttpLoopbackSender(url),
    policy: { quietHours },
  });
  const now = Date.now();
  for (let i = 0; i < n; i += 1000) {
    const pipe = redis.pipeline();
    for (let j = i; j < Math.min(n, i + 1000); j++)
      pipe.hset(`${p}:outreach:win:wechat-official:bench-${j}`, 'message', now, 'message:used', 0);
    await pipe.exec();
    await outreach.queues.due.addBulk(
      Array.from({ length: Math.min(1000, n - i) }, (_, k) => ({
        name: 'due',
        data: {
          triggerId: 'bench',
          userId: `bench-${i + k}`,
          kind: 'marketing',
          action: { message: { type: 'text', text: '亲，您关注的商品降价啦～' } },
        },
        opts: { jobId: `bench.${i + k}` },
      })),
    );
  }
  const start = Date.now();
  outreach.startWorkers({ channels: ['wechat-official'], concurrency: 100 });
  await until(() => channel.delivered.size >= n, 600_000, 10);
  const ms = Date.now() - start;
  await outreach.close();
  await channel.stop();
  return { messages: n, ms, perSecond: rate(n, ms), delivered: channel.delivered.size };
}

async function* userIds(n: number): AsyncGenerator<string> {
  for (let i = 0; i < n; i++) yield `user-${i}`;
}

async function campaign(n: number, naiveN: number) {
  const queues = new OutreachQueues({ connection: REDIS, prefix: `${prefix}:c` });
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
  const heapBefore = process.memoryUsage().heapUsed;
  const start = Date.now();
  const r = await scheduleCampaign(queues, {
    id: 'bench',
    segment: userIds(n),
    at: Date.now() + 3_600_000,
    message: { type: 'text', text: '双11预热，全场满300减50～' },
  });
  const chunkedMs = Date.now() - start;
  clearInterval(sampler);
  await queues.close();
  const naiveQ = new Queue('naive', { connection: REDIS, prefix: `${prefix}:n` });
  const t0 = Date.now();
  for (let i = 0; i < naiveN; i += 1000) {
    await naiveQ.addBulk(
      Array.from({ length: Math.min(1000, naiveN - i) }, (_, j) => ({
        name: 'due',
        data: { triggerId: 'campaign_bench', userId: `user-${i + j}`, kind: 'marketing' },
        opts: { jobId: `campaign_bench.user-${i + j}`, delay: 3_600_000 },
      })),
    );
  }
  const naiveMs = Date.now() - t0;
  await naiveQ.close();
  return {
    users: r.users,
    chunks: r.chunks,
    chunkedMs,
    chunkedUsersPerSecond: rate(r.users, chunkedMs),
    peakHeapGrowthMB: Math.max(0, Math.round((peakHeap - heapBefore) / 1e5) / 10),
    naiveUsersMeasured: naiveN,
    naiveMs,
    naiveExtrapolatedMs: Math.round((naiveMs * n) / naiveN),
    naiveUsersPerSecond: rate(naiveN, naiveMs),
  };
}

async function crash(n: number) {
  const channel = new FakeChannel(5);
  const url = await channel.start();
  const p = `${prefix}:x`;
  const queues = new OutreachQueues({ connection: REDIS, prefix: `${p}:bull` });
  await scheduleCampaign(queues, {
    id: 'crash',
    segment: userIds(n),
    at: Date.now(),
    message: { type: 'text', text: '亲，新品上架啦～' },
    chunkSize: 100,
  });
  const env = { PREFIX: p, CHANNEL_URL: url, REDIS_PORT: '6379', CONCURRENCY: '20' };
  const first = await spawnWorker(env);
  await until(() => channel.delivered.size >= n / 4, 120_000, 2);
  await kill(first, 'SIGKILL');
  const atKill = channel.delivered.size;
  const second = await spawnWorker(env);
  await until(() => channel.delivered.size >= n, 300_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 3000));
  await kill(second, 'SIGTERM');
  await queues.close();
  await channel.stop();
  const perUser = channel.perUser();
  let duplicated = 0;
  for (const c of perUser.values()) duplicated += c - 1;
  return {
    expected: n,
    deliveredAtKill: atKill,
    delivered: perUser.size,
    duplicated,
    duplicateRequestsDroppedByChannel: channel.duplicateRequests(),
    lost: n - perUser.size,
  };
}

async function machine() {
  const info = await redis.info('server');
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e8) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? '?',
  };
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { at: new Date().toISOString(), args: ARGS, machine: await machine() };
  try {
    const plain = await plainBullmq(ARGS.plain);
    const delivery = await policyDelivery(ARGS.deliveries);
    results['plainBullmq'] = plain;
    results['policyDelivery'] = { ...delivery, ratioToPlain: Math.round((delivery.perSecond / plain.perSecond) * 1000) / 1000 };
    await deletePrefix(redis, prefix);
    results['campaign'] = await campaign(ARGS.campaign, ARGS.naive);
    await deletePrefix(redis, prefix);
    results['crash'] = await crash(ARGS.crash);
  } finally {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  }
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const file = join(__dirname, 'results', `outreach-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${table(results)}\nSaved ${file}\n`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the results object is built above; a loose view keeps the table short
function table(r: Record<string, any>): string {
  const m = r['machine'];
  const c = r['campaign'];
  const x = r['crash'];
  return [
    `Machine: ${m.cpu} × ${m.cores}, ${m.memoryGB} GB, ${m.os}, Node ${m.node}, Redis ${m.redis}`,
    '',
    '| measure | result |',
    '|---|---|',
    `| plain BullMQ, empty jobs (concurrency 100) | ${r['plainBullmq'].perSecond} jobs/s (${r['plainBullmq'].jobs} in ${r['plainBullmq'].ms} ms) |`,
    `| kefu delivery, all policy checks, loopback channel | ${r['policyDelivery'].perSecond} msgs/s (${r['policyDelivery'].messages} in ${r['policyDelivery'].ms} ms) |`,
    `| ratio kefu / plain | ${r['policyDelivery'].ratioToPlain} (each message = 2 jobs + 1 HTTP send) |`,
    `| schedule ${c.users} users (chunked) | ${c.chunkedMs} ms (${c.chunks} chunk jobs, ${c.chunkedUsersPerSecond} users/s, peak heap +${c.peakHeapGrowthMB} MB) |`,
    `| naive addBulk, one job per user | ${c.naiveMs} ms for ${c.naiveUsersMeasured} measured → ~${c.naiveExtrapolatedMs} ms for ${c.users} (extrapolated linearly) |`,
    `| crash (SIGKILL at ${x.deliveredAtKill}/${x.expected}) | expected ${x.expected}, delivered ${x.delivered}, duplicated ${x.duplicated}, lost ${x.lost}; ${x.duplicateRequestsDroppedByChannel} repeated requests dropped by the channel's idempotency key |`,
  ].join('\n');
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
