/**
 * NLU benchmark (`npm run bench:nlu`, i.e. `tsx bench/nlu.ts`): latency, throughput, event-loop delay
 * and RSS of the BERT recogniser on this machine (with and without the lexical head), the same for a bert-base-chinese-sized model with
 * random weights (generated in TypeScript into bench/.cache/ by bench/fixtures/make-base-model.ts, no Python), and accuracy /
 * macro-F1 on the project's test split and ../shared/eval/real-shopper-dev.jsonl when present.
 * Writes bench/results/nlu-<date>.json and prints a Markdown table. Progress goes to stderr.
 *
 * The baseline is never left out silently: when it cannot be made the bench exits non-zero with the reason and the fix;
 * `--no-baseline` (or KEFU_BENCH_SKIP_BASE=1) leaves it out on purpose, and the table and JSON say so.
 * Env: KEFU_MODEL overrides the model folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { BertRecognizer, type BertRecognizerOptions } from '../src/nlu/bert';
import { readJsonl } from '../src/nlu/eval/dataset';
import { evaluate } from '../src/nlu/eval/evaluate';
import { percentile } from '../src/nlu/eval/metrics';
import { prepareBaseline, type Baseline } from './nlu-baseline';

const ROOT = path.resolve(__dirname, '..');
/** The models measured: the shipped teacher and student, and the previous from-scratch model; KEFU_MODEL measures one folder. */
const MODELS: { name: string; dir: string }[] = process.env.KEFU_MODEL
  ? [{ name: path.basename(process.env.KEFU_MODEL), dir: path.resolve(ROOT, process.env.KEFU_MODEL) }]
  : [
      { name: 'teacher (kefu-intent-teacher)', dir: path.join(ROOT, 'models/kefu-intent-teacher') },
      { name: 'student (kefu-intent-student)', dir: path.join(ROOT, 'models/kefu-intent-student') },
      { name: 'previous (kefu-intent-zh, from scratch)', dir: path.join(ROOT, 'models/kefu-intent-zh') },
    ].filter((m) => existsSync(path.join(m.dir, 'config.json')));
const MODEL = MODELS[0]?.dir ?? path.join(ROOT, 'models/kefu-intent-teacher');
const BASE_DIR = path.join(ROOT, 'bench/.cache/bert-base-random');
const BASE_NAME = 'bert-base-size (random)';
const log = (s: string): void => void process.stderr.write(s + '\n');

/** Made-up shopper messages for speed runs (used when the test split is missing). */
const FALLBACK_TEXTS = [
  '在吗',
  '亲，这款XL码还有货吗',
  '什么时候发货呀',
  '能便宜点吗 买两件',
  '快递到哪了 三天了还没到',
  '我要退货，尺码不合适',
  '收到的杯子碎了怎么办',
  '可以开专票吗',
  '转人工',
  '好的谢谢',
  '165/110斤穿什么码',
  '优惠券怎么用不了',
  '付款一直失败',
  '地址填错了能改吗',
  '这个是纯棉的吗',
  'iPhone 15能用吗',
  '618有活动吗',
  '别再给我发消息了',
  '你们服务太差了我要投诉',
  '嗯嗯可以',
];

interface SpeedResult {
  name: string;
  workers: number;
  intraOpThreads: number;
  dtype: string;
  loadMs: number;
  singleP50Ms: number;
  singleP99Ms: number;
  batchedMsgsPerSec: number;
  concurrentMsgsPerSec: number;
  eventLoopDelayP99Ms: number;
  /** RSS of the bench process after this run (cumulative; see freshRssMb for a clean figure). */
  rssMb: number;
  batchStats: { requests: number; batches: number; maxBatchSize: number };
}

async function timeSingles(nlu: BertRecognizer, texts: string[], n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await nlu.recognize(texts[i % texts.length]);
    out.push(performance.now() - t0);
  }
  return out;
}

async function underLoad<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; eldP99: number }> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  h.disable();
  return { result, ms, eldP99: h.percentile(99) / 1e6 };
}

