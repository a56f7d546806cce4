/**
 * Live-room benchmark (`npm run bench:live [-- --seconds 60 --rate 5000 --baseline-seconds 10]`), two parts in one run:
 *
 * 1. The room: a fake Bilibili danmaku server on loopback (real packet format, brotli/zlib bodies) sends `rate`
 *    comments per second for `seconds` from a realistic mix (most texts distinct, the usual 666 / 扣1 / 包邮吗 repeats);
 *    the live adapter reads them with bilibili-live-ws and triages them with the student model in micro-batches.
 *    Reports comments handled end to end per second (classified or dropped early, i.e. not shed), comments through the
 *    classifier and texts the model itself classified per second, the text cache's hit rate, the early-drop and shed
 *    shares, comment-to-triage lag p50/p99 per second and memory over time.
 * 2. The classifier saturated, like with like: the same kept comments classified as fast as possible for
 *    `baseline-seconds` each, micro-batched (64, 2 in flight, as the room) and one comment per call (the baseline),
 *    both through a fresh classifier with the room's text cache.
 *
 * Writes bench/results/live-<date>.json and prints the README's two tables.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { LiveAdapter } from '../adapters/live';
import { loadLiveFlow } from '../adapters/live/live-flow';
import { createLogger } from '../src/index';
import { BertRecognizer } from '../src/nlu/bert';
import { FakeBilibiliLive } from '../test/helpers/fake-bilibili-live/fake-bilibili-live';
import { measureCapacity, type CapacityRun } from './live-kit/classifier-capacity';
import { MIX_PRODUCTS, commentMix, danmuBatch } from './live-kit/comment-mix';

const ROOT = path.resolve(__dirname, '..');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 60);
const RATE = arg('rate', 5000);
const BASELINE_SECONDS = arg('baseline-seconds', 10);
const SEED = 7;
const BATCH_SIZE = 64;
const CONCURRENCY = 2;
const log = (s: string): void => void process.stderr.write(s + '\n');
const mb = (n: number): number => Math.round(n / 1048576);
const num = (n: number): string => n.toLocaleString('en-US');
const pct = (share: number): string => `${(share * 100).toFixed(1)} %`;
const avg = (xs: number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

interface Second {
  t: number;
  received: number;
  /** Received and not shed (classified or dropped early). */
  handled: number;
  /** Through the classifier (the model or its text cache). */
  triaged: number;
  /** Classified by the model itself. */
  modelTexts: number;
  lagP50: number;
  lagP99: number;
  rssMb: number;
  heapMb: number;
  queued: number;
}

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
        products: MIX_PRODUCTS.map((p) => ({ ...p, aliases: [...p.aliases] })),
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
  const next = commentMix(SEED);
  const tickMs = 20;
  const perTick = Math.round((RATE * tickMs) / 1000);
  const totalTicks = (SECONDS * 1000) / tickMs;
  const seconds: Second[] = [];
  const shedLate = (b: ReturnType<typeof room.snapshot>): number => b.shed.overload_chatter + b.shed.overload_question + b.shed.stale;
  let last = { received: 0, shed: 0, triaged: 0, modelTexts: 0 };
  const started = Date.now();
  let ticks = 0;
  log(
    `live bench: ${RATE} comments/s for ${SECONDS} s (${perTick} per ${tickMs} ms frame), student model, ${recognizer.info.workers} workers`,
  );
  const sender = setInterval(() => {
    const due = Math.floor((Date.now() - started) / tickMs) + 1;
    while (ticks < due && ticks < totalTicks) {
      fake.push(danmuBatch(next, perTick), ticks % 2 === 0 ? 'brotli' : 'zlib');
      ticks += 1;
    }
  }, tickMs);
  for (let s = 1; s <= SECONDS; s++) {
    await new Promise((r) => setTimeout(r, started + s * 1000 - Date.now()));
    const b = room.snapshot();
    const mem = process.memoryUsage();
    const now = { received: b.counts.received, shed: shedLate(b), triaged: b.counts.triaged, modelTexts: room.classifier.stats.modelTexts };
    seconds.push({
      t: s,
      received: now.received - last.received,
      handled: now.received - now.shed - (last.received - last.shed),
      triaged: now.triaged - last.triaged,
      modelTexts: now.modelTexts - last.modelTexts,
      lagP50: b.lagMs.p50,
      lagP99: b.lagMs.p99,
      rssMb: mb(mem.rss),
      heapMb: mb(mem.heapUsed),
      queued: b.counts.queued,
    });
    last = now;
    const x = seconds.at(-1)!;
    if (s % 5 === 0 || s === SECONDS)
      log(
        `  ${s}s: received ${x.received}/s, handled ${x.handled}/s, classifier ${x.triaged}/s, model ${x.modelTexts}/s, lag p50 ${x.lagP50} ms p99 ${x.lagP99} ms, rss ${x.rssMb} MB, queued ${x.queued}`,
      );
  }
  clearInterval(sender);
  await room.drained();
  const board = room.snapshot();
  const stats = { ...room.classifier.stats };
  const early = board.shed.greeting + board.shed.emoji + board.shed.repeat;
  const late = shedLate(board);
  const sent = ticks * perTick;
  const steady = seconds.slice(Math.min(5, seconds.length - 1));
  const rate = {
    received: avg(steady.map((s) => s.received)),
    handled: avg(steady.map((s) => s.handled)),
    triaged: avg(steady.map((s) => s.triaged)),
    modelTexts: avg(steady.map((s) => s.modelTexts)),
  };
  const lagMs = {
    p50Median: avg(steady.map((s) => s.lagP50)),
    p99Max: Math.max(...steady.map((s) => s.lagP99)),
    p99Median: [...steady.map((s) => s.lagP99)].sort((a, b) => a - b)[Math.floor(steady.length / 2)]!,
  };
  // How distinct the comments sent were: the same mix replayed (after the measured part, so memory is not disturbed).
  const replay = commentMix(SEED);
  const distinct = new Set(Array.from({ length: sent }, () => replay().text)).size;
  log(
    `room done: ${num(sent)} comments sent, ${num(distinct)} distinct texts; now the classifier saturated, ${BASELINE_SECONDS} s per path`,
  );

  // The classifier saturated, like with like: the same kept comments, the same text cache, batched vs one per call.
  const capacity = { flow, recognizer, seed: SEED + 1, rate: RATE, seconds: BASELINE_SECONDS };
  const batched = await measureCapacity({ ...capacity, mode: { kind: 'batched', batchSize: BATCH_SIZE, concurrency: CONCURRENCY } });
  const oneAtATime = await measureCapacity({ ...capacity, mode: { kind: 'one-at-a-time' } });
  const ratio = (a: number, b: number): number => Number((a / Math.max(1, b)).toFixed(1));
  const cacheHitRate = board.counts.triaged ? stats.cacheHits / board.counts.triaged : 0;
  const result = {
    at: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      node: process.version,
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    },
    settings: {
      seconds: SECONDS,
      rate: RATE,
      baselineSeconds: BASELINE_SECONDS,
      batchSize: BATCH_SIZE,
      batchMs: 50,
      concurrency: CONCURRENCY,
      workers: recognizer.info.workers,
      dtype: recognizer.info.dtype,
    },
    mix: { seed: SEED, sent, distinctTexts: distinct, distinctShare: sent ? distinct / sent : 0 },
    perSecond: {
      received: rate.received,
      handledEndToEnd: rate.handled,
      throughClassifier: rate.triaged,
      classifiedByModel: rate.modelTexts,
    },
    cacheHitRate,
    earlyDropShare: board.counts.received ? early / board.counts.received : 0,
    shedShare: board.counts.received ? late / board.counts.received : 0,
    lagMs,
    memory: {
      rssFirstMb: seconds[0]!.rssMb,
      rssLastMb: seconds.at(-1)!.rssMb,
      rssMaxMb: Math.max(...seconds.map((s) => s.rssMb)),
      heapFirstMb: seconds[0]!.heapMb,
      heapLastMb: seconds.at(-1)!.heapMb,
    },
    totals: {
      received: board.counts.received,
      throughClassifier: board.counts.triaged,
      earlyDropped: early,
      shed: late,
      byReason: board.shed,
      answers: board.counts.answers,
      sentToRoom: fake.sent.length,
      model: stats,
    },
    target: {
      rule: 'issue 17: >= 5,000 comments/s handled end to end, lag p99 <= 1 s (worst second), flat memory',
      handledMet: rate.handled >= 5000,
      lagMet: lagMs.p99Max <= 1000,
    },
    capacity: {
      note: 'the same kept comments and a fresh classifier with the room text cache (20,000) in both paths',
      batched,
      oneAtATime,
      ratio: {
        comments: ratio(batched.commentsPerSec, oneAtATime.commentsPerSec),
        model: ratio(batched.modelTextsPerSec, oneAtATime.modelTextsPerSec),
      },
    },
    seconds,
  };
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const file = path.join(ROOT, 'bench/results', `live-${result.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));

  const m = result.memory;
  console.log(
    '| run | received / s | handled / s, end to end | through the classifier / s | classified by the model / s | cache hits | dropped early | shed (overload + stale) | lag p50 / p99 | RSS first → last (max) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${SECONDS} s at ${num(RATE)}/s | ${num(rate.received)} | ${num(rate.handled)} | ${num(rate.triaged)} | ${num(rate.modelTexts)} | ${pct(cacheHitRate)} | ${pct(result.earlyDropShare)} | ${pct(result.shedShare)} | ${lagMs.p50Median} ms (median second) / ${num(lagMs.p99Max)} ms (worst second) | ${m.rssFirstMb} → ${m.rssLastMb} MB (max ${m.rssMaxMb}) |`,
  );
  console.log('');
  const row = (name: string, r: CapacityRun): string =>
    `| ${name} | ${num(r.commentsPerSec)} | ${num(r.modelTextsPerSec)} | ${pct(r.cacheHitRate)} | ${num(r.modelCalls)} |`;
  console.log(
    '| classifier saturated, same comments, same text cache | comments / s | classified by the model / s | cache hits | model calls |',
  );
  console.log('|---|---:|---:|---:|---:|');
  console.log(row(`micro-batched (${BATCH_SIZE}, ${CONCURRENCY} in flight)`, batched));
  console.log(row('one comment at a time (baseline)', oneAtATime));
  console.log(`| ratio | ${result.capacity.ratio.comments}× | ${result.capacity.ratio.model}× | | |`);
  log(
    `mix: ${num(distinct)} distinct texts of ${num(sent)} sent (${pct(result.mix.distinctShare)}); target ≥ 5,000/s handled end to end: ${result.target.handledMet ? 'met' : 'not met'}, lag p99 ≤ 1 s: ${result.target.lagMet ? 'met' : 'not met'}`,
  );
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
