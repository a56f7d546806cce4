/**
 * Behaviour events benchmark (`npm run bench:events [-- --seconds 60 --connections 8 --batch 1000 --users 100000
 * --partitions 8 --consumers 1 --rate 0 --cpu-prof <dir>]`), on the shared Redis 127.0.0.1:6379 under a private key prefix (deleted at the end):
 *   1. sustained: `--connections` HTTP clients POST batches of `--batch` events (a shop-like mix of the 16 types)
 *      to a kefu `POST /events` in its own process for `--seconds` (as fast as they can, or paced to `--rate`
 *      events/s in total when it is above 0), while `--consumers` consumer processes apply
 *      them to the hot features (dedupe + update Lua per batch, XACK). Reports events/s accepted (HTTP 202) and
 *      applied, the feature lag p50/p99 (XADD → features visible, per event), the drain time after the load
 *      stops, RSS of the processes and Redis used_memory;
 *   2. ceilings: plain pipelined XADD of the same events (same JSON, same partitions), one entry per event, from
 *      one client, events/s, and the ratio accepted / ceiling (the named baseline); then the same with one packed
 *      entry per batch and partition (what POST /events writes), and the ratio accepted / packed ceiling.
 * The request bodies are built before the clock starts (StampedBody: a request only writes its id into them), so
 * the generator costs next to nothing. Also reports Redis's µs per event by command (INFO commandstats);
 * `--cpu-prof <dir>` makes the server and consumer processes write V8 CPU profiles there.
 * Prints a Markdown table and writes bench/results/events-<timestamp>.json.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { EventStreams } from '../src/events/event-streams';
import { deletePrefix, testPrefix } from '../test/outreach/helpers';
import { redisCpuUs } from './events-kit/redis-cpu';
import { bodyTemplate, StampedBody, withId } from './events-kit/workload';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const ARGS = {
  seconds: arg('seconds', 60),
  connections: arg('connections', 8),
  batch: arg('batch', 1000),
  users: arg('users', 100_000),
  partitions: arg('partitions', 8),
  consumers: arg('consumers', 1),
  /** Offered events/s over all connections; 0: as fast as the server answers. */
  rate: arg('rate', 0),
};
/** `--cpu-prof <dir>`: the server and consumer processes write V8 CPU profiles there (open in Chrome DevTools). */
const PROFILE_DIR = process.argv.includes('--cpu-prof') ? process.argv[process.argv.indexOf('--cpu-prof') + 1] : undefined;
const TOKEN = 'bench-admin-token-0123456789';
const prefix = testPrefix().replace('kefu-test', 'kefu-bench');
const redis = new Redis({ host: '127.0.0.1', port: 6379 });

