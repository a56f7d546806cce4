/**
 * WeChat webhook benchmark (`npm run bench:wechat [-- --pushes 10000 --paced 4000 --think 1000 --bursts 10 --gap 2000 --concurrency 200]`).
 *
 * Safe-mode (AES-256-CBC, msg_signature) Official Account pushes of shopper texts, `concurrency` in flight at
 * a time, sent by a load client in a worker thread (its own event loop) over keep-alive loopback connections to:
 *   1. kefu: the real `startKefu()` of src/main.ts with the Official Account door open and `replyMode: api`
 *      (verify both signatures, check the timestamp, decrypt, read the XML safely, dedupe in Redis, acknowledge;
 *      the turn and the customer-service API call to a fake WeChat API server follow). The fake runs in a worker
 *      thread of its own (the real API is another machine). Temporary SQLite file and a unique Redis prefix,
 *      both cleaned afterwards. Once as one process (`--role all`), once split: a `--role web` process that
 *      only acknowledges and a `kefu start --role worker` child process that runs the turns.
 *   2. baseline `fastify-success`: a bare fastify POST route that answers "success" and reads nothing.
 * Three loads: paced (each of `concurrency` shoppers pushes every 0.5–1.5 × `think` ms, a very busy shop), burst
 * (`bursts` times, `concurrency` pushes fired at the same moment, then `gap` ms of quiet: a live-room announcement)
 * and saturation (`concurrency` pushes always in flight). Reports acknowledgement latency (request → response)
 * p50/p90/p99/max and pushes/s, the p99 ratio to the baseline, and whether every shopper got a reply afterwards. Prints a Markdown table and writes
 * bench/results/wechat-<timestamp>.json. Each shopper (openid) sends one push, so WeChat's 5-message window
 * never refuses a reply.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config/load-config';
import { startKefu } from '../src/main';
import { serialisePush, signPush, type FakeApp } from '../test/helpers/fake-wechat-official';
import { startKefuProcess } from '../test/helpers/kefu-process';
import { postgresDatabase } from '../test/store/databases';

const TEXTS = ['你好', '这件卫衣有XL吗', '我的快递到哪了', '有优惠券吗', '怎么退货', '谢谢', '在吗', '发什么快递'];
const APP: FakeApp = {
  appId: 'wxbench00000000001',
  secret: 'bench-secret',
  token: 'benchtoken2026',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

interface Args {
  /** Pushes of the saturation run (every lane sends its next push as soon as the last is acknowledged). */
  pushes: number;
  /** Pushes of the paced run (each lane = a shopper who waits 0.5–1.5× `think` ms between pushes). */
  paced: number;
  think: number;
  /** Bursts of the burst run: `concurrency` pushes fired at the same moment, then `gap` ms of quiet. */
  bursts: number;
  gap: number;
  concurrency: number;
  warmup: number;
  /** Which loads to run (`--modes paced,burst`; default all three). */
  modes: Mode[];
  /**
   * Which targets to run (`--targets one,split,baseline`; default those three). `acks-only` is a diagnostic: a
   * web role with no worker, so pushes are acknowledged and kept but no turn runs (the acknowledgement path alone).
   */
  targets: Target[];
  /** kefu's database: a temp SQLite file (default) or a fresh schema in PostgreSQL 127.0.0.1:5432/test (`--db postgres`). */
  db: 'sqlite' | 'postgres';
}

type Mode = 'paced' | 'burst' | 'saturation';
type Target = 'one' | 'split' | 'baseline' | 'acks-only';

function parseArgs(argv: string[]): Args {
  const get = (name: string, fallback: number, max: number): number => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number.parseInt(argv[i + 1] ?? '', 10) : fallback;
    return Math.max(1, Math.min(max, Number.isFinite(v) ? v : fallback));
  };
  return {
    pushes: get('pushes', 10_000, 200_000),
    paced: get('paced', 4_000, 100_000),
    think: get('think', 1_000, 10_000),
    bursts: get('bursts', 10, 1_000),
    gap: get('gap', 2_000, 60_000),
    concurrency: get('concurrency', 200, 2_000),
    warmup: get('warmup', 1_000, 20_000),
    modes: list<Mode>('modes', ['paced', 'burst', 'saturation']),
    targets: list<Target>('targets', ['one', 'split', 'baseline', 'acks-only'], ['one', 'split', 'baseline']),
    db: list<'sqlite' | 'postgres'>('db', ['sqlite', 'postgres'], ['sqlite'])[0]!,
  };

  function list<T extends string>(name: string, all: T[], fallback = all): T[] {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const picked = (argv[i + 1] ?? '').split(',').filter((x): x is T => (all as string[]).includes(x));
    if (picked.length === 0) throw new Error(`--${name} takes a comma-separated list of ${all.join(', ')}`);
    return picked;
  }
}

