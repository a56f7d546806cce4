/**
 * Chat benchmark (`npm run bench:chat [-- --shoppers 200 --messages 5 --think 1000 --bot auto|baseline]`).
 *
 * Opens N concurrent WebSocket shoppers over loopback, each sending M messages one after another, and
 * measures per-turn latency (send → first reply) and turns/s, against two targets in the same run:
 *   1. kefu: the real bot through `startKefu(config)` of src/main.ts when present (temporary SQLite file,
 *      a unique Redis key prefix, cleaned afterwards), else buildServer + WebChatAdapter with a handler
 *      that replies at once (`--bot baseline` forces this);
 *   2. baseline `ws-echo`: a bare `ws` server speaking the same protocol (welcome, typing, reply).
 * The bot runs kefu's default recogniser (the intent model's teacher; KEFU_NLU_MODEL=student for the student);
 * `KEFU_NLU=rules npm run bench:chat` runs it with the rules recogniser.
 * Prints a Markdown table and writes bench/results/chat-<timestamp>.json. Loopback only; every loop is bounded.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../src/server/build-server';
import type { KefuConfig } from '../src/config/schema';
import { benchConfig, cleanRedis } from './dialogue-kit/start-bot';
import { createLogger } from '../src/index';
import { WebChatAdapter } from '../adapters/web';

const MESSAGES = ['你好', '这件卫衣有XL吗', '我的快递到哪了', '有优惠券吗', '卫衣什么材质的', '谢谢'];
const TURN_TIMEOUT_MS = 10_000;

interface Args {
  shoppers: number;
  messages: number;
  bot: 'auto' | 'baseline';
  /** Pause between a reply and the shopper's next message in the paced run (people read and type). */
  thinkMs: number;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string, fallback: string): string => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
  };
  const bounded = (v: string, max: number): number => Math.max(1, Math.min(max, Number.parseInt(v, 10) || 1));
  return {
    shoppers: bounded(get('shoppers', '200'), 2000),
    messages: bounded(get('messages', '5'), 100),
    bot: get('bot', 'auto') === 'baseline' ? 'baseline' : 'auto',
    thinkMs: Math.max(0, Math.min(10_000, Number.parseInt(get('think', '1000'), 10) || 0)),
  };
}

/** A running chat target. */
interface Target {
  name: string;
  url: string;
  close(): Promise<void>;
}

/** Result of one load run. */
interface LoadResult {
  target: string;
  /** `saturation`: every shopper sends the next message as soon as a turn ends; `paced`: with think time. */
  mode: string;
  shoppers: number;
  turns: number;
  answered: number;
  timeouts: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  turnsPerSecond: number;
  seconds: number;
}

const portOf = (app: FastifyInstance): number => (app.server.address() as AddressInfo).port;

/** What `startKefu(config)` in src/main.ts returns (the parts the bench uses). */
interface RunningKefuLike {
  url: string;
  close(): Promise<void>;
  core?: { redis?: { redis?: { scan(...args: unknown[]): Promise<[string, string[]]>; del(...keys: string[]): Promise<number> } } };
}

