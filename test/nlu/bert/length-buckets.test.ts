import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { BertRecognizer } from '../../../src/nlu/bert';
import { lengthBuckets, padRows } from '../../../src/nlu/bert/length-buckets';

const ROOT = path.resolve(__dirname, '../../..');
const MODEL = path.join(ROOT, 'models/kefu-intent-student');
const ENCODE = { truncation: true, max_length: 128 } as const;

describe('length buckets', () => {
  test('sort rows by length (ties in order) into groups of at most the size; 0 or a large size keeps one group as given', () => {
    const lengths = [5, 3, 9, 3, 7, 1];
    expect(lengthBuckets(lengths, 2)).toEqual([
      [5, 1],
      [3, 0],
      [4, 2],
    ]);
    expect(lengthBuckets(lengths, 4)).toEqual([
      [5, 1, 3, 0],
      [4, 2],
    ]);
    expect(lengthBuckets(lengths, 0)).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(lengthBuckets(lengths, 6)).toEqual([[0, 1, 2, 3, 4, 5]]);
  });

  test('rows are padded to the width with the fill, on the right or on the left', () => {
    const lists = [[1, 2, 3], [4], [5, 6]];
    expect(Array.from(padRows(lists, [1, 0], 3, 9, false))).toEqual([4n, 9n, 9n, 1n, 2n, 3n]);
    expect(Array.from(padRows(lists, [2, 1], 2, 0, true))).toEqual([5n, 6n, 0n, 4n]);
  });
});