/** One prepared request: path with the signed query, and the encrypted XML body. */
interface Prepared {
  path: string;
  body: string;
}

/** Build `n` signed, encrypted pushes, each from its own shopper. */
function preparePushes(n: number, tag: string): Prepared[] {
  const now = Math.floor(Date.now() / 1000);
  return Array.from({ length: n }, (_, i) => {
    const openid = `o${tag}${i}`;
    const xml = serialisePush(
      {
        ToUserName: `gh_${APP.appId}`,
        FromUserName: openid,
        CreateTime: now,
        MsgType: 'text',
        Content: TEXTS[i % TEXTS.length]!,
        MsgId: `${tag.length}${Date.now()}${i}`,
      },
      'xml',
    );
    const signed = signPush(APP, xml, { safe: true, format: 'xml', timestamp: now });
    return { path: `/wechat/official/${APP.appId}?${signed.query.toString()}`, body: signed.body };
  });
}

/** The load client: plain JS in a worker thread; keep-alive agent with `concurrency` sockets. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, requests, concurrency, thinkMs, burstGapMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const latencies = new Float64Array(requests.length);
let next = 0, failed = 0, notSuccess = 0;
function one(i) {
  return new Promise((resolve) => {
    const r = requests[i];
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, path: r.path, method: 'POST', agent, headers: { 'content-type': 'text/xml' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.statusCode !== 200) failed++;
        else if (body !== 'success' && body !== '') notSuccess++;
        resolve();
      });
    });
    req.on('error', () => { failed++; latencies[i] = NaN; resolve(); });
    req.end(r.body);
  });
}
const think = () => new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
async function lane() {
  if (thinkMs > 0) await think();
  while (next < requests.length) {
    await one(next++);
    if (thinkMs > 0) await think();
  }
}
async function bursts() {
  for (let start = 0; start < requests.length; start += concurrency) {
    const wave = [];
    for (let i = start; i < Math.min(requests.length, start + concurrency); i++) wave.push(one(i));
    await Promise.all(wave);
    if (start + concurrency < requests.length) await new Promise((r) => setTimeout(r, burstGapMs));
  }
}
(async () => {
  const t0 = Date.now();
  await (burstGapMs > 0 ? bursts() : Promise.all(Array.from({ length: concurrency }, lane)));
  const ms = Date.now() - t0;
  agent.destroy();
  parentPort.postMessage({ latencies: Array.from(latencies), ms, failed, notSuccess });
})();
`;

interface LoadResult {
  target: string;
  mode: 'paced' | 'burst' | 'saturation';
  pushes: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  failed: number;
  notSuccess: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(
  target: string,
  port: number,
  requests: Prepared[],
  concurrency: number,
  thinkMs = 0,
  burstGapMs = 0,
): Promise<LoadResult> {
  const out = await new Promise<{ latencies: number[]; ms: number; failed: number; notSuccess: number }>((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { port, requests, concurrency, thinkMs, burstGapMs } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const sorted = out.latencies.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  return {
    target,
    mode: thinkMs > 0 ? 'paced' : burstGapMs > 0 ? 'burst' : 'saturation',
    pushes: requests.length,
    perSecond: Math.round((requests.length / out.ms) * 1000),
    p50: r2(percentile(sorted, 50)),
    p90: r2(percentile(sorted, 90)),
    p99: r2(percentile(sorted, 99)),
    max: r2(sorted.at(-1) ?? NaN),
    failed: out.failed,
    notSuccess: out.notSuccess,
  };
}

/** The fake WeChat API in its own worker thread (see bench/fixtures/fake-wechat-thread.ts). */
class ThreadedFake {
  private constructor(
    private readonly worker: Worker,
    readonly baseUrl: string,
  ) {}
  private nextId = 0;

