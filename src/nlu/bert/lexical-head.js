'use strict';
/**
 * The lexical head: character 1–3-gram and word-group TF-IDF features and a multinomial logistic regression, trained
 * by models/training/train_lexical.py and shipped as `lexical-head.json` in the model folder. Its
 * probabilities are blended log-linearly with the BERT classifier's (weight chosen on the project's
 * dev split). Plain JavaScript so that the inference worker can require it under tsx, compiled JS and
 * jest alike; types are in lexical-head.d.ts. Normalisation and hashing must match `lexical.py` exactly.
 *
 * The files hold no n-gram strings: each feature is known by two 32-bit hashes of its code points, and
 * the arrays are raw little-endian bytes in `lexical-head.bin`, so a worker keeps a few MB of typed
 * arrays instead of tens of thousands of strings.
 */
const { readFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const FORMAT = 'kefu-lexical-head/2';
const WHITESPACE = /\s+/gu;
// Whitespace next to a non-ASCII character is dropped ("我 想 问" → "我想问"): publishers' segmented text.
const GAP = /(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])/gu;
const H1_SEED = 0x811c9dc5;
const H2_SEED = 0x9747b28c;

const LEXICON_MARK = '\u0001'; // word-group tokens are "\u0001" + group name, hashed like n-grams

/** Lower-case, collapse whitespace, drop spaces beside non-ASCII characters. */
function normalise(text) {
  return String(text).toLowerCase().replace(WHITESPACE, ' ').trim().replace(GAP, '');
}

function codePoints(text) {
  return Array.from(normalise(text), (c) => c.codePointAt(0));
}

/** One token per word group with a word in the normalised text (twice when two or more of its words are). */
function lexiconTokens(text, lexicon) {
  const t = normalise(text);
  const out = [];
  for (const [group, words] of lexicon) {
    for (let i = groupCount(t, words); i > 0; i--) out.push(LEXICON_MARK + group);
  }
  return out;
}

/** How often a group's token counts in normalised text `t`: 0, 1, or 2 for two or more of its words. */
function groupCount(t, words) {
  let hits = 0;
  for (const w of words) if (t.includes(w) && ++hits === 2) break;
  return hits;
}

/**
 * The lexicon's words indexed by their first UTF-16 unit, so that a message is scanned once instead of
 * searched for every word: code unit → [{ id, group, word }].
 */
function indexLexicon(lexicon) {
  const index = new Map();
  let id = 0;
  lexicon.forEach(([, words], group) => {
    for (const word of words) {
      const key = word.charCodeAt(0);
      if (!index.has(key)) index.set(key, []);
      index.get(key).push({ id: id++, group, word });
    }
  });
  return { index, words: id };
}

/** {@link groupCount} of every group at once (same counts): one pass over `t` with the first-unit index. */
function groupCounts(lexiconIndex, groups, t) {
  const counts = new Uint8Array(groups);
  if (lexiconIndex.words === 0) return counts;
  const seen = new Uint8Array(lexiconIndex.words);
  for (let p = 0; p < t.length; p++) {
    const candidates = lexiconIndex.index.get(t.charCodeAt(p));
    if (candidates === undefined) continue;
    for (const e of candidates) {
      if (seen[e.id] === 0 && t.startsWith(e.word, p)) {
        seen[e.id] = 1;
        if (counts[e.group] < 2) counts[e.group]++;
      }
    }
  }
  return counts;
}