/** A few hundred varied messages: the test split, then emoji, 繁體, full-width, pinyin, English, digits and very long ones. */
function variedMessages(): string[] {
  const split = readFileSync(path.join(ROOT, 'models/training/data/test.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, 220)
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const odd = [
    '在吗😊',
    '🙏🙏🙏快点发货',
    '👍',
    '收到了❤️谢谢亲💐',
    '請問這件衣服還有貨嗎',
    '我要退貨，尺碼不合適',
    '發票怎麼開',
    '運費險怎麼理賠',
    'ＸＬ码有吗？',
    '１６５／１１０斤穿什么码',
    '！！！！怎么还没到！！！！',
    'zai ma',
    'kuaidi dao na le',
    'wo yao tui huo',
    'tuikuan',
    'Do you ship to Hong Kong?',
    'iPhone 15 Pro Max能用吗',
    'ORDER #20261206-8812 status?',
    '1234567890',
    '?',
    '。',
    '   ',
    'a',
    '亲 这 个 有 优 惠 吗',
    '链接：https://item.example.com/12345.html 这个能便宜点吗',
    '<b>退款</b>&nbsp;怎么还没到账',
  ];
  const long = [
    '我上周买的那件羽绒服，'.repeat(30) + '到底什么时候发货？',
    '收到的杯子碎了，'.repeat(60),
    'really long english message about a refund '.repeat(12),
    '😡'.repeat(200),
    '請問'.repeat(100) + '發貨',
  ];
  return [...split, ...odd, ...long];
}

describe('length buckets on models/kefu-intent-student, against the transformers.js path run in this test', () => {
  const texts = variedMessages();
  let tokenizer: PreTrainedTokenizer;
  let bucketed: BertRecognizer;
  let whole: BertRecognizer;
  let old: Worker;
  let nextId = 0;

  /** The path before length buckets (test/helpers/nlu-reference-worker.js): padded to the longest, one run, blended. */
  function reference(batch: string[]): Promise<Record<string, number>[]> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { id: number; probs?: Record<string, number>[]; error?: string }): void => {
        if (m.id !== id) return;
        old.off('message', onMessage);
        if (m.probs) resolve(m.probs);
        else reject(new Error(m.error));
      };
      old.on('message', onMessage);
      old.postMessage({ id, texts: batch });
    });
  }

  function expectSame(got: Record<string, number>, want: Record<string, number>, text: string): void {
    const worst = Math.max(...Object.entries(want).map(([l, p]) => Math.abs(got[l] - p)));
    expect([text, worst < 1e-5]).toEqual([text, true]);
  }

  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.localModelPath = path.dirname(MODEL);
    tokenizer = await AutoTokenizer.from_pretrained(path.basename(MODEL));
    old = new Worker(path.join(ROOT, 'test/helpers/nlu-reference-worker.js'), { workerData: { dir: MODEL, dtype: 'q8' }, execArgv: [] });
    const common = { model: MODEL, dtype: 'q8', intentsFile: null, workers: 1, intraOpThreads: 1 } as const;
    bucketed = await BertRecognizer.load(common);
    whole = await BertRecognizer.load({ ...common, lengthBucket: 0, maxBatch: 1024 });
  }, 60_000);
  afterAll(async () => {
    await bucketed?.close();
    await whole?.close();
    await old?.terminate();
  });

  test('the padded int64 rows equal the tokenizer’s tensors (ids, mask, token types), for the whole batch and for any bucket', () => {
    const lists = tokenizer(texts, { ...ENCODE, return_tensor: false }) as unknown as Record<string, number[][]>;
    const rows = texts.map((_, i) => i);
    const check = (group: number[]): void => {
      const want = tokenizer(
        group.map((i) => texts[i]),
        { padding: true, ...ENCODE },
      ) as unknown as Record<string, { dims: number[]; data: BigInt64Array }>;
      const width = want.input_ids.dims[1];
      expect(Object.keys(lists).sort()).toEqual(Object.keys(want).sort());
      for (const name of Object.keys(want)) {
        const fill = name === 'input_ids' ? Number(tokenizer.pad_token_id) : 0;
        expect(Array.from(padRows(lists[name], group, width, fill, false))).toEqual(Array.from(want[name].data));
      }
    };
    check(rows);
    for (const group of lengthBuckets(
      lists.input_ids.map((ids) => ids.length),
      16,
    ))
      check(group);
    expect(Math.max(...lists.input_ids.map((ids) => ids.length))).toBe(128); // the long ones are cut
  });

  test('with buckets off, one batch gives exactly what the old path gives', async () => {
    const got = await whole.recognizeBatch(texts);
    const want = await reference(texts);
    texts.forEach((t, i) => expectSame(got[i].intents, want[i], t));
  }, 60_000);

  test('with buckets on, each message gets exactly what the old path gives its bucket run alone (same ids, masks, order)', async () => {
    expect(texts.length).toBeGreaterThan(250);
    const got = await bucketed.recognizeBatch(texts);
    expect(got.map((r) => r.text)).toEqual(texts);
    // The buckets the recogniser forms: texts sorted by length, cut into batches of 64, each sorted by token count into groups of 16.
    const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length || a - b);
    let buckets = 0;
    for (let c = 0; c < order.length; c += 64) {
      const chunk = order.slice(c, c + 64);
      const ids = tokenizer(
        chunk.map((i) => texts[i]),
        { ...ENCODE, return_tensor: false },
      ).input_ids as unknown as number[][];
      for (const group of lengthBuckets(
        ids.map((l) => l.length),
        16,
      )) {
        const members = group.map((g) => chunk[g]);
        const want = await reference(members.map((i) => texts[i]));
        members.forEach((i, j) => expectSame(got[i].intents, want[j], texts[i]));
        buckets++;
      }
    }
    expect(buckets).toBeGreaterThan(texts.length / 16);
  }, 60_000);

  test('against one padded run of the whole batch: the same intents, probabilities within the int8 graph’s batch-to-batch spread', async () => {
    const got = await bucketed.recognizeBatch(texts);
    const old = await reference(texts);
    // The same message alone and in the whole batch, on the old path: per-batch int8 activations move it.
    let spread = 0;
    for (let i = 0; i < 60; i++) {
      const [alone] = await reference([texts[i]]);
      for (const [label, p] of Object.entries(alone)) spread = Math.max(spread, Math.abs(p - old[i][label]));
    }
    expect(spread).toBeGreaterThan(1e-4); // the old path itself is not batch-independent
    let moved = 0;
    let changed = 0;
    texts.forEach((t, i) => {
      expect(got[i].text).toBe(t);
      for (const [label, p] of Object.entries(old[i])) moved = Math.max(moved, Math.abs(got[i].intents[label] - p));
      const sorted = Object.values(old[i]).sort((a, b) => b - a);
      const oldTop = Object.keys(old[i]).find((l) => old[i][l] === sorted[0]);
      if (got[i].top.name !== oldTop) {
        changed++;
        expect(sorted[0] - sorted[1]).toBeLessThan(0.1); // only a near tie may flip
      }
    });
    expect(moved).toBeLessThan(0.08);
    expect(changed).toBeLessThanOrEqual(Math.ceil(texts.length / 100));
  }, 60_000);
});