  static async start(): Promise<ThreadedFake> {
    const file = join(__dirname, 'fixtures', 'fake-wechat-thread.ts');
    const worker = new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`, {
      eval: true,
      workerData: { app: APP },
    });
    const baseUrl = await new Promise<string>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: { baseUrl: string }) => resolve(m.baseUrl));
    });
    return new ThreadedFake(worker, baseUrl);
  }

  open(openids: string[]): void {
    this.worker.postMessage({ open: { appId: APP.appId, openids } });
  }

  answered(prefix: string): Promise<number> {
    const id = (this.nextId += 1);
    return new Promise((resolve) => {
      const listen = (m: { id?: number; answered?: number }): void => {
        if (m.id !== id) return;
        this.worker.off('message', listen);
        resolve(m.answered ?? 0);
      };
      this.worker.on('message', listen);
      this.worker.postMessage({ count: { prefix, id } });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.worker.once('message', () => resolve());
      this.worker.postMessage({ close: true });
    });
    await this.worker.terminate();
  }
}

/** One measured run and, for kefu, whether every shopper got a reply afterwards. */
interface Measured {
  result: LoadResult;
  /** Shoppers answered through the API / pushes; undefined for the baseline (it answers nobody). */
  replied?: number;
  /** How long after the run ended the last reply went out (ms). */
  repliedWithinMs?: number;
}

async function baseline(args: Args): Promise<Measured[]> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post('/wechat/official/:appId', async () => 'success');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const name = 'fastify-success (baseline)';
  try {
    await load('warmup', port, preparePushes(args.warmup, 'bw'), args.concurrency);
    const runs: Measured[] = [];
    if (args.modes.includes('paced'))
      runs.push({ result: await load(name, port, preparePushes(args.paced, 'bp'), args.concurrency, args.think) });
    if (args.modes.includes('burst'))
      runs.push({ result: await load(name, port, preparePushes(args.bursts * args.concurrency, 'bb'), args.concurrency, 0, args.gap) });
    if (args.modes.includes('saturation'))
      runs.push({ result: await load(name, port, preparePushes(args.pushes, 'bs'), args.concurrency) });
    return runs;
  } finally {
    await app.close();
  }
}

/** A database for one kefu run: its URL and how to remove it afterwards. */
async function benchDatabase(kind: Args['db'], dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(dir, 'kefu.sqlite')}`, drop: async () => undefined };
  const pg = await postgresDatabase(); // a fresh schema in database test, dropped afterwards
  return { url: `${pg.url}?schema=${pg.schema}`, drop: () => pg.drop() };
}

