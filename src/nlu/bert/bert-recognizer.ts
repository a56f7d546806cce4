/**
 * The BERT recogniser: transformers.js in a worker-thread pool, with micro-batching, a classifier head
 * (the model's id2label, blended with the folder's lexical head when present) and a few-shot head
 * fitted from flows/intents.yaml at load.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractEntities, type ExtractOptions } from '../entities';
import { recognitionFromScores, type Recognition, type Recognizer } from '../../core/recognizer';
import type { FitOptions } from './few-shot-head';
import { loadIntentsFile, type IntentExamples } from './intents-file';
import { MicroBatcher, type BatchStats } from './micro-batcher';
import { hasOnnxFile, resolveModel, type ModelLocation } from './model-location';
import { combineScores } from './score-combiner';
import { WorkerPool } from './worker-pool';

/** Messages per length bucket, by measurement on the student and teacher: 16 beat 8 and 32 on micro-batches, tied 32 on recognizeBatch. */
const DEFAULT_LENGTH_BUCKET = 16;

/** Options of {@link BertRecognizer.load}. */
export interface BertRecognizerOptions {
  /** Model folder or hub id (default ./models/kefu-intent-zh). */
  model?: string;
  /** Allow hub downloads (default false). */
  allowRemoteModels?: boolean;
  /** Cache folder for downloaded models. */
  cacheDir?: string;
  /** Intents file for the few-shot head; `null` for none (default flows/intents.yaml when it exists). */
  intentsFile?: string | null;
  /** Worker threads (default 2 on a machine with 2 or more cores, else 1: measured faster than 1 worker × 2 threads, see bench:nlu). */
  workers?: number;
  /** onnxruntime intra-op threads per worker (default: cores / workers, at least 1). */
  intraOpThreads?: number;
  /** Weights: fp32, q8, or auto (q8 when onnx/model_quantized.onnx exists). Default fp32. */
  dtype?: 'fp32' | 'q8' | 'auto';
  /** Micro-batching wait, ms (default 2) and size (default 64). */
  maxWaitMs?: number;
  maxBatch?: number;
  /** Flush at once when a worker is idle instead of waiting maxWaitMs (default true). */
  eagerWhenIdle?: boolean;
  /** Longest tokenised input (default 128). */
  maxLength?: number;
  /**
   * Messages per length bucket (default 16): a worker sorts each batch by token count and runs it in groups of
   * this many, each padded to its own longest message, and recognizeBatch sorts its messages by length before
   * cutting them into batches. 0 runs every batch as one, padded to its longest message, in the order given.
   * The int8 graphs quantise activations per batch, so a message's probabilities move slightly (measured up to
   * ±0.05) with the messages it shares a run with, bucketed or not.
   */
  lengthBucket?: number;
  fitOptions?: FitOptions;
  /**
   * Blend the classifier with the model folder's `lexical-head.json` (character n-grams, trained with the
   * model) when the folder has one (default true; false for the classifier alone).
   */
  lexicalHead?: boolean;
  /** Clock for date entities (default: the current time). */
  now?: () => Date;
  /** The shop's IANA time zone for date entities (`KEFU_TIMEZONE`; default Asia/Shanghai). */
  timeZone?: string;
}

/** The lexical head a recogniser blends in: the classifier's share of the blend, and the head's n-gram count. */
export interface LexicalHeadInfo {
  classifierWeight: number;
  features: number;
}

/** What a loaded recogniser knows. */
export interface BertModelInfo {
  location: ModelLocation;
  /** The classifier's labels (id2label order), empty without a classifier head. */
  classifierLabels: string[];
  /** Labels of the few-shot head (all intents with examples), empty when the head is not needed. */
  fewShotLabels: string[];
  /** Intents only the few-shot head knows. */
  novelIntents: string[];
  hasEncoder: boolean;
  /** The lexical head blended with the classifier, or null. */
  lexicalHead: LexicalHeadInfo | null;
  dtype: 'fp32' | 'q8';
  workers: number;
  intraOpThreads: number;
  /** Milliseconds the last few-shot fit took. */
  fitMs?: number;
}

interface InitResult {
  labels: string[] | null;
  hasEncoder: boolean;
  lexical: LexicalHeadInfo | null;
}

interface InferResult {
  clf: number[][] | null;
  fs: number[][] | null;
  fsLabels: string[] | null;
}

/**
 * @example
 * const nlu = await BertRecognizer.load({ model: './models/kefu-intent-zh' });
 * (await nlu.recognize('我的快递到哪了')).top; // { name: 'shipping_logistics', score: 0.97 }
 * await nlu.close();
 */
export class BertRecognizer implements Recognizer {
  private readonly batcher: MicroBatcher<string, Recognition>;
  private useFewShot = false;

  private constructor(
    private readonly pool: WorkerPool,
    readonly info: BertModelInfo,
    private readonly options: BertRecognizerOptions,
  ) {
    this.batcher = new MicroBatcher((texts) => this.run(texts), {
      maxWaitMs: options.maxWaitMs ?? 2,
      maxBatch: options.maxBatch ?? 64,
      concurrency: pool.size,
      eagerWhenIdle: options.eagerWhenIdle,
    });
  }