/** Load an optional export from a file of the project; undefined when the file or the export is missing. */
function optionalExport<T>(file: string, name: string): T | undefined {
  const full = join(__dirname, file);
  if (!existsSync(full)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const value = (require(full) as Record<string, unknown>)[name];
  return typeof value === 'function' ? (value as T) : undefined;
}

/** kefu with the real bot (src/main.ts startKefu) when present, else a baseline handler that replies at once. */
async function startKefu(args: Args): Promise<Target> {
  // kefu's default recogniser since the teacher (KEFU_NLU=rules for the rules recogniser)
  const { config, dataDir, prefix } = benchConfig('kefu-bench', process.env.KEFU_NLU ?? 'model');
  const start =
    args.bot === 'auto'
      ? optionalExport<(c: KefuConfig, o?: object) => Promise<RunningKefuLike>>('../src/main.ts', 'startKefu')
      : undefined;
  if (start) {
    const kefu = await start(config, { watchFlows: false });
    return {
      name: `kefu (real bot, ${config.nlu === 'model' ? `intent model ${config.nluModel}` : 'rules recogniser'})`,
      url: `${kefu.url.replace(/^http/, 'ws')}/chat/ws`,
      close: async () => {
        if (kefu.core?.redis?.redis) await cleanRedis(kefu.core.redis.redis, prefix);
        await kefu.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const logger = createLogger({ level: config.logLevel });
  const web = new WebChatAdapter({ rateLimit: { messages: 10_000, perMs: 1000 }, maxChars: config.maxMessageChars, logger });
  const app = await buildServer({ config, logger, adapters: [web], readiness: async () => ({}) });
  await web.start(async (msg) => {
    await web.send(msg.ref, { type: 'text', text: `亲，收到您的消息啦：${msg.text ?? ''}` });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    name: 'kefu (server + web adapter, instant bot)',
    url: `ws://127.0.0.1:${portOf(app)}${web.path}`,
    close: async () => {
      await web.stop();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The named baseline: a bare ws server that speaks the same protocol and replies at once. */
async function startEcho(): Promise<Target> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let seq = 0;
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; text?: string };
      if (frame.type === 'hello') {
        socket.send(JSON.stringify({ type: 'welcome', userId: `u_bench${++seq}xx`, conversationId: `c_bench${seq}xx`, history: [] }));
        return;
      }
      socket.send(JSON.stringify({ type: 'typing', on: true }));
      socket.send(
        JSON.stringify({ type: 'reply', id: `r${++seq}`, message: { type: 'text', text: `亲，收到您的消息啦：${frame.text ?? ''}` } }),
      );
      socket.send(JSON.stringify({ type: 'typing', on: false }));
    });
  });
  const { port } = wss.address() as AddressInfo;
  return { name: 'baseline: bare ws echo', url: `ws://127.0.0.1:${port}/`, close: () => new Promise((r) => wss.close(() => r())) };
}

/** One shopper: connect, hello, then `count` turns, each waiting for the turn to end (typing off). */
async function shopper(
  url: string,
  count: number,
  latencies: number[],
  tally: { timeouts: number; errors: number; turns: number },
  load: { connected: () => void; go: Promise<void>; thinkMs: number },
): Promise<void> {
  const socket = new WebSocket(url);
  let onFrame: (f: { type: string; on?: boolean }) => void = () => undefined;
  socket.on('message', (data) => onFrame(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const until = (pred: (f: { type: string; on?: boolean }) => boolean, send: () => void): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), TURN_TIMEOUT_MS);
      onFrame = (f) => {
        if (f.type === 'error') tally.errors += 1;
        if (pred(f)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      send();
    });
  await until(
    (f) => f.type === 'welcome',
    () => socket.send(JSON.stringify({ type: 'hello' })),
  );
  load.connected();
  await load.go; // every shopper is connected before the first message: connecting is not a turn
  for (let i = 0; i < count; i++) {
    if (load.thinkMs > 0) await new Promise((r) => setTimeout(r, load.thinkMs * (0.5 + Math.random())));
    const text = MESSAGES[i % MESSAGES.length]!;
    const t0 = performance.now();
    let first = true;
    const done = await until(
      (f) => {
        if (f.type === 'reply' && first) {
          first = false;
          latencies.push(performance.now() - t0);
        }
        return (f.type === 'typing' && f.on === false) || f.type === 'error';
      },
      () => socket.send(JSON.stringify({ type: 'message', id: `m${i}`, text })),
    );
    tally.turns += 1;
    if (!done) tally.timeouts += 1;
  }
  socket.close();
}

async function runLoad(target: Target, args: Args, thinkMs = 0): Promise<LoadResult> {
  const latencies: number[] = [];
  const tally = { timeouts: 0, errors: 0, turns: 0 };
  let started = 0;
  let release!: () => void;
  const go = new Promise<void>((r) => (release = r));
  let waiting = args.shoppers;
  const connected = (): void => {
    if (--waiting === 0) {
      started = performance.now();
      release();
    }
  };
  await Promise.all(
    Array.from({ length: args.shoppers }, () => shopper(target.url, args.messages, latencies, tally, { connected, go, thinkMs })),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  return {
    target: target.name,
    mode: thinkMs > 0 ? `paced (think ~${thinkMs} ms)` : 'saturation',
    shoppers: args.shoppers,
    turns: tally.turns,
    answered: latencies.length,
    timeouts: tally.timeouts,
    errors: tally.errors,
    p50: pct(50),
    p99: pct(99),
    max: latencies.at(-1) ?? NaN,
    turnsPerSecond: tally.turns / seconds,
    seconds,
  };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '–');

function table(results: LoadResult[], ratio: { p50: number; p99: number; throughput: number; pacedP99: number }): string {
  const rows = results.map(
    (r) =>
      `| ${r.target} | ${r.mode} | ${r.shoppers} | ${r.turns} | ${r.answered} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.turnsPerSecond.toFixed(0)} | ${r.timeouts} | ${r.errors} |`,
  );
  return [
    '| target | load | shoppers | turns | answered | p50 ms | p99 ms | max ms | turns/s | timeouts | errors |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `kefu ÷ baseline at saturation: p50 ×${ratio.p50.toFixed(2)}, p99 ×${ratio.p99.toFixed(2)}, throughput ×${ratio.throughput.toFixed(2)}; paced p99 ×${ratio.pacedP99.toFixed(2)}`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const results: LoadResult[] = [];
  for (const start of [() => startEcho(), () => startKefu(args)]) {
    const target = await start();
    await runLoad(target, { ...args, shoppers: Math.min(20, args.shoppers), messages: 2 }); // warm-up
    results.push(await runLoad(target, args));
    if (args.thinkMs > 0) results.push(await runLoad(target, args, args.thinkMs));
    await target.close();
  }
  const [echo, echoPaced, kefu, kefuPaced] = (args.thinkMs > 0
    ? results
    : [results[0], results[0], results[1], results[1]]) as LoadResult[] as [LoadResult, LoadResult, LoadResult, LoadResult];
  const ratio = {
    p50: kefu.p50 / echo.p50,
    p99: kefu.p99 / echo.p99,
    throughput: kefu.turnsPerSecond / echo.turnsPerSecond,
    pacedP99: kefuPaced.p99 / echoPaced.p99,
  };
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    os: `${platform()} ${release()}`,
  };
  console.log(`\n## bench:chat — ${args.shoppers} shoppers × ${args.messages} messages over loopback WebSocket\n`);
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}. Clients run in the same process as the server.\n`);
  console.log(table(args.thinkMs > 0 ? [kefuPaced, kefu, echoPaced, echo] : [kefu, echo], ratio));
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chat-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine, params: args, results: { kefu, kefuPaced, baseline: echo, baselinePaced: echoPaced }, ratio }, null, 2)}\n`,
  );
  console.log(`\nSaved ${file}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