type Message = { kind: string; [k: string]: unknown };
function child(role: string): Promise<{ proc: ChildProcess; first: Message }> {
  const proc = fork(join(__dirname, 'events-kit', 'roles.ts'), [role, prefix, TOKEN, String(ARGS.partitions)], {
    execArgv: ['--import', 'tsx', ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', (m) => resolve({ proc, first: m as Message }));
    proc.once('exit', (code) => reject(new Error(`${role} exited ${code}`)));
  });
}
function ask(proc: ChildProcess, kind: string, answer: string): Promise<Message> {
  return new Promise((resolve) => {
    const on = (m: Message): void => {
      if (m.kind !== answer) return;
      proc.off('message', on);
      resolve(m);
    };
    proc.on('message', on);
    proc.send({ kind });
  });
}
const percentile = (hist: number[], p: number): number => {
  const total = hist.reduce((a, b) => a + b, 0);
  let seen = 0;
  for (let ms = 0; ms < hist.length; ms += 1) if ((seen += hist[ms]!) >= total * p) return ms;
  return hist.length - 1;
};
const usedMemory = async (): Promise<number> => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
/** Redis's own time per command (INFO commandstats: calls, µs), to report µs of Redis per event. */
const commandStats = async (): Promise<Record<string, { calls: number; usec: number }>> => {
  const out: Record<string, { calls: number; usec: number }> = {};
  for (const m of (await redis.info('commandstats')).matchAll(/cmdstat_(\w+):calls=(\d+),usec=(\d+)/g))
    out[m[1]!] = { calls: Number(m[2]), usec: Number(m[3]) };
  return out;
};

/** CPU µs used so far by the given children, this process (the load generator) and the Redis server (INFO cpu). */
async function cpuNow(procs: ChildProcess[]): Promise<{ children: number[]; generator: number; redis: number }> {
  const children = await Promise.all(procs.map(async (p) => (await ask(p, 'cpu', 'cpu'))['cpuUs'] as number));
  const own = process.cpuUsage();
  return { children, generator: own.user + own.system, redis: await redisCpuUs(redis) };
}

async function sustained() {
  const server = await child('server');
  const consumers = await Promise.all(Array.from({ length: ARGS.consumers }, () => child('consumer')));
  const applied = new Map<ChildProcess, number>();
  for (const c of consumers) c.proc.on('message', (m: Message) => m.kind === 'progress' && applied.set(c.proc, m['applied'] as number));
  const totalApplied = (): number => [...applied.values()].reduce((a, b) => a + b, 0);
  const url = `${server.first['url'] as string}/events`;
  // every connection's bodies are built before the clock starts; a request only stamps its id into them
  const templates = Array.from({ length: 16 }, (_, t) => bodyTemplate(ARGS.batch, ARGS.users, t * ARGS.batch));
  const bodies = Array.from({ length: ARGS.connections }, () => templates.map((t) => new StampedBody(t)));
  const memoryBefore = await usedMemory();
  const statsBefore = await commandStats();
  const cpuBefore = await cpuNow([server.proc, ...consumers.map((c) => c.proc)]);
  let accepted = 0;
  let failed = 0;
  let requests = 0;
  const start = Date.now();
  const end = start + ARGS.seconds * 1000;
  const client = async (c: number): Promise<void> => {
    for (let n = 0; Date.now() < end; n += 1) {
      if (ARGS.rate > 0) {
        const due = start + ((n * ARGS.connections + c) * ARGS.batch * 1000) / ARGS.rate;
        if (due >= end) break;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
      const body = bodies[c]![(c + n) % templates.length]!.stamp(`${c.toString(36)}x${n.toString(36)}`);
      const res = await fetch(url, {
        method: 'POST',
        body: body as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      });
      await res.arrayBuffer();
      requests += 1;
      if (res.status === 202) accepted += ARGS.batch;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: ARGS.connections }, (_, c) => client(c)));
  const loadMs = Date.now() - start;
  const appliedAtEnd = totalApplied();
  const serverRss = (await ask(server.proc, 'rss', 'rss'))['rss'] as number;
  const memoryPeak = await usedMemory();
  const drainStart = Date.now();
  while (totalApplied() < accepted && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 100));
  const drainMs = Date.now() - drainStart;
  const reports = await Promise.all(consumers.map((c) => ask(c.proc, 'report', 'report')));
  const statsAfter = await commandStats();
  const cpuAfter = await cpuNow([server.proc, ...consumers.map((c) => c.proc)]);
  // CPU µs per accepted event over load and drain, by process (the generator is this process)
  const perEvent = (us: number): number => Math.round((us / Math.max(1, accepted)) * 10) / 10;
  const cpuUsPerEvent = {
    generator: perEvent(cpuAfter.generator - cpuBefore.generator),
    server: perEvent(cpuAfter.children[0]! - cpuBefore.children[0]!),
    consumers: perEvent(cpuAfter.children.slice(1).reduce((a, b) => a + b, 0) - cpuBefore.children.slice(1).reduce((a, b) => a + b, 0)),
    redis: perEvent(cpuAfter.redis - cpuBefore.redis),
  };
  // Redis µs per accepted event by command over load and drain (the shared Redis: other work adds a little)
  const redisUsPerEvent: Record<string, number> = {};
  for (const name of ['evalsha', 'xadd', 'xreadgroup', 'xack', 'xautoclaim']) {
    const usec = (statsAfter[name]?.usec ?? 0) - (statsBefore[name]?.usec ?? 0);
    redisUsPerEvent[name] = Math.round((usec / Math.max(1, accepted)) * 100) / 100;
  }
  const lags = reports.reduce<number[]>((sum, r) => (r['lags'] as number[]).map((v, i) => v + (sum[i] ?? 0)), []);
  // wait for the children to exit: a consumer still reading after the prefix is deleted would recreate its streams
  await Promise.all(
    [server.proc, ...consumers.map((c) => c.proc)].map(
      (p) =>
        new Promise((resolve) => {
          p.once('exit', resolve);
          p.send({ kind: 'stop' });
        }),
    ),
  );
  return {
    seconds: loadMs / 1000,
    requests,
    failedRequests: failed,
    accepted,
    acceptedPerSecond: Math.round(accepted / (loadMs / 1000)),
    appliedDuringLoadPerSecond: Math.round(appliedAtEnd / (loadMs / 1000)),
    applied: reports.reduce((a, r) => a + (r['applied'] as number), 0),
    duplicates: reports.reduce((a, r) => a + (r['duplicates'] as number), 0),
    drainMs,
    redisUsPerEvent,
    cpuUsPerEvent,
    lagP50Ms: percentile(lags, 0.5),
    lagP99Ms: percentile(lags, 0.99),
    lagMaxMs: percentile(lags, 1),
    serverRssMb: Math.round(serverRss / 1e6),
    consumerRssMb: reports.map((r) => Math.round((r['rss'] as number) / 1e6)),
    redisUsedMemoryMb: { before: Math.round(memoryBefore / 1e6), atLoadEnd: Math.round(memoryPeak / 1e6) },
  };
}