  /** Load the model in the worker pool and fit the few-shot head. */
  static async load(options: BertRecognizerOptions = {}): Promise<BertRecognizer> {
    const location = resolveModel(options.model ?? './models/kefu-intent-zh', options.allowRemoteModels ?? false);
    const workers = Math.max(1, options.workers ?? Math.min(2, os.availableParallelism()));
    const intraOpThreads = options.intraOpThreads ?? Math.max(1, Math.floor(os.availableParallelism() / workers));
    const wantQ8 = options.dtype === 'q8' || (options.dtype === 'auto' && hasOnnxFile(location, 'model_quantized.onnx'));
    const dtype = wantQ8 ? 'q8' : 'fp32';
    const encoderDtype = wantQ8 && (location.remote || hasOnnxFile(location, 'encoder_quantized.onnx')) ? 'q8' : 'fp32';
    const lexicalFile = location.dir && path.join(location.dir, 'lexical-head.json');
    const lexicalHeadFile = options.lexicalHead !== false && lexicalFile && existsSync(lexicalFile) ? lexicalFile : undefined;
    const pool = new WorkerPool(workers);
    try {
      const [ready] = await pool.broadcast<InitResult>('init', {
        options: {
          name: location.name,
          localModelPath: location.localModelPath,
          allowRemoteModels: options.allowRemoteModels ?? false,
          cacheDir: options.cacheDir,
          dtype,
          encoderDtype,
          maxLength: options.maxLength ?? 128,
          lengthBucket: options.lengthBucket ?? DEFAULT_LENGTH_BUCKET,
          lexicalHeadFile,
          sessionOptions: { intraOpNumThreads: intraOpThreads, interOpNumThreads: 1 },
        },
      });
      const info: BertModelInfo = {
        location,
        classifierLabels: ready.labels ?? [],
        fewShotLabels: [],
        novelIntents: [],
        hasEncoder: ready.hasEncoder,
        lexicalHead: ready.lexical ?? null,
        dtype,
        workers,
        intraOpThreads,
      };
      const recognizer = new BertRecognizer(pool, info, options);
      await recognizer.reloadIntents();
      return recognizer;
    } catch (err) {
      await pool.close();
      throw err;
    }
  }

  private intentsFile(): string | null {
    if (this.options.intentsFile === null) return null;
    if (this.options.intentsFile !== undefined) return this.options.intentsFile;
    const fallback = path.resolve('flows/intents.yaml');
    return existsSync(fallback) ? fallback : null;
  }

  /**
   * Re-read the intents file and refit the few-shot head in every worker (call when intents.yaml changes).
   * Returns the intents the classifier does not know.
   */
  async reloadIntents(intents?: IntentExamples[]): Promise<string[]> {
    const file = this.intentsFile();
    const list = intents ?? (file ? await loadIntentsFile(file) : []);
    const withExamples = this.info.hasEncoder ? list.filter((i) => i.examples.length > 0) : [];
    const labelNames = withExamples.map((i) => i.name);
    const known = new Set(this.info.classifierLabels);
    const novel = labelNames.filter((l) => !known.has(l));
    const hasClassifier = this.info.classifierLabels.length > 0;
    // The few-shot head is only needed for intents the classifier lacks, or when there is no classifier.
    const needed = labelNames.length > 0 && (!hasClassifier || novel.length > 0);
    const fitOn = needed ? withExamples : [];
    const t0 = Date.now();
    if (this.info.hasEncoder) {
      await this.pool.broadcast('fit', {
        texts: fitOn.flatMap((i) => i.examples),
        labels: fitOn.flatMap((i, k) => i.examples.map(() => k)),
        labelNames: fitOn.map((i) => i.name),
        fitOptions: this.options.fitOptions ?? {},
      });
    }
    this.info.fitMs = Date.now() - t0;
    this.info.fewShotLabels = needed ? labelNames : [];
    this.info.novelIntents = novel;
    this.useFewShot = needed;
    return this.info.novelIntents;
  }

  private entityOptions(): ExtractOptions {
    return { now: this.options.now?.(), timeZone: this.options.timeZone };
  }

  private async run(texts: string[]): Promise<Recognition[]> {
    const hasClassifier = this.info.classifierLabels.length > 0;
    const out = await this.pool.call<InferResult>('infer', { texts, classifier: hasClassifier, fewShot: this.useFewShot });
    const eo = this.entityOptions();
    return texts.map((text, i) => {
      const clf = out.clf ? { labels: this.info.classifierLabels, probs: out.clf[i] } : null;
      const fs = out.fs && out.fsLabels ? { labels: out.fsLabels, probs: out.fs[i] } : null;
      return recognitionFromScores(text, combineScores(clf, fs), extractEntities(text, eo));
    });
  }

  /** Recognise one message (micro-batched with concurrent calls). */
  recognize(text: string): Promise<Recognition> {
    return this.batcher.submit(text);
  }

  /**
   * Recognise many messages, in chunks of `maxBatch` spread over the workers (with length buckets on, the
   * messages are sorted by length first so that a chunk pads little); answers come in the order given.
   */
  async recognizeBatch(texts: string[]): Promise<Recognition[]> {
    const size = this.options.maxBatch ?? 64;
    const bucketed = (this.options.lengthBucket ?? DEFAULT_LENGTH_BUCKET) > 0 && texts.length > size;
    const order = texts.map((_, i) => i);
    if (bucketed) order.sort((a, b) => texts[a].length - texts[b].length || a - b);
    const chunks: number[][] = [];
    for (let i = 0; i < order.length; i += size) chunks.push(order.slice(i, i + size));
    const results = await Promise.all(chunks.map((c) => this.run(c.map((i) => texts[i]))));
    const out = new Array<Recognition>(texts.length);
    chunks.forEach((c, k) => c.forEach((i, j) => (out[i] = results[k][j])));
    return out;
  }

  /** Micro-batching counters (requests submitted through recognize, batches run). */
  batchStats(): BatchStats {
    return { ...this.batcher.stats };
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