/** The n-grams of one message as strings (for tests and inspection; scoring works on hashes). */
function ngrams(text, maxN) {
  const chars = codePoints(text).map((c) => String.fromCodePoint(c));
  const out = [];
  for (let n = 1; n <= maxN; n++) {
    for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
}

/** Step of the first hash (FNV-1a over code points). */
function stepH1(h, c) {
  return Math.imul(h ^ c, 0x01000193) >>> 0;
}

/** Step of the second hash (multiply-xorshift over code points). */
function stepH2(h, c) {
  const x = Math.imul(h ^ c, 0x5bd1e995) >>> 0;
  return (x ^ (x >>> 15)) >>> 0;
}

/** Both hashes of one n-gram given as a string (what the trainer stores per feature). */
function hashNgram(gram) {
  let h1 = H1_SEED;
  let h2 = H2_SEED;
  for (const ch of gram) {
    const c = ch.codePointAt(0);
    h1 = stepH1(h1, c);
    h2 = stepH2(h2, c);
  }
  return [h1, h2];
}

function fail(file, what) {
  throw new Error(`${file}: ${what}; re-create it with models/training/train_lexical.py (or delete it to run without the lexical head)`);
}

/** Open-addressing table over the features' hashes: slot → feature index, -1 when empty. */
function buildTable(h1, h2, file) {
  let size = 1;
  while (size < h1.length * 2) size <<= 1;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  for (let j = 0; j < h1.length; j++) {
    let s = h1[j] & mask;
    while (slots[s] !== -1) {
      const k = slots[s];
      if (h1[k] === h1[j] && h2[k] === h2[j]) fail(file, `features ${k} and ${j} have the same hashes`);
      s = (s + 1) & mask;
    }
    slots[s] = j;
  }
  return { slots, mask };
}

/**
 * Check a parsed `lexical-head.json` and its binary arrays (`lexical-head.bin`: hash1 u32 × n, hash2
 * u32 × n, idf f32 × n, weights i8 × n × labels, little-endian), and index the features.
 */
function parseLexicalHead(raw, bin, file = 'lexical-head.json') {
  if (!raw || raw.format !== FORMAT) fail(file, `format is not ${FORMAT}`);
  const labels = raw.labels;
  const k = Array.isArray(labels) ? labels.length : 0;
  const n = Number(raw.features);
  if (k < 2 || !(Number.isInteger(n) && n > 0)) fail(file, 'labels or the feature count are missing');
  if (!Array.isArray(raw.scales) || raw.scales.length !== k || !Array.isArray(raw.bias) || raw.bias.length !== k) {
    fail(file, 'scales or bias do not have one entry per label');
  }
  const w = Number(raw.classifierWeight);
  if (!(w >= 0 && w <= 1)) fail(file, 'classifierWeight must be between 0 and 1');
  const maxN = raw.maxN ?? 3;
  if (!Number.isInteger(maxN) || maxN < 1 || maxN > 5) fail(file, 'maxN must be an integer from 1 to 5');
  const bytes = n * 12 + n * k;
  if (!bin || bin.byteLength !== bytes)
    fail(file, `its binary part has ${bin ? bin.byteLength : 0} bytes, not ${bytes} (${n} features × ${k} labels)`);
  if (os.endianness() !== 'LE') fail(file, 'this runtime reads it on little-endian machines only');
  // Own, aligned memory (a Buffer may be a slice of a shared pool).
  const data = new Uint8Array(bytes);
  data.set(bin);
  const h1 = new Uint32Array(data.buffer, 0, n);
  const h2 = new Uint32Array(data.buffer, n * 4, n);
  const idf = new Float32Array(data.buffer, n * 8, n);
  const weights = new Int8Array(data.buffer, n * 12, n * k);
  const lexicon = parseLexicon(raw.lexicon, file);
  const { slots, mask } = buildTable(h1, h2, file);
  const table = { h1, h2, slots, mask };
  // Each group's feature (-1 when training kept none), found once here rather than per message.
  const groupFeatures = Int32Array.from(lexicon, ([group]) => lookup(table, ...hashNgram(LEXICON_MARK + group)));
  return {
    labels,
    lexicon,
    lexiconIndex: indexLexicon(lexicon),
    groupFeatures,
    labelIndex: new Map(labels.map((l, i) => [l, i])),
    maxN,
    features: n,
    h1,
    h2,
    slots,
    mask,
    idf,
    weights,
    scales: Float64Array.from(raw.scales),
    bias: Float64Array.from(raw.bias),
    classifierWeight: w,
  };
}

/** The word groups as [group, words] pairs, in the file's order (as Python's dict keeps them). */
function parseLexicon(raw, file) {
  if (raw === undefined) return [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(file, 'lexicon must map group names to word lists');
  return Object.entries(raw).map(([group, words]) => {
    if (!Array.isArray(words) || words.some((w) => typeof w !== 'string' || w === '')) {
      fail(file, `lexicon group '${group}' must be a list of non-empty words`);
    }
    return [group, words];
  });
}

/** Read `lexical-head.json` and the `lexical-head.bin` beside it; throws with a fix hint when broken. */
function loadLexicalHead(file) {
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(file, `cannot be read as JSON (${(err && err.message) || err})`);
  }
  const binFile = path.join(path.dirname(file), String((raw && raw.binary) || 'lexical-head.bin'));
  let bin;
  try {
    bin = readFileSync(binFile);
  } catch (err) {
    fail(file, `its binary part ${binFile} cannot be read (${(err && err.code) || err})`);
  }
  return parseLexicalHead(raw, bin, file);
}

function lookup(head, h1, h2) {
  let s = h1 & head.mask;
  for (;;) {
    const j = head.slots[s];
    if (j === -1) return -1;
    if (head.h1[j] === h1 && head.h2[j] === h2) return j;
    s = (s + 1) & head.mask;
  }
}

/** Class probabilities (the head's label order, summing to 1) for one message. */
function lexicalProbs(head, text) {
  const t = normalise(text);
  const cps = Array.from(t, (c) => c.codePointAt(0));
  const counts = new Map();
  for (let i = 0; i < cps.length; i++) {
    let h1 = H1_SEED;
    let h2 = H2_SEED;
    for (let n = 1; n <= head.maxN && i + n <= cps.length; n++) {
      h1 = stepH1(h1, cps[i + n - 1]);
      h2 = stepH2(h2, cps[i + n - 1]);
      const j = lookup(head, h1, h2);
      if (j !== -1) counts.set(j, (counts.get(j) || 0) + 1);
    }
  }
  const found = groupCounts(head.lexiconIndex, head.lexicon.length, t);
  for (let g = 0; g < found.length; g++) {
    const j = head.groupFeatures[g];
    if (j !== -1 && found[g] > 0) counts.set(j, (counts.get(j) || 0) + found[g]);
  }
  const k = head.labels.length;
  const z = Array.from(head.bias);
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
  return softmax(z);
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

/** How often each word group's token counts for `text` (the head's lexicon order; what lexicalProbs uses). */
function lexiconGroupCounts(head, text) {
  return groupCounts(head.lexiconIndex, head.lexicon.length, normalise(text));
}

module.exports = {
  normalise,
  lexiconGroupCounts,
  ngrams,
  lexiconTokens,
  hashNgram,
  parseLexicalHead,
  loadLexicalHead,
  lexicalProbs,
  blend,
  LEXICAL_HEAD_FORMAT: FORMAT,
};