/**
 * The ceilings, from one client, 4 pipelines in flight: `plain` XADDs one entry per event (field `e`, the named
 * baseline), `packed` one entry per 1,000-event batch and partition (field `b`, what POST /events writes now).
 * Same events, same partitions, serialised once; each round only makes the ids new.
 */
async function ceiling(seconds: number, packed: boolean) {
  const streams = new EventStreams({ redis, prefix: `${prefix}-ceiling`, partitions: ARGS.partitions });
  const events = JSON.parse(bodyTemplate(ARGS.batch, ARGS.users, 0)) as { userId: string }[];
  const byKey = new Map<string, unknown[]>();
  for (const e of events) byKey.set(streams.keyOf(e), [...(byKey.get(streams.keyOf(e)) ?? []), e]);
  const entries: (readonly [key: string, field: string, json: string])[] = packed
    ? [...byKey].map(([key, list]) => [key, 'b', JSON.stringify(list)] as const)
    : events.map((e) => [streams.keyOf(e), 'e', JSON.stringify(e)] as const);
  let added = 0;
  const start = Date.now();
  const lanes = Array.from({ length: 4 }, async (_, lane) => {
    for (let n = 0; Date.now() - start < seconds * 1000; n += 1) {
      const pipeline = redis.pipeline();
      for (const [key, field, json] of entries)
        pipeline.xadd(key, 'MAXLEN', '~', streams.maxLength, '*', field, withId(json, `c${lane}x${n}`));
      await pipeline.exec();
      added += events.length;
    }
  });
  await Promise.all(lanes);
  const ms = Date.now() - start;
  await deletePrefix(redis, `${prefix}-ceiling`);
  return { seconds: ms / 1000, added, perSecond: Math.round(added / (ms / 1000)) };
}

async function main(): Promise<void> {
  const run = await sustained();
  await deletePrefix(redis, prefix);
  const ceilingSeconds = Math.max(5, Math.min(20, ARGS.seconds / 3));
  const plain = await ceiling(ceilingSeconds, false);
  const packed = await ceiling(ceilingSeconds, true);
  const result = {
    benchmark: 'events',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 1e9), node: process.version },
    args: ARGS,
    sustained: run,
    ceiling: plain,
    packedCeiling: packed,
    ratio: Math.round((run.acceptedPerSecond / plain.perSecond) * 100) / 100,
    packedRatio: Math.round((run.acceptedPerSecond / packed.perSecond) * 100) / 100,
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`
| measure | value |
|---|---|
| events/s accepted over HTTP (${run.seconds.toFixed(0)} s, ${ARGS.connections} connections × ${ARGS.batch} events${ARGS.rate > 0 ? `, paced to ${ARGS.rate.toLocaleString('en')}/s` : ''}) | ${run.acceptedPerSecond.toLocaleString('en')} |
| events/s applied to features during the load | ${run.appliedDuringLoadPerSecond.toLocaleString('en')} |
| feature lag p50 / p99 / max (XADD → visible) | ${run.lagP50Ms} / ${run.lagP99Ms} / ${run.lagMaxMs} ms |
| drain after the load stopped | ${(run.drainMs / 1000).toFixed(1)} s |
| ceiling: plain pipelined XADD, one entry per event | ${plain.perSecond.toLocaleString('en')} events/s |
| ratio accepted / ceiling | ${result.ratio} |
| packed ceiling: pipelined XADD, one entry per batch and partition | ${packed.perSecond.toLocaleString('en')} events/s |
| ratio accepted / packed ceiling | ${result.packedRatio} |
| Redis µs per event (evalsha / xadd / xreadgroup / xack) | ${['evalsha', 'xadd', 'xreadgroup', 'xack'].map((c) => run.redisUsPerEvent[c]).join(' / ')} |
| CPU µs per event: generator / server / consumer(s) / Redis (2 cores = ${Math.round(2e6 / Math.max(1, run.acceptedPerSecond))} µs at this rate) | ${run.cpuUsPerEvent.generator} / ${run.cpuUsPerEvent.server} / ${run.cpuUsPerEvent.consumers} / ${run.cpuUsPerEvent.redis} |
| RSS server / consumer(s); Redis used_memory at load end | ${run.serverRssMb} MB / ${run.consumerRssMb.join(', ')} MB; ${run.redisUsedMemoryMb.atLoadEnd} MB |`);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `events-${result.at.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(result, null, 2)}\n`);
  redis.disconnect();
}

void main().catch(async (err) => {
  console.error(err);
  await deletePrefix(redis, prefix).catch(() => undefined);
  process.exit(1);
});
