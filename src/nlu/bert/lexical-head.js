'use strict';
/**
 * The lexical head: character 1–3-gram TF-IDF features and a multinomial logistic regression, trained
 * by models/training/train_lexical.py and shipped as `lexical-head.json` in the model folder. Its
 * probabilities are blended log-linearly with the BERT classifier's (weight chosen on the project's
 * dev split). Plain JavaScript so that the inference worker can require it under tsx, compiled JS and
 * jest alike; types are in lexical-head.d.ts. The featurisation must match `lexical.py` exactly.
 */
const { readFileSync } = require('node:fs');

const FORMAT = 'kefu-lexical-head/1';
const WHITESPACE = /\s+/gu;
// Whitespace next to a non-ASCII character is dropped ("我 想 问" → "我想问"): publishers' segmented text.
const GAP = /(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])/gu;

/**
 * The n-grams of one message: lower-cased, whitespace collapsed, spaces beside CJK dropped, then every
 * run of 1..maxN code points (so an emoji counts as one character).
 */
function ngrams(text, maxN) {
  const t = String(text).toLowerCase().replace(WHITESPACE, ' ').trim().replace(GAP, '');
  const chars = Array.from(t);
  const out = chars.slice();
  for (let n = 2; n <= maxN; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
}

function decodeBase64(b64, Type) {
  const buf = Buffer.from(b64, 'base64');
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  return new Type(copy.buffer, 0, buf.length / Type.BYTES_PER_ELEMENT);
}

function fail(file, what) {
  throw new Error(`${file}: ${what}; re-create it with models/training/train_lexical.py (or delete it to run without the lexical head)`);
}

/** Parse and check a `lexical-head.json` object. */
function parseLexicalHead(raw, file = 'lexical-head.json') {
  if (!raw || raw.format !== FORMAT) fail(file, `format is not ${FORMAT}`);
  const labels = raw.labels;
  const k = Array.isArray(labels) ? labels.length : 0;
  const n = Array.isArray(raw.features) ? raw.features.length : 0;
  if (k < 2 || n < 1) fail(file, 'labels or features are missing');
  const idf = decodeBase64(raw.idf, Float32Array);
  const weights = decodeBase64(raw.weights, Int8Array);
  if (idf.length !== n || weights.length !== n * k) fail(file, `idf/weights do not match ${n} features × ${k} labels`);
  if (!Array.isArray(raw.scales) || raw.scales.length !== k || !Array.isArray(raw.bias) || raw.bias.length !== k) {
    fail(file, 'scales or bias do not have one entry per label');
  }
  const w = Number(raw.classifierWeight);
  if (!(w >= 0 && w <= 1)) fail(file, 'classifierWeight must be between 0 and 1');
  const maxN = raw.maxN ?? 3;
  if (!Number.isInteger(maxN) || maxN < 1 || maxN > 5) fail(file, 'maxN must be an integer from 1 to 5');
  const index = new Map();
  raw.features.forEach((f, i) => index.set(f, i));
  return {
    labels,
    labelIndex: new Map(labels.map((l, i) => [l, i])),
    maxN,
    index,
    idf,
    weights,
    scales: Float64Array.from(raw.scales),
    bias: Float64Array.from(raw.bias),
    classifierWeight: w,
  };
}

/** Read `lexical-head.json`; throws with a fix hint when the file is broken. */
function loadLexicalHead(file) {
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(file, `cannot be read as JSON (${(err && err.message) || err})`);
  }
  return parseLexicalHead(raw, file);
}

/** Class probabilities (the head's label order, summing to 1) for one message. */
function lexicalProbs(head, text) {
  const counts = new Map();
  for (const g of ngrams(text, head.maxN)) {
    const j = head.index.get(g);
    if (j !== undefined) counts.set(j, (counts.get(j) || 0) + 1);
  }
  const k = head.labels.length;
  const z = Float64Array.from(head.bias);
  let norm = 0;
  const feats = [];
  for (const [j, c] of counts) {
    const v = (1 + Math.log(c)) * head.idf[j];
    feats.push([j, v]);
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [j, v] of feats) {
    const x = v / norm;
    const off = j * k;
    for (let c = 0; c < k; c++) z[c] += x * head.weights[off + c] * head.scales[c];
  }
  return softmax(Array.from(z));
}

function softmax(z) {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  const e = z.map((v) => {
    const x = Math.exp(v - max);
    sum += x;
    return x;
  });
  return e.map((v) => v / sum);
}

/**
 * Blend classifier and lexical probabilities: softmax(w·log p_classifier + (1−w)·log p_lexical), over
 * the classifier's labels (`classifierLabels` order); labels the lexical head lacks keep the classifier's view.
 */
function blend(head, classifierLabels, clfProbs, lexProbs) {
  const w = head.classifierWeight;
  const z = classifierLabels.map((l, i) => {
    const j = head.labelIndex.get(l);
    const lc = Math.log(clfProbs[i] + 1e-9);
    return j === undefined ? lc : w * lc + (1 - w) * Math.log(lexProbs[j] + 1e-9);
  });
  return softmax(z);
}

module.exports = { ngrams, parseLexicalHead, loadLexicalHead, lexicalProbs, blend, LEXICAL_HEAD_FORMAT: FORMAT };
