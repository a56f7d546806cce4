import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BertRecognizer } from '../../../src/nlu/bert';
import { blend, lexicalProbs, loadLexicalHead } from '../../../src/nlu/bert/lexical-head';

const MODEL = path.resolve(__dirname, '../../../models/kefu-intent-zh');

describe('BertRecognizer on models/kefu-intent-zh', () => {
  let nlu: BertRecognizer;
  beforeAll(async () => {
    nlu = await BertRecognizer.load({ model: MODEL, intentsFile: null, now: () => new Date('2026-11-24T10:00:00+08:00') });
  });
  afterAll(async () => {
    await nlu?.close();
  });

  test('returns a well-formed Recognition over every id2label name', async () => {
    const r = await nlu.recognize('亲，XL码还有货吗？明天能到吗');
    const names = Object.keys(r.intents).sort();
    expect(names).toEqual([...nlu.info.classifierLabels].sort());
    expect(names.length).toBeGreaterThan(1);
    const sum = Object.values(r.intents).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 4);
    expect(r.intents[r.top.name]).toBe(r.top.score);
    expect(Math.max(...Object.values(r.intents))).toBe(r.top.score);
    expect(r.entities.map((e) => e.type)).toEqual(['size', 'date']);
  });

  test('concurrent recognize calls resolve to their own texts in fewer batches than calls', async () => {
    const before = nlu.batchStats();
    const texts = Array.from({ length: 150 }, (_, i) => `第${i}个问题：什么时候发货`);
    const out = await Promise.all(texts.map((t) => nlu.recognize(t)));
    expect(out.map((r) => r.text)).toEqual(texts);
    const after = nlu.batchStats();
    expect(after.requests - before.requests).toBe(150);
    expect(after.batches - before.batches).toBeLessThan(150);
    expect(after.batches - before.batches).toBeGreaterThanOrEqual(3); // at most 64 per batch
  });

  test('batch and single results agree', async () => {
    const [a] = await nlu.recognizeBatch(['退货怎么退']);
    const b = await nlu.recognize('退货怎么退');
    expect(a.top.name).toBe(b.top.name);
    expect(a.top.score).toBeCloseTo(b.top.score, 4);
  });

  test('the event loop keeps ticking during a large batch', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const texts = Array.from({ length: 2000 }, (_, i) => `这件衣服${i}号能便宜点吗，有没有优惠券`);
    const ticksAtStart = ticks;
    const out = await nlu.recognizeBatch(texts);
    clearInterval(timer);
    expect(out).toHaveLength(2000);
    expect(ticks - ticksAtStart).toBeGreaterThan(0);
  });
});

describe('the lexical head', () => {
  let alone: BertRecognizer | undefined;
  let blended: BertRecognizer | undefined;
  afterAll(async () => {
    await alone?.close();
    await blended?.close();
  });

  test('is blended with the classifier when the model folder has lexical-head.json, and can be turned off', async () => {
    [alone, blended] = await Promise.all([
      BertRecognizer.load({ model: MODEL, intentsFile: null, lexicalHead: false, workers: 1 }),
      BertRecognizer.load({ model: MODEL, intentsFile: null, workers: 1 }),
    ]);
    const head = loadLexicalHead(path.join(MODEL, 'lexical-head.json'));
    expect(alone.info.lexicalHead).toBeNull();
    expect(blended.info.lexicalHead).toEqual({ classifierWeight: head.classifierWeight, features: head.features });
    expect(head.classifierWeight).toBeGreaterThan(0);
    expect(head.classifierWeight).toBeLessThan(1);
    const labels = blended.info.classifierLabels;
    for (const text of ['这个面膜孕妇能用吗', '我 想 退 货 ， 尺 码 不 对', '发票抬头写错了能重开吗']) {
      const [a, b] = await Promise.all([alone.recognize(text), blended.recognize(text)]);
      const expected = blend(
        head,
        labels,
        labels.map((l) => a.intents[l]),
        lexicalProbs(head, text),
      );
      labels.forEach((l, i) => expect(b.intents[l]).toBeCloseTo(expected[i], 5));
    }
  });
});

