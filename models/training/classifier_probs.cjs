// The classifier's probabilities per message through transformers.js (what kefu runs), for
// train_lexical.py:  node models/training/classifier_probs.cjs <model-folder> <in.jsonl> <out.json> [fp32|q8]
// Writes {"labels": [...id2label order], "probs": [[...], ...]}.
const path = require('path');
const fs = require('fs');

async function main() {
  const [dirArg, input, output, dtype = 'fp32'] = process.argv.slice(2);
  const dir = path.resolve(dirArg);
  const { env, AutoTokenizer, AutoModelForSequenceClassification } = require('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(dir);
  const name = path.basename(dir);
  const tok = await AutoTokenizer.from_pretrained(name);
  const model = await AutoModelForSequenceClassification.from_pretrained(name, { dtype });
  const id2label = model.config.id2label;
  const labels = Object.keys(id2label).sort((a, b) => a - b).map((k) => id2label[k]);
  const texts = fs.readFileSync(input, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).text);
  const probs = [];
  for (let i = 0; i < texts.length; i += 64) {
    const { logits } = await model(tok(texts.slice(i, i + 64), { padding: true, truncation: true, max_length: 128 }));
    const [n, k] = logits.dims;
    for (let r = 0; r < n; r++) {
      const row = Array.from(logits.data.subarray(r * k, (r + 1) * k));
      const max = Math.max(...row);
      const e = row.map((v) => Math.exp(v - max));
      const s = e.reduce((a, b) => a + b, 0);
      probs.push(e.map((v) => v / s));
    }
  }
  fs.writeFileSync(output, JSON.stringify({ labels, probs }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
