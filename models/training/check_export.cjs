// Checks an exported folder with transformers.js (the runtime kefu uses):
//   node models/training/check_export.cjs models/kefu-intent-zh [texts.json]
// Prints one JSON object: token ids per text (to compare with tokenization.py), the top label per text
// from the text-classification pipeline, and the encoder output shape.
const path = require('path');
const fs = require('fs');

async function main() {
  const dir = path.resolve(process.argv[2] || 'models/kefu-intent-zh');
  const texts = process.argv[3] ? JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))
    : ['你好在吗', '亲，XL码还有货吗？👍🏻', 'iPhone 15 Pro 支持无线充电吗', '好的，什么时候发货', '[订单x] 退款 tk'];
  const { env, AutoTokenizer, pipeline, AutoModel } = require('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = path.dirname(dir);
  const name = path.basename(dir);
  const tok = await AutoTokenizer.from_pretrained(name);
  const ids = texts.map((t) => Array.from(tok(t).input_ids.data, Number));
  const clf = await pipeline('text-classification', name, { dtype: 'fp32' });
  const top = [];
  for (const t of texts) top.push((await clf(t))[0]);
  const enc = await pipeline('feature-extraction', name, { dtype: 'fp32', model_file_name: 'encoder' });
  const emb = await enc(texts.slice(0, 2), { pooling: 'mean', normalize: true });
  console.log(JSON.stringify({ ids, top, embDims: emb.dims }));
}
main().catch((e) => { console.error(e); process.exit(1); });
