/**
 * Live-room benchmark (`npm run bench:live [-- --seconds 60 --rate 5000]`): a fake Bilibili danmaku server on loopback
 * (real packet format, brotli/zlib bodies) sends `rate` comments per second for `seconds`; the live adapter reads them
 * with bilibili-live-ws and triages them with the student model in micro-batches. Reports comments triaged per second,
 * comment-to-triage lag p50/p99 per second, memory over time and the share shed, and, in the same run, classifying one
 * comment at a time through the same model (the baseline). Writes bench/results/live-<date>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { LiveAdapter } from '../adapters/live';
import { loadLiveFlow } from '../adapters/live/live-flow';
import { TopicClassifier } from '../adapters/live/triage/topic-classifier';
import { createLogger } from '../src/index';
import { BertRecognizer } from '../src/nlu/bert';
import { FakeBilibiliLive } from '../test/helpers/fake-bilibili-live/fake-bilibili-live';
import { danmuBatch, makeComment, seeded } from './live-kit/comment-mix';

const ROOT = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 60);
const RATE = arg('rate', 5000);
const BASELINE_SECONDS = arg('baseline-seconds', 10);
const log = (s: string): void => void process.stderr.write(s + '\n');
const mb = (n: number): number => Math.round(n / 1048576);

async function main(): Promise<void> {
  const flow = loadLiveFlow(path.join(ROOT, 'flows/live/answers.yaml'));
  const recognizer = await BertRecognizer.load({
    model: path.join(ROOT, 'models/kefu-intent-student'),
    intentsFile: path.join(ROOT, 'flows/intents.yaml'),
    dtype: 'auto',
  });
  const fake = new FakeBilibiliLive();
  await fake.start();
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const live = new LiveAdapter({
    rooms: [
      {
        id: 'bench',
        title: 'bench',
        platform: 'bilibili',
        platformRoomId: '1',
        flow,
        products: Array.from({ length: 8 }, (_, i) => ({ id: `P${i + 1}`, link: i + 1, title: `商品${i + 1}`, aliases: [] })),
        bilibili: { address: fake.url, protover: 3 },
        send: { url: fake.sendUrl, maxChars: 40 },
      },
    ],
    redis,
    keyPrefix: 'kefu-bench-live',
    logger: createLogger({ level: 'silent' }),
    recognizer,
  });
  await live.start();
  while (!fake.connections[0]?.auth) await new Promise((r) => setTimeout(r, 20));
  const room = live.room('bench')!;
  const rand = seeded(7);
  const tickMs = 20;
  const perTick = Math.round((RATE * tickMs) / 1000);
  const seconds: {
    t: number;
    received: number;
    triaged: number;
    lagP50: number;
    lagP99: number;
    rssMb: number;
    heapMb: number;
    queued: number;
  }[] = [];
  let last = { received: 0, triaged: 0 };
  const started = Date.now();
  let ticks = 0;
  log(`live bench: ${RATE} comments/s for ${SECONDS} s (${perTick} per ${tickMs} ms frame), student model, 2 workers`);
  const sender = setInterval(() => {
    const due = Math.floor((Date.now() - started) / tickMs) + 1;
    while (ticks < due && ticks < (SECONDS * 1000) / tickMs) {
      fake.push(danmuBatch(rand, perTick), ticks % 2 === 0 ? 'brotli' : 'zlib');
      ticks += 1;
    }
  }, tickMs);
  for (let s = 1; s <= SECONDS; s++) {
    await new Promise((r) => setTimeout(r, started + s * 1000 - Date.now()));
    const b = room.snapshot();
    const mem = process.memoryUsage();
    seconds.push({
      t: s,
      received: b.counts.received - last.received,
      triaged: b.counts.triaged - last.triaged,
      lagP50: b.lagMs.p50,
      lagP99: b.lagMs.p99,
      rssMb: mb(mem.rss),
      heapMb: mb(mem.heapUsed),
      queued: b.counts.queued,
    });
    last = { received: b.counts.received, triaged: b.counts.triaged };
    if (s % 5 === 0 || s === SECONDS)
      log(
        `  ${s}s: received ${seconds.at(-1)!.received}/s, triaged ${seconds.at(-1)!.triaged}/s, lag p50 ${b.lagMs.p50} ms p99 ${b.lagMs.p99} ms, rss ${mb(mem.rss)} MB, queued ${b.counts.queued}`,
      );
  }
  clearInterval(sender);
  await room.drained();
  const board = room.snapshot();
  const early = board.shed.greeting + board.shed.emoji + board.shed.repeat;
  const overload = board.shed.overload_chatter + board.shed.overload_question + board.shed.stale;
  // handled = every comment received that was not shed: classified, or dropped early by the prefilter (triage without the model)
  const handled = board.counts.received - overload;
  const steady = seconds.slice(Math.min(5, seconds.length - 1));
  const avg = (xs: number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  const stats = room.classifier.stats;

  // Baseline: the same comments classified one at a time through the same model (awaited one after another).
  const one = new TopicClassifier({ flow, recognizer });
  const brand = seeded(7);
  let n = 0;
  const t0 = Date.now();
  while (Date.now() - t0 < BASELINE_SECONDS * 1000) {
    await one.classifyOne(makeComment(brand).text);
    n += 1;
  }
  const oneAtATime = n / ((Date.now() - t0) / 1000);
  const triagedPerSec = avg(steady.map((s) => s.triaged));
  const receivedPerSec = avg(steady.map((s) => s.received));
  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      note: "shared with other engineers' work during the run",
    },
    settings: { seconds: SECONDS, rate: RATE, batchSize: 64, batchMs: 50, workers: recognizer.info.workers, dtype: recognizer.info.dtype },
    receivedPerSec,
    classifiedPerSec: triagedPerSec,
    handledPerSec: Math.round(handled / SECONDS),
    lagMs: {
      p50Median: avg(steady.map((s) => s.lagP50)),
      p99Max: Math.max(...steady.map((s) => s.lagP99)),
      p99Median: [...steady.map((s) => s.lagP99)].sort((a, b) => a - b)[Math.floor(steady.length / 2)],
    },
    memory: {
      rssFirstMb: seconds[0]!.rssMb,
      rssLastMb: seconds.at(-1)!.rssMb,
      rssMaxMb: Math.max(...seconds.map((s) => s.rssMb)),
      heapFirstMb: seconds[0]!.heapMb,
      heapLastMb: seconds.at(-1)!.heapMb,
    },
    totals: {
      received: board.counts.received,
      classified: board.counts.triaged,
      earlyDropped: early,
      shedOverload: overload,
      shedShare: board.counts.received ? overload / board.counts.received : 0,
      shed: board.shed,
      answers: board.counts.answers,
      sentToRoom: fake.sent.length,
    },
    model: { textsThroughModel: stats.modelTexts, modelCalls: stats.modelCalls, cacheHits: stats.cacheHits },
    baseline: { oneAtATimePerSec: Math.round(oneAtATime), ratio: Number((triagedPerSec / oneAtATime).toFixed(1)) },
    perSecond: seconds,
  };
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `live-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`| measure | value |\n|---|---:|`);
  console.log(`| comments received / s (steady) | ${receivedPerSec} |`);
  console.log(`| comments classified / s (micro-batched, student) | ${triagedPerSec} |`);
  console.log(`| one comment at a time / s (same model, same run) | ${Math.round(oneAtATime)} (ratio ${result.baseline.ratio}×) |`);
  console.log(`| lag p50 (median of seconds) / p99 (worst second) | ${result.lagMs.p50Median} / ${result.lagMs.p99Max} ms |`);
  console.log(
    `| RSS first / last / max second | ${result.memory.rssFirstMb} / ${result.memory.rssLastMb} / ${result.memory.rssMaxMb} MB |`,
  );
  console.log(`| dropped early (greetings, emoji, repeats) | ${early} of ${board.counts.received} |`);
  console.log(`| shed under overload (share) | ${overload} (${(result.totals.shedShare * 100).toFixed(2)} %) |`);
  console.log(`| texts through the model / model calls / cache hits | ${stats.modelTexts} / ${stats.modelCalls} / ${stats.cacheHits} |`);
  log(`results: ${path.relative(ROOT, file)}`);
  await live.stop();
  await fake.stop();
  await recognizer.close();
  redis.disconnect();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
