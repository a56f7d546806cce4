// Runs a transformers.js folder on texts and prints what Python must reproduce (used by check_base.py):
//   node models/training/check_base.cjs <model folder> <texts.json> [model_file_name]
// One JSON object: token ids per text and the last_hidden_state (feature-extraction, no pooling) per text.
const path = require('path');
const fs = require('fs');

async function main() {
  const dir = path.resolve(process.argv[2]);
  const texts = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const file = process.argv[4] || 'model';
  const { env, AutoTokenizer, pipeline } = require('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(dir);
  const name = path.basename(dir);
  const tok = await AutoTokenizer.from_pretrained(name);
  const ids = texts.map((t) => Array.from(tok(t).input_ids.data, Number));
  const fe = await pipeline('feature-extraction', name, { dtype: 'fp32', model_file_name: file });
  const hidden = [];
  for (const t of texts) {
    const out = await fe(t, { pooling: 'none' });
    hidden.push(Array.from(out.data));
  }
  console.log(JSON.stringify({ ids, hidden }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
