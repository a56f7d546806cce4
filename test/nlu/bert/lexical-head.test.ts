import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  blend,
  hashNgram,
  lexicalProbs,
  lexiconGroupCounts,
  lexiconTokens,
  loadLexicalHead,
  ngrams,
  parseLexicalHead,
} from '../../../src/nlu/bert/lexical-head';

const MODELS = path.resolve(__dirname, '../../../models');

describe('lexical head n-grams', () => {
  test('lower-case, one space for a run of whitespace, none beside Chinese, emoji as one character', () => {
    expect(ngrams('XL  码', 2)).toEqual(['x', 'l', '码', 'xl', 'l码']);
    expect(ngrams('我 想 问', 1)).toEqual(['我', '想', '问']);
    expect(ngrams('iPhone 15', 1)).toEqual(['i', 'p', 'h', 'o', 'n', 'e', ' ', '1', '5']);
    expect(ngrams('好👍🏻', 3)).toEqual(['好', '👍', '🏻', '好👍', '👍🏻', '好👍🏻']);
    expect(ngrams('   ', 3)).toEqual([]);
  });

  test('word groups: one token per group found in the normalised text, two at most', () => {
    const lexicon: [string, string[]][] = [
      ['anger', ['离谱', '投诉', '差评']],
      ['thanks', ['thanks', '辛苦']],
    ];
    expect(lexiconTokens('太 离 谱 了，我要投诉！差评', lexicon)).toEqual(['\u0001anger', '\u0001anger']);
    expect(lexiconTokens('THANKS 辛苦了', lexicon)).toEqual(['\u0001thanks', '\u0001thanks']);
    expect(lexiconTokens('快递到哪了', lexicon)).toEqual([]);
  });

  test('hashes are 32-bit, differ between the two functions and between n-grams', () => {
    const [a1, a2] = hashNgram('退货');
    const [b1, b2] = hashNgram('货退');
    for (const h of [a1, a2, b1, b2]) expect(h >>> 0).toBe(h);
    expect(a1).not.toBe(a2);
    expect([a1, a2]).not.toEqual([b1, b2]);
    expect(hashNgram('👍🏻')).toEqual(hashNgram('👍🏻'));
  });
});

