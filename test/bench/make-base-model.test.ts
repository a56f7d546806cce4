import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isUpToDate, makeRandomBert, type RandomBertOptions } from '../../bench/fixtures/make-base-model';
import { BertRecognizer } from '../../src/nlu/bert';

const LABELS = ['greeting', 'stock_availability', 'shipping_logistics', 'return_refund', 'human_agent'];
/** Small, and with weights 10× BERT's usual 0.02 so that different inputs give clearly different scores. */
const SMALL: RandomBertOptions = {
  layers: 2,
  hidden: 64,
  heads: 4,
  intermediate: 256,
  vocabSize: 500,
  maxPositions: 64,
  labels: LABELS,
  initStd: 0.2,
};

/** Weights of a BertForSequenceClassification of this shape, counted from the architecture. */
function parameterCount(o: RandomBertOptions): number {
  const { hidden: h, intermediate: i, layers, vocabSize, maxPositions } = o;
  const embeddings = (vocabSize + maxPositions + 2) * h + 2 * h;
  const layer = 4 * (h * h + h) + 2 * h + (h * i + i) + (i * h + h) + 2 * h;
  return embeddings + layers * layer + (h * h + h) + (h * o.labels.length + o.labels.length);
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const maxDiff = (a: Record<string, number>, b: Record<string, number>): number =>
  Math.max(...Object.keys(a).map((k) => Math.abs(a[k] - b[k])));

describe('makeRandomBert (the bench:nlu baseline generator) on a small shape', () => {
  let tmp: string;
  let dir: string;
  let nlu: BertRecognizer | undefined;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'kefu-random-bert-'));
    dir = path.join(tmp, 'small');
  });
  afterAll(async () => {
    await nlu?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test('writes an ONNX file holding every weight of the architecture, the same bytes for the same seed', () => {
    const { bytes } = makeRandomBert(dir, SMALL);
    expect(statSync(path.join(dir, 'onnx/model.onnx')).size).toBe(bytes);
    const weights = 4 * parameterCount(SMALL);
    expect(bytes).toBeGreaterThan(weights);
    expect(bytes).toBeLessThan(weights + 64 * 1024); // the graph itself is small
    const again = path.join(tmp, 'again');
    const other = path.join(tmp, 'other-seed');
    makeRandomBert(again, SMALL);
    makeRandomBert(other, { ...SMALL, seed: 1 });
    expect(sha(path.join(again, 'onnx/model.onnx'))).toBe(sha(path.join(dir, 'onnx/model.onnx')));
    expect(sha(path.join(other, 'onnx/model.onnx'))).not.toBe(sha(path.join(dir, 'onnx/model.onnx')));
    const tokenizer = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as { model: { vocab: Record<string, number> } };
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(SMALL.vocabSize);
  });

  test('knows when a cached folder is stale (other options), so bench:nlu regenerates it', () => {
    expect(isUpToDate(dir, SMALL)).toBe(true);
    expect(isUpToDate(dir, { ...SMALL, layers: 3 })).toBe(false);
    expect(isUpToDate(dir, { ...SMALL, seedVocab: ['好'] })).toBe(false);
    expect(isUpToDate(path.join(tmp, 'missing'), SMALL)).toBe(false);
  });

  test('loads in the recogniser; a padded batch gives finite scores over every label, per input, unchanged by padding', async () => {
    nlu = await BertRecognizer.load({ model: dir, intentsFile: null, workers: 1, intraOpThreads: 1 });
    expect(nlu.info.classifierLabels).toEqual(LABELS);
    const short = '一个';
    const texts = [short, '不上下七万丈三与丑专且世丘丙业丛东丝两严中丰串临', 'abc 一下'];
    const batch = await nlu.recognizeBatch(texts); // one tokenizer call: `short` is padded to the longest
    expect(batch).toHaveLength(texts.length);
    for (const r of batch) {
      expect(Object.keys(r.intents).sort()).toEqual([...LABELS].sort());
      expect(Object.values(r.intents).every(Number.isFinite)).toBe(true);
      expect(Object.values(r.intents).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    expect(maxDiff(batch[0].intents, batch[1].intents)).toBeGreaterThan(1e-3);
    expect(maxDiff(batch[1].intents, batch[2].intents)).toBeGreaterThan(1e-3);
    const [alone] = await nlu.recognizeBatch([short]); // no padding
    expect(maxDiff(alone.intents, batch[0].intents)).toBeLessThan(1e-6);
  });
});
