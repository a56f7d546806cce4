/**
 * The bert-base-chinese baseline of `bench:nlu`: a model of bert-base-chinese's shape with seeded random weights,
 * generated in TypeScript (bench/fixtures/make-base-model.ts) into bench/.cache/ and regenerated when the generator
 * or its inputs change. It is never left out silently: it is in the run, or the user left it out on purpose
 * (`--no-baseline`, or KEFU_BENCH_SKIP_BASE=1) and the table and results JSON say so, or the bench stops with why.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BERT_BASE_CHINESE,
  GENERATOR_VERSION,
  isUpToDate,
  makeRandomBert,
  readLabels,
  readVocab,
  type RandomBertOptions,
} from './fixtures/make-base-model';

/** The baseline as the results JSON records it. */
export type Baseline =
  | { included: true; model: string; generatorVersion: number; generated: boolean; generateMs?: number; onnxBytes?: number }
  | { included: false; reason: string };

/** Options of {@link prepareBaseline}. */
export interface BaselineOptions {
  /** Repository root. */
  root: string;
  /** Where the baseline lives (bench/.cache/bert-base-random). */
  dir: string;
  /** The shipped model, whose labels and vocabulary the baseline copies. */
  model: string;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** The network's size (default bert-base-chinese's; tests use a small one). */
  shape?: Omit<RandomBertOptions, 'labels' | 'seedVocab'>;
}

/** The baseline could not be made; the bench stops. */
export class BaselineError extends Error {
  constructor(dir: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `bench:nlu could not make its bert-base-chinese baseline in ${dir}: ${why} ` +
        'Fix: make sure bench/.cache/ is writable with about 450 MB free and the model folder (KEFU_MODEL) has config.json with ' +
        'id2label and tokenizer.json, then run again; or run `npm run bench:nlu -- --no-baseline` to leave the baseline out ' +
        '(the table and the results JSON then say so).',
      { cause },
    );
    this.name = 'BaselineError';
  }
}

/** Why the user left the baseline out, or null when they did not. */
function optOut(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  if (argv.includes('--no-baseline')) return 'left out with --no-baseline';
  if (env.KEFU_BENCH_SKIP_BASE === '1') return 'left out with KEFU_BENCH_SKIP_BASE=1';
  return null;
}

/**
 * Make sure the baseline model is ready (generating it when missing or stale, about 410 MB and a few seconds),
 * or report that the user left it out. Throws {@link BaselineError} when it cannot be made.
 */
export function prepareBaseline(o: BaselineOptions): Baseline {
  const reason = optOut(o.argv, o.env);
  if (reason) {
    o.log(`[bench] bert-base baseline ${reason}`);
    return { included: false, reason };
  }
  const model = path.relative(o.root, o.dir);
  try {
    const options = { ...(o.shape ?? BERT_BASE_CHINESE), labels: readLabels(o.model), seedVocab: readVocab(o.model) };
    if (isUpToDate(o.dir, options)) return { included: true, model, generatorVersion: GENERATOR_VERSION, generated: false };
    o.log(`[bench] generating the random baseline model into ${model} (bert-base size: about 410 MB, a few seconds)…`);
    mkdirSync(path.dirname(o.dir), { recursive: true });
    writeFileSync(path.join(path.dirname(o.dir), '.gitignore'), '*\n');
    const { bytes, ms } = makeRandomBert(o.dir, options);
    o.log(`[bench] wrote ${model}/onnx/model.onnx: ${(bytes / 1e6).toFixed(1)} MB in ${(ms / 1000).toFixed(1)} s`);
    return { included: true, model, generatorVersion: GENERATOR_VERSION, generated: true, generateMs: Math.round(ms), onnxBytes: bytes };
  } catch (err) {
    throw new BaselineError(model, err);
  }
}