async function speed(name: string, texts: string[], opts: BertRecognizerOptions, scale: number): Promise<SpeedResult> {
  log(`[bench] ${name}: loading (${opts.workers ?? 1} worker(s) × ${opts.intraOpThreads} thread(s), ${opts.dtype})`);
  const t0 = performance.now();
  const nlu = await BertRecognizer.load({ intentsFile: null, ...opts });
  const loadMs = performance.now() - t0;
  try {
    await timeSingles(nlu, texts, 20);
    const singles = await timeSingles(nlu, texts, Math.round(300 * scale));
    const batch = Array.from({ length: Math.round(6400 * scale) }, (_, i) => texts[i % texts.length]);
    const batched = await underLoad(() => nlu.recognizeBatch(batch));
    const flood = await underLoad(() => Promise.all(batch.map((t) => nlu.recognize(t))));
    return {
      name,
      workers: nlu.info.workers,
      intraOpThreads: nlu.info.intraOpThreads,
      dtype: nlu.info.dtype,
      loadMs: Math.round(loadMs),
      singleP50Ms: percentile(singles, 50),
      singleP99Ms: percentile(singles, 99),
      batchedMsgsPerSec: batch.length / (batched.ms / 1000),
      concurrentMsgsPerSec: batch.length / (flood.ms / 1000),
      eventLoopDelayP99Ms: Math.max(batched.eldP99, flood.eldP99),
      rssMb: process.memoryUsage().rss / 1e6,
      batchStats: nlu.batchStats(),
    };
  } finally {
    await nlu.close();
  }
}

/** RSS of a fresh process with the model loaded and warm (run as a child: `nlu.ts --rss <workers>`). */
async function rssChild(model: string, workers: number): Promise<void> {
  const nlu = await BertRecognizer.load({
    model,
    workers,
    intraOpThreads: Math.max(1, Math.floor(os.availableParallelism() / workers)),
    dtype: 'auto',
  });
  await nlu.recognizeBatch(Array.from({ length: 256 }, (_, i) => FALLBACK_TEXTS[i % FALLBACK_TEXTS.length]));
  process.stdout.write(JSON.stringify({ rssMb: process.memoryUsage().rss / 1e6 }) + '\n');
  await nlu.close();
}

function freshRss(model: string, workers: number): number {
  const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--rss', String(workers), model], { encoding: 'utf8' });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return (JSON.parse(line) as { rssMb: number }).rssMb;
  } catch {
    return NaN;
  }
}

interface AccuracyResult {
  file: string;
  model: string;
  heads: string;
  examples: number;
  accuracy: number;
  macroF1: number;
}

/** Accuracy of every model on every eval file that exists, with the lexical head (when the model has one) and without. */
async function accuracies(files: string[]): Promise<AccuracyResult[]> {
  const sets = await Promise.all(files.filter((f) => existsSync(f)).map(async (file) => ({ file, examples: await readJsonl(file) })));
  const out: AccuracyResult[] = [];
  for (const m of MODELS) {
    for (const lexicalHead of [true, false]) {
      const nlu = await BertRecognizer.load({ model: m.dir, lexicalHead, dtype: 'auto', intentsFile: null });
      try {
        if (lexicalHead && !nlu.info.lexicalHead) continue;
        const labels = [...new Set([...nlu.info.classifierLabels, ...nlu.info.fewShotLabels])];
        const heads = nlu.info.lexicalHead ? `classifier + lexical (weight ${nlu.info.lexicalHead.classifierWeight})` : 'classifier alone';
        for (const { file, examples } of sets) {
          const r = await evaluate(nlu, examples, labels);
          out.push({
            file: path.relative(ROOT, file),
            model: `${m.name} ${nlu.info.dtype}`,
            heads,
            examples: r.examples,
            accuracy: r.accuracy,
            macroF1: r.macroF1,
          });
        }
      } finally {
        await nlu.close();
      }
    }
  }
  // Grouped by file, as the table reads.
  return sets.flatMap(({ file }) => out.filter((a) => a.file === path.relative(ROOT, file)));
}

function loadTexts(): string[] {
  const test = path.join(ROOT, 'models/training/data/test.jsonl');
  if (!existsSync(test)) return FALLBACK_TEXTS;
  return readFileSync(test, 'utf8')
    .split('\n')
    .filter((l: string) => l.trim())
    .slice(0, 500)
    .map((l: string) => (JSON.parse(l) as { text: string }).text);
}

const f = (n: number, d = 2): string => (Number.isFinite(n) ? n.toFixed(d) : '-');

