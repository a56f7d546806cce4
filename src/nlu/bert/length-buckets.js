'use strict';
/**
 * Length buckets: the messages of one batch regrouped by token count, so that each group runs padded to
 * its own longest message instead of the batch's (shopper messages are ~12 tokens, a batch of 64 pads to
 * ~30), and the padded int64 arrays built straight from the token ids (transformers.js builds them through
 * arrays of BigInts, a third of its tokenising time). Plain JavaScript so that the inference worker can
 * require it; types are in length-buckets.d.ts.
 */

/**
 * Row indices grouped for running: sorted by length (ties keep their order), in groups of at most
 * `size`. `size` 0 (or at least the row count) keeps one group in the original order, which is exactly
 * the unbucketed run.
 */
function lengthBuckets(lengths, size) {
  const n = lengths.length;
  const order = Array.from({ length: n }, (_, i) => i);
  if (!(size > 0) || size >= n) return [order];
  order.sort((a, b) => lengths[a] - lengths[b] || a - b);
  const groups = [];
  for (let i = 0; i < n; i += size) groups.push(order.slice(i, i + size));
  return groups;
}

/**
 * Rows `rows` of `lists` (one id list per message) as a row-major [rows, width] BigInt64Array, padded
 * with `fill` on the right (or on the left when `left`), as the tokenizer pads a batch to `width`.
 */
function padRows(lists, rows, width, fill, left) {
  const data = new BigInt64Array(rows.length * width);
  if (fill !== 0) data.fill(BigInt(fill));
  rows.forEach((r, i) => {
    const ids = lists[r];
    const start = i * width + (left ? width - ids.length : 0);
    for (let t = 0; t < ids.length; t++) data[start + t] = BigInt(ids[t]);
  });
  return data;
}

module.exports = { lengthBuckets, padRows };
