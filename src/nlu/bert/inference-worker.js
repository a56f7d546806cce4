'use strict';
/**
 * Inference worker thread (plain JavaScript so it runs the same under tsx, compiled JS and jest).
 * Holds a tokenizer, an optional sequence-classification model (blended with the model folder's lexical
 * head when there is one), an optional encoder and a few-shot head.
 *
 * Messages in:  {type:'init', id, options} | {type:'fit', id, texts, labels, labelNames} |
 *               {type:'infer', id, texts, classifier:boolean, fewShot:boolean} | {type:'close', id}
 * Messages out: {id, ok:true, result} | {id, ok:false, error}
 */
const { parentPort } = require('node:worker_threads');
const { fitHead, predictHead } = require('./few-shot-head.js');
const { loadLexicalHead, lexicalProbs, blend } = require('./lexical-head.js');
const { lengthBuckets, padRows } = require('./length-buckets.js');

let tf; // @huggingface/transformers, loaded on init
const state = {
  tokenizer: null,
  classifier: null,
  encoder: null,
  head: null,
  lexical: null,
  maxLength: 128,
  labels: null,
  lengthBucket: 0,
};

function softmax(row) {
  const max = Math.max(...row);
  const e = row.map((v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function rows(tensor) {
  const [n, k] = tensor.dims;
  const data = tensor.data;
  const out = [];
  for (let i = 0; i < n; i++) out.push(Array.from(data.subarray(i * k, (i + 1) * k)));
  return out;
}

function tokenize(texts) {
  return state.tokenizer(texts, { padding: true, truncation: true, max_length: state.maxLength });
}

/**
 * Classifier probabilities for each text. The texts are tokenised without padding; with length buckets on,
 * they are regrouped by token count and each group runs padded to its own longest text (0: one run padded
 * to the longest, as the tokenizer pads a batch). The same ids, masks and padding as `tokenize` gives.
 */
async function classify(texts) {
  const tok = state.tokenizer;
  const enc = tok(texts, { padding: false, truncation: true, max_length: state.maxLength, return_tensor: false });
  const lengths = enc.input_ids.map((ids) => ids.length);
  const left = tok.padding_side === 'left';
  const out = new Array(texts.length);
  for (const group of lengthBuckets(lengths, state.lengthBucket)) {
    let width = 0;
    for (const r of group) width = Math.max(width, lengths[r]);
    const inputs = {};
    for (const [name, lists] of Object.entries(enc)) {
      const fill = name === 'input_ids' ? (tok.pad_token_id ?? 0) : 0;
      inputs[name] = new tf.Tensor('int64', padRows(lists, group, width, fill, left), [group.length, width]);
    }
    const { logits } = await state.classifier(inputs);
    rows(logits).forEach((row, i) => (out[group[i]] = softmax(row)));
  }
  return out;
}

/** Mean-pooled, L2-normalised sentence embeddings. */
async function embed(texts) {
  const out = [];
  for (let b = 0; b < texts.length; b += 64) {
    const inputs = tokenize(texts.slice(b, b + 64));
    const { last_hidden_state: h } = await state.encoder(inputs);
    const [n, len, dim] = h.dims;
    const mask = inputs.attention_mask.data;
    for (let i = 0; i < n; i++) {
      const v = new Float64Array(dim);
      let count = 0;
      for (let t = 0; t < len; t++) {
        if (Number(mask[i * len + t]) === 0) continue;
        count++;
        const off = (i * len + t) * dim;
        for (let d = 0; d < dim; d++) v[d] += h.data[off + d];
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += (v[d] /= count || 1) ** 2;
      norm = Math.sqrt(norm) || 1;
      out.push(Array.from(v, (x) => x / norm));
    }
  }
  return out;
}

async function tryLoad(Cls, name, options) {
  try {
    return await Cls.from_pretrained(name, options);
  } catch (err) {
    return { error: err };
  }
}

async function init(o) {
  tf = require('@huggingface/transformers');
  tf.env.allowRemoteModels = Boolean(o.allowRemoteModels);
  tf.env.allowLocalModels = true;
  if (o.localModelPath) tf.env.localModelPath = o.localModelPath;
  if (o.cacheDir) tf.env.cacheDir = o.cacheDir;
  const common = { dtype: o.dtype || 'fp32', session_options: o.sessionOptions || {} };
  state.maxLength = o.maxLength || 128;
  state.lengthBucket = o.lengthBucket || 0;
  // First, so that a broken file fails before the models load.
  state.lexical = o.lexicalHeadFile ? loadLexicalHead(o.lexicalHeadFile) : null;
  state.tokenizer = await tf.AutoTokenizer.from_pretrained(o.name);
  const config = await tf.AutoConfig.from_pretrained(o.name);
  const archs = config.architectures || [];
  const isClassifier = archs.some((a) => /ForSequenceClassification/.test(a));
  if (!isClassifier) {
    state.lexical = null; // the lexical head only ever blends with a classifier
  } else {
    state.classifier = await tf.AutoModelForSequenceClassification.from_pretrained(o.name, common);
    const id2label = state.classifier.config.id2label || {};
    state.labels = Object.keys(id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => id2label[k]);
    const lex = state.lexical;
    if (lex && (lex.labels.length !== state.labels.length || !state.labels.every((l) => lex.labelIndex.has(l)))) {
      throw new Error(
        `${o.lexicalHeadFile} was trained for other intents than the model's config.json (id2label); ` +
          're-create it with models/training/train_lexical.py, or delete it to run without the lexical head',
      );
    }
  }
  const encOptions = { ...common, dtype: o.encoderDtype || common.dtype, model_file_name: o.encoderFile || 'encoder' };
  const enc = await tryLoad(tf.AutoModel, o.name, encOptions);
  if (!enc.error) state.encoder = enc;
  else if (!isClassifier) state.encoder = await tf.AutoModel.from_pretrained(o.name, common);
  const lexical = state.lexical && { classifierWeight: state.lexical.classifierWeight, features: state.lexical.features };
  return { labels: state.labels, hasEncoder: Boolean(state.encoder), hasClassifier: Boolean(state.classifier), lexical };
}

async function fit(msg) {
  const t0 = Date.now();
  if (!state.encoder) throw new Error('this model has no encoder (onnx/encoder.onnx) for few-shot intents');
  if (msg.texts.length === 0) {
    state.head = null;
    return { ms: 0, loss: null };
  }
  const embeddings = await embed(msg.texts);
  state.head = fitHead(embeddings, msg.labels, msg.labelNames.length, msg.fitOptions || {});
  state.head.labelNames = msg.labelNames;
  return { ms: Date.now() - t0, loss: state.head.finalLoss };
}

async function infer(msg) {
  let clf = null;
  let fs = null;
  let fsLabels = null;
  if (msg.classifier && state.classifier) {
    clf = await classify(msg.texts);
    const lex = state.lexical;
    if (lex) clf = clf.map((p, i) => blend(lex, state.labels, p, lexicalProbs(lex, msg.texts[i])));
  }
  if (msg.fewShot && state.head) {
    const head = state.head;
    fs = (await embed(msg.texts)).map((v) => predictHead(head, v));
    fsLabels = head.labelNames;
  }
  return { clf, fs, fsLabels };
}

const handlers = { init: (m) => init(m.options), fit, infer, embed: (m) => embed(m.texts), close: async () => null };

parentPort.on('message', async (msg) => {
  try {
    const result = await handlers[msg.type](msg);
    parentPort.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: String((err && err.message) || err) });
  }
});
