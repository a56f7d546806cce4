'use strict';
/**
 * The classifier path as it was before length buckets, for tests to compare against: transformers.js tokenizer
 * padding the batch to its longest message, one ONNX run, softmax, blend with the folder's lexical head.
 * A worker thread, because onnxruntime's typed arrays fail jest's sandbox checks in the test process.
 * workerData: { dir, dtype }. Message in: { id, texts }; out: { id, probs: Record<label, p>[] } or { id, error }.
 */
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const { blend, lexicalProbs, loadLexicalHead } = require('../../src/nlu/bert/lexical-head.js');

const ready = (async () => {
  const tf = require('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.localModelPath = path.dirname(workerData.dir);
  const name = path.basename(workerData.dir);
  const tokenizer = await tf.AutoTokenizer.from_pretrained(name);
  const model = await tf.AutoModelForSequenceClassification.from_pretrained(name, {
    dtype: workerData.dtype,
    session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 },
  });
  const head = loadLexicalHead(path.join(workerData.dir, 'lexical-head.json'));
  return { tokenizer, model, head };
})();

async function reference(texts) {
  const { tokenizer, model, head } = await ready;
  const { logits } = await model(tokenizer(texts, { padding: true, truncation: true, max_length: 128 }));
  const [n, k] = logits.dims;
  const labels = Array.from({ length: k }, (_, j) => model.config.id2label[j]);
  return Array.from({ length: n }, (_, i) => {
    const row = Array.from(logits.data.subarray(i * k, (i + 1) * k));
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    const p = blend(
      head,
      labels,
      e.map((v) => v / sum),
      lexicalProbs(head, texts[i]),
    );
    return Object.fromEntries(labels.map((l, j) => [l, p[j]]));
  });
}

parentPort.on('message', ({ id, texts }) => {
  reference(texts).then(
    (probs) => parentPort.postMessage({ id, probs }),
    (err) => parentPort.postMessage({ id, error: String((err && err.message) || err) }),
  );
});