describe.each(['kefu-intent-teacher', 'kefu-intent-student', 'kefu-intent-zh'])('the shipped lexical head of %s', (folder) => {
  const MODEL = path.join(MODELS, folder);
  const head = loadLexicalHead(path.join(MODEL, 'lexical-head.json'));

  test('reproduces the probabilities the Python trainer computed (lexical-head.check.json)', () => {
    const check = JSON.parse(readFileSync(path.join(MODEL, 'lexical-head.check.json'), 'utf8')) as { texts: string[]; probs: number[][] };
    expect(check.texts.length).toBeGreaterThan(20);
    check.texts.forEach((text, i) => {
      const got = lexicalProbs(head, text);
      expect(got).toHaveLength(check.probs[i].length);
      got.forEach((p, j) => expect(Math.abs(p - check.probs[i][j])).toBeLessThan(1e-6));
    });
  });

  test('the one-scan word-group counts equal searching for every word (lexiconTokens) on varied texts', () => {
    const words = head.lexicon.flatMap(([, ws]) => ws);
    const split = readFileSync(path.join(MODELS, 'training/data/test.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .slice(0, 300)
      .map((l) => (JSON.parse(l) as { text: string }).text);
    // Lexicon words side by side, repeated, overlapping, upper-cased, spaced out, among emoji and 繁體 / full-width text.
    const built = words.map((w, i) => `${w}${words[(i * 7) % words.length]}😊${w.toUpperCase()} ${words[(i * 13) % words.length]}${w}`);
    const odd = ['請問發貨了嗎', 'ＸＬ码', '👍🏻👍🏻', '', '   ', words.join(''), words.map((w) => w.split('').join(' ')).join('，')];
    let hits = 0;
    for (const text of [...split, ...built, ...odd]) {
      const tokens = lexiconTokens(text, head.lexicon);
      const expected = head.lexicon.map(([group]) => tokens.filter((t) => t === '\u0001' + group).length);
      const got = Array.from(lexiconGroupCounts(head, text));
      expect([text, got]).toEqual([text, expected]);
      hits += got.reduce((a, b) => a + b, 0);
    }
    expect(hits).toBeGreaterThan(words.length);
  });

  test('covers the default taxonomy and reads an obvious request', () => {
    expect(head.labels).toContain('shipping_logistics');
    expect(head.labels).toHaveLength(18);
    const p = lexicalProbs(head, '我的快递到哪了，什么时候发货');
    expect(head.labels[p.indexOf(Math.max(...p))]).toBe('shipping_logistics');
    expect(head.lexicon.map(([group]) => group)).toContain('anger');
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});

describe('blend', () => {
  const raw = (classifierWeight: number) => ({
    format: 'kefu-lexical-head/2',
    labels: ['a', 'b'],
    maxN: 1,
    classifierWeight,
    features: 1,
    scales: [0.01, 0.01],
    bias: [0, 0],
  });
  /** hash1, hash2, idf and weights of the given features (n-gram, idf, one weight per label). */
  const binary = (features: [string, number, number[]][]): Uint8Array =>
    Buffer.concat([
      Buffer.from(new Uint32Array(features.map(([g]) => hashNgram(g)[0])).buffer),
      Buffer.from(new Uint32Array(features.map(([g]) => hashNgram(g)[1])).buffer),
      Buffer.from(new Float32Array(features.map(([, idf]) => idf)).buffer),
      Buffer.from(new Int8Array(features.flatMap(([, , w]) => w)).buffer),
    ]);
  const good = binary([['好', 1, [127, -127]]]);

  test('weight 1 keeps the classifier, 0 takes the lexical head, between is a normalised geometric mix', () => {
    const clf = [0.9, 0.1, 0.5];
    const lex = [0.2, 0.8];
    const labels = ['a', 'b', 'c'];
    const one = blend(parseLexicalHead(raw(1), good), labels, clf, lex);
    const zero = blend(parseLexicalHead(raw(0), good), labels, clf, lex);
    const half = blend(parseLexicalHead(raw(0.5), good), labels, clf, lex);
    const norm = (v: number[]) => v.map((x) => x / v.reduce((s, y) => s + y, 0));
    norm(clf).forEach((p, i) => expect(one[i]).toBeCloseTo(p, 6));
    // 'c' is unknown to the lexical head: it keeps the classifier's score in every blend.
    norm([0.2, 0.8, 0.5]).forEach((p, i) => expect(zero[i]).toBeCloseTo(p, 6));
    norm([Math.sqrt(0.9 * 0.2), Math.sqrt(0.1 * 0.8), Math.sqrt(0.5 * 0.5)]).forEach((p, i) => expect(half[i]).toBeCloseTo(p, 6));
  });

  test('a tiny head scores its features', () => {
    const head = parseLexicalHead(raw(0.5), good);
    const [a, b] = lexicalProbs(head, '好');
    expect(a).toBeCloseTo(Math.exp(1.27) / (Math.exp(1.27) + Math.exp(-1.27)), 6);
    expect(a + b).toBeCloseTo(1, 9);
    expect(lexicalProbs(head, '坏')).toEqual([0.5, 0.5]);
    // '好' twice: tf 1 + ln 2, but L2 normalisation over the one feature gives the same scores.
    expect(lexicalProbs(head, '好 好')[0]).toBeCloseTo(a, 9);
    // Two features: x = (1, 2) / √5 → z_a = (127 − 2·127)·0.01/√5.
    const two = parseLexicalHead(
      { ...raw(0.5), features: 2 },
      binary([
        ['好', 1, [127, -127]],
        ['坏', 2, [-127, 127]],
      ]),
    );
    const [p] = lexicalProbs(two, '好坏');
    const z = (-127 * 0.01) / Math.sqrt(5);
    expect(p).toBeCloseTo(Math.exp(z) / (Math.exp(z) + Math.exp(-z)), 6);
  });

  test('two features with the same hashes are refused', () => {
    const dup = binary([
      ['好', 1, [1, 1]],
      ['好', 1, [1, 1]],
    ]);
    expect(() => parseLexicalHead({ ...raw(0.5), features: 2 }, dup)).toThrow(/features 0 and 1 have the same hashes/);
  });

  test('malformed files are refused with a hint to re-create them', () => {
    expect(() => parseLexicalHead({ ...raw(0.5), format: 'x' }, good)).toThrow(/format is not kefu-lexical-head\/2.*train_lexical\.py/);
    expect(() => parseLexicalHead(raw(0.5), good.subarray(1))).toThrow(/binary part has 13 bytes, not 14 \(1 features × 2 labels\)/);
    expect(() => parseLexicalHead({ ...raw(0.5), classifierWeight: 2 }, good)).toThrow(/between 0 and 1/);
    expect(() => parseLexicalHead({ ...raw(0.5), bias: [0] }, good)).toThrow(/one entry per label/);
    expect(() => parseLexicalHead({ ...raw(0.5), maxN: 0 }, good)).toThrow(/maxN must be an integer/);
    expect(() => loadLexicalHead(path.join(MODELS, 'kefu-intent-teacher', 'config.json'))).toThrow(/format is not/);
    expect(() => parseLexicalHead({ ...raw(0.5), lexicon: ['投诉'] }, good)).toThrow(/lexicon must map group names to word lists/);
    expect(() => parseLexicalHead({ ...raw(0.5), lexicon: { anger: ['投诉', ''] } }, good)).toThrow(
      /group 'anger' must be a list of non-empty words/,
    );
  });

  test('a missing binary part names the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kefu-lexical-'));
    try {
      writeFileSync(path.join(dir, 'lexical-head.json'), JSON.stringify(raw(0.5)));
      expect(() => loadLexicalHead(path.join(dir, 'lexical-head.json'))).toThrow(/lexical-head\.bin cannot be read \(ENOENT\)/);
      writeFileSync(path.join(dir, 'lexical-head.bin'), good);
      expect(loadLexicalHead(path.join(dir, 'lexical-head.json')).features).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