describe('the int8 classifier (onnx/model_quantized.onnx)', () => {
  let fp32: BertRecognizer | undefined;
  let q8: BertRecognizer | undefined;
  afterAll(async () => {
    await fp32?.close();
    await q8?.close();
  });

  test('is used for dtype q8 and auto, and agrees with fp32 on the top intent', async () => {
    [fp32, q8] = await Promise.all([
      BertRecognizer.load({ model: MODEL, intentsFile: null, workers: 1 }),
      BertRecognizer.load({ model: MODEL, intentsFile: null, workers: 1, dtype: 'auto' }),
    ]);
    expect(fp32.info.dtype).toBe('fp32');
    expect(q8.info.dtype).toBe('q8');
    const texts = ['我的快递到哪了', '这个面膜孕妇能用吗', '能便宜点吗 买两件', '发票抬头写错了能重开吗', '转人工', '好的谢谢'];
    const [a, b] = await Promise.all([fp32.recognizeBatch(texts), q8.recognizeBatch(texts)]);
    texts.forEach((_, i) => {
      expect(b[i].top.name).toBe(a[i].top.name);
      expect(Math.abs(b[i].top.score - a[i].top.score)).toBeLessThan(0.05);
    });
    // Not the same graph: the scores differ a little.
    expect(b.some((r, i) => r.top.score !== a[i].top.score)).toBe(true);
  });
});

describe('a broken lexical-head.json', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('fails the load with the file and the fix named (also when trained for other intents), with every worker stopped cleanly', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-model-'));
    const copy = path.join(dir, 'kefu-intent-zh');
    mkdirSync(path.join(copy, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt']) {
      copyFileSync(path.join(MODEL, f), path.join(copy, f));
    }
    for (const f of ['model.onnx', 'encoder.onnx']) symlinkSync(path.join(MODEL, 'onnx', f), path.join(copy, 'onnx', f));
    writeFileSync(path.join(copy, 'lexical-head.json'), '{"format": "kefu-lexical-head/2", "labels": [');
    await expect(BertRecognizer.load({ model: copy, intentsFile: null, workers: 2, intraOpThreads: 1 })).rejects.toThrow(
      /lexical-head\.json: cannot be read as JSON.*train_lexical\.py/,
    );
    const header = JSON.parse(readFileSync(path.join(MODEL, 'lexical-head.json'), 'utf8')) as { labels: string[] };
    header.labels = header.labels.map((l) => (l === 'invoice' ? 'gift_wrap' : l));
    writeFileSync(path.join(copy, 'lexical-head.json'), JSON.stringify(header));
    copyFileSync(path.join(MODEL, 'lexical-head.bin'), path.join(copy, 'lexical-head.bin'));
    await expect(BertRecognizer.load({ model: copy, intentsFile: null, workers: 1 })).rejects.toThrow(
      /trained for other intents than the model's config\.json.*train_lexical\.py/,
    );
    const alone = await BertRecognizer.load({ model: copy, intentsFile: null, workers: 1, lexicalHead: false });
    expect((await alone.recognize('快递到哪了')).top.name).toBe('shipping_logistics');
    await alone.close();
  });
});

describe('few-shot intents', () => {
  let dir: string;
  let nlu: BertRecognizer | undefined;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-intents-'));
  });
  afterAll(async () => {
    await nlu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const giftWrap = [
    '能帮忙包装成礼物吗',
    '可以礼盒包装吗',
    '送人的能包一下吗',
    '有礼品包装吗',
    '包装能好看点吗',
    '要礼盒装',
    '能写张贺卡吗',
    '礼物包装收费吗',
  ];
  const yaml = (extra: string) => `intents:
  - name: greeting
    examples: [你好, 在吗, 有人吗, 哈喽, 您好, 在不在, 亲在吗, hello]
  - name: shipping_logistics
    examples: [快递到哪了, 什么时候发货, 几天能到, 发什么快递, 物流不动了, 能送到新疆吗, 今天能发吗, 到哪了]
${extra}`;

  test('a brand-new intent with 8 examples is recognised, and reloadIntents picks up changes', async () => {
    const file = path.join(dir, 'intents.yaml');
    writeFileSync(file, yaml(''));
    nlu = await BertRecognizer.load({ model: MODEL, intentsFile: file });
    expect(nlu.info.novelIntents).toEqual([]);
    expect((await nlu.recognize(giftWrap[0])).intents.gift_wrap).toBeUndefined();

    writeFileSync(file, yaml(`  - name: gift_wrap\n    examples: [${giftWrap.join(', ')}]\n`));
    expect(await nlu.reloadIntents()).toEqual(['gift_wrap']);
    for (const text of giftWrap.slice(0, 3)) {
      const r = await nlu.recognize(text);
      expect(r.top.name).toBe('gift_wrap');
      expect(Object.values(r.intents).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
    const other = await nlu.recognize('快递到哪了');
    expect(other.intents.gift_wrap).toBeLessThan(0.5);
  });
});