async function kefuRun(args: Args, split: boolean, withWorker = split): Promise<Measured[]> {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-bench-wechat-'));
  const id = randomUUID().slice(0, 8);
  const prefix = `kefu-bench-${id}`;
  const database = await benchDatabase(args.db, dir);
  const fake = await ThreadedFake.start();
  const config = loadConfig(
    {},
    {
      role: split ? 'web' : 'all',
      port: 0,
      host: '127.0.0.1',
      databaseUrl: database.url,
      dataDir: dir,
      redisPrefix: prefix,
      logLevel: 'silent',
      wechatOfficialAppId: APP.appId,
      wechatOfficialToken: APP.token,
      wechatOfficialAesKey: APP.encodingAesKey,
      wechatOfficialSecret: APP.secret,
      wechatApiBase: fake.baseUrl,
      ...(process.env.KEFU_INBOX_CONCURRENCY ? { inboxConcurrency: Number(process.env.KEFU_INBOX_CONCURRENCY) } : {}),
    },
  );
  const kefu = await startKefu(config);
  const port = Number(new URL(kefu.url).port);
  // split: the turns run in a `kefu start --role worker` child process on the same Redis and database
  const worker = withWorker
    ? await startKefuProcess({
        KEFU_ROLE: 'worker',
        LOG_LEVEL: 'error',
        DATABASE_URL: config.databaseUrl,
        KEFU_DATA_DIR: dir,
        KEFU_REDIS_PREFIX: prefix,
        REDIS_URL: 'redis://127.0.0.1:6379',
        KEFU_WECHAT_OFFICIAL_APP_ID: APP.appId,
        KEFU_WECHAT_OFFICIAL_TOKEN: APP.token,
        KEFU_WECHAT_OFFICIAL_AES_KEY: APP.encodingAesKey!,
        KEFU_WECHAT_OFFICIAL_SECRET: APP.secret,
        KEFU_WECHAT_API_BASE: fake.baseUrl,
        KEFU_INBOX_CONCURRENCY: String(config.inboxConcurrency),
      })
    : undefined;
  try {
    const name = !split
      ? 'kefu, one process (acks and turns)'
      : withWorker
        ? 'kefu, web role (turns in a worker process)'
        : 'kefu, web role, no worker (acks only)';
    const run = async (tag: string, n: number, thinkMs: number, label: string, gapMs = 0): Promise<Measured> => {
      const pushes = preparePushes(n, tag);
      fake.open(Array.from({ length: n }, (_, i) => `o${tag}${i}`));
      const result = await load(label, port, pushes, args.concurrency, thinkMs, gapMs);
      if (!withWorker && split) return { result };
      const t0 = Date.now();
      const replied = await waitReplies(fake, n, tag);
      return { result, replied, repliedWithinMs: Date.now() - t0 };
    };
    await run('kw', args.warmup, 0, 'warmup');
    const runs: Measured[] = [];
    if (args.modes.includes('paced')) runs.push(await run('kp', args.paced, args.think, name));
    if (args.modes.includes('burst')) runs.push(await run('kb', args.bursts * args.concurrency, 0, name, args.gap));
    if (args.modes.includes('saturation')) runs.push(await run('ks', args.pushes, 0, name));
    return runs;
  } finally {
    await worker?.stop();
    await kefu.close();
    await fake.close();
    const redis = new Redis({ host: '127.0.0.1', port: 6379 });
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Wait (≤ 120 s) until every shopper `o<tag><n>` got at least one reply; returns how many did. */
async function waitReplies(fake: ThreadedFake, expected: number, tag: string): Promise<number> {
  const deadline = Date.now() + 120_000;
  let answered = await fake.answered(tag);
  while (answered < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 200));
    answered = await fake.answered(tag);
  }
  return answered;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e8) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
  };
  const runs = [
    ...(args.targets.includes('one') ? await kefuRun(args, false) : []),
    ...(args.targets.includes('split') ? await kefuRun(args, true) : []),
    ...(args.targets.includes('acks-only') ? await kefuRun(args, true, false) : []),
    ...(args.targets.includes('baseline') ? await baseline(args) : []),
  ];
  const baseOf = (mode: string): LoadResult | undefined =>
    runs.find((m) => m.result.target.includes('baseline') && m.result.mode === mode)?.result;
  const ratio = (r: LoadResult): string => {
    const base = baseOf(r.mode);
    return base ? `${Math.round((r.p99 / base.p99) * 10) / 10}×` : '—';
  };
  const table = [
    '| load | target | pushes | pushes/s | ack p50 (ms) | p90 | p99 | max | p99 vs baseline | non-200 | answered (+ms after) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...args.modes.flatMap((mode) =>
      runs
        .filter((m) => m.result.mode === mode)
        .map(({ result: r, replied, repliedWithinMs }) => {
          const answered = replied === undefined ? '—' : `${replied} (+${repliedWithinMs})`;
          return `| ${mode} | ${r.target} | ${r.pushes} | ${r.perSecond} | ${r.p50} | ${r.p90} | ${r.p99} | ${r.max} | ${ratio(r)} | ${r.failed + r.notSuccess} | ${answered} |`;
        }),
    ),
  ].join('\n');
  console.log(`\n${table}\n`);
  console.log(
    `paced: ${args.concurrency} shoppers, each pushing every ${args.think / 2}–${(args.think * 3) / 2} ms; burst: ${args.bursts} × ${args.concurrency} pushes fired at the same moment, ${args.gap} ms apart; saturation: ${args.concurrency} pushes always in flight. ` +
      'Target: ack p99 ≤ 50 ms (WeChat allows 5 s). answered: shoppers whose reply went out through the API, and how long after the run the last did.',
  );
  console.log(`kefu's database: ${args.db}`);
  console.log(`machine: ${machine.cores}× ${machine.cpu}, ${machine.memoryGB} GB, ${machine.os}, node ${machine.node}`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const file = join(__dirname, 'results', `wechat-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), args, machine, runs }, null, 2));
  console.log(`saved ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