function table(rows: SpeedResult[], baseline: Baseline): string {
  const lines = [
    '| model | workers×threads | dtype | single p50 ms | single p99 ms | batched msg/s | concurrent msg/s | event-loop p99 ms | RSS MB (cumulative) |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.workers}×${r.intraOpThreads} | ${r.dtype} | ${f(r.singleP50Ms)} | ${f(r.singleP99Ms)} | ${f(r.batchedMsgsPerSec, 0)} | ${f(r.concurrentMsgsPerSec, 0)} | ${f(r.eventLoopDelayP99Ms)} | ${f(r.rssMb, 0)} |`,
    );
  }
  if (!baseline.included) lines.push(`| ${BASE_NAME} | ${baseline.reason} | - | - | - | - | - | - | - |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  // First, so that a baseline that cannot be made stops the bench before the long runs.
  const baseline = prepareBaseline({ root: ROOT, dir: BASE_DIR, model: MODEL, argv: process.argv.slice(2), env: process.env, log });
  const texts = loadTexts();
  const status = existsSync(path.join(MODEL, 'STATUS')) ? readFileSync(path.join(MODEL, 'STATUS'), 'utf8').split('\n')[0] : 'trained';
  const cores = os.availableParallelism();
  const rows: SpeedResult[] = [];
  const firstRow = new Map<string, SpeedResult>();
  for (const m of MODELS) {
    const dtypes = (['q8', 'fp32'] as const).filter((d) =>
      existsSync(path.join(m.dir, 'onnx', d === 'q8' ? 'model_quantized.onnx' : 'model.onnx')),
    );
    for (const dtype of dtypes) {
      const row = await speed(
        `${m.name}`,
        texts,
        { model: m.dir, workers: cores, intraOpThreads: 1, dtype },
        m.name.startsWith('previous') ? 1 : 0.5,
      );
      rows.push(row);
      if (!firstRow.has(m.name)) firstRow.set(m.name, row);
    }
    if (existsSync(path.join(m.dir, 'lexical-head.json'))) {
      const opts = { model: m.dir, workers: cores, intraOpThreads: 1, dtype: dtypes[0] ?? 'fp32', lexicalHead: false } as const;
      rows.push(await speed(`${m.name}, classifier alone (no lexical head)`, texts, opts, 0.5));
    }
  }
  let base: SpeedResult | undefined;
  if (baseline.included) {
    base = await speed(BASE_NAME, texts, { model: BASE_DIR, workers: 1, intraOpThreads: cores, dtype: 'fp32' }, 0.04);
    rows.push(base);
  }
  const ratios = base
    ? Object.fromEntries(
        [...firstRow].map(([name, r]) => [
          name,
          { singleP50: base!.singleP50Ms / r.singleP50Ms, batchedThroughput: r.batchedMsgsPerSec / base!.batchedMsgsPerSec },
        ]),
      )
    : null;
  const accuracy = await accuracies([
    path.join(ROOT, 'models/training/data/test.jsonl'),
    path.join(ROOT, 'models/training/data/fresh-test.jsonl'),
    path.join(ROOT, 'models/training/data/blind/test.jsonl'),
    path.resolve(ROOT, '../shared/eval/real-shopper-dev.jsonl'),
  ]);
  const freshRssMb = Object.fromEntries(MODELS.map((m) => [m.name, freshRss(m.dir, cores)]));
  const date = new Date().toISOString().slice(0, 10);
  const result = {
    date,
    freshRssMb,
    machine: { cores, cpu: os.cpus()[0]?.model, node: process.version },
    modelStatus: status,
    baseline,
    speed: rows,
    ratios,
    accuracy,
  };
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const out = path.join(ROOT, `bench/results/nlu-${date}.json`);
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`## NLU benchmark ${date} (${cores} cores, model status: ${status})\n`);
  console.log(table(rows, baseline));
  console.log(
    `\nRSS of a fresh bot-like process with the model loaded: ${Object.entries(freshRssMb)
      .map(([k, v]) => `${k} ${f(v, 0)} MB`)
      .join(', ')}`,
  );
  if (ratios)
    for (const [name, r] of Object.entries(ratios))
      console.log(
        `\n${name} vs bert-base size: ${f(r.singleP50, 1)}× lower single latency, ${f(r.batchedThroughput, 1)}× batched throughput`,
      );
  else if (!baseline.included) console.log(`\nagainst the bert-base size: not measured, the baseline was ${baseline.reason}`);
  if (accuracy.length > 0) {
    console.log('\n| eval set | model | heads | examples | accuracy | macro-F1 |\n|---|---|---|---:|---:|---:|');
    for (const a of accuracy)
      console.log(`| ${a.file} | ${a.model} | ${a.heads} | ${a.examples} | ${f(a.accuracy, 4)} | ${f(a.macroF1, 4)} |`);
  }
  log(`[bench] wrote ${path.relative(ROOT, out)}`);
}

const rssIndex = process.argv.indexOf('--rss');
(rssIndex > 0 ? rssChild(process.argv[rssIndex + 2] ?? MODEL, Number(process.argv[rssIndex + 1])) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
