'use strict';
/**
 * A small multinomial logistic-regression head over sentence embeddings, fitted at load in plain JS.
 * Plain JavaScript so that the inference worker can require it under tsx, compiled JS and jest alike;
 * types are in few-shot-head.d.ts.
 */

/** Centre by `mean`, L2-normalise, multiply by `scale`. */
function prepare(vec, mean, scale) {
  const d = vec.length;
  const out = new Float64Array(d);
  let norm = 0;
  for (let i = 0; i < d; i++) {
    out[i] = vec[i] - mean[i];
    norm += out[i] * out[i];
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < d; i++) out[i] = (out[i] / norm) * scale;
  return out;
}

function softmaxInPlace(z) {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    z[i] = Math.exp(z[i] - max);
    sum += z[i];
  }
  for (let i = 0; i < z.length; i++) z[i] /= sum;
  return z;
}

function logits(head, x) {
  const { weights, bias, numClasses, dim } = head;
  const z = new Float64Array(numClasses);
  for (let c = 0; c < numClasses; c++) {
    let s = bias[c];
    const off = c * dim;
    for (let i = 0; i < dim; i++) s += weights[off + i] * x[i];
    z[c] = s;
  }
  return z;
}

function meanOf(vectors, dim) {
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) mean[i] += v[i] / vectors.length;
  return mean;
}

/** One full-batch gradient step; returns the mean cross-entropy. */
function step(head, xs, labels, lr, l2) {
  const { numClasses, dim, weights, bias } = head;
  const gw = new Float64Array(numClasses * dim);
  const gb = new Float64Array(numClasses);
  let loss = 0;
  for (let n = 0; n < xs.length; n++) {
    const p = softmaxInPlace(logits(head, xs[n]));
    loss -= Math.log(Math.max(p[labels[n]], 1e-12));
    p[labels[n]] -= 1;
    for (let c = 0; c < numClasses; c++) {
      gb[c] += p[c];
      const off = c * dim;
      for (let i = 0; i < dim; i++) gw[off + i] += p[c] * xs[n][i];
    }
  }
  const inv = 1 / xs.length;
  for (let j = 0; j < weights.length; j++) weights[j] -= lr * (gw[j] * inv + l2 * weights[j]);
  for (let c = 0; c < numClasses; c++) bias[c] -= lr * gb[c] * inv;
  return loss * inv;
}

/** Start from class centroids (a cosine nearest-centroid classifier), so few steps are needed. */
function initFromCentroids(head, xs, labels) {
  const { dim, weights } = head;
  const counts = new Float64Array(head.numClasses);
  xs.forEach((x, n) => {
    counts[labels[n]]++;
    for (let i = 0; i < dim; i++) weights[labels[n] * dim + i] += x[i];
  });
  for (let c = 0; c < head.numClasses; c++) {
    for (let i = 0; i < dim; i++) weights[c * dim + i] /= (counts[c] || 1) * head.scale;
  }
}

/**
 * Fit the head.
 * @param {ArrayLike<number>[]} embeddings one vector per example
 * @param {number[]} labels class index per example (0..numClasses-1)
 * @param {number} numClasses
 * @param {{steps?: number, lr?: number, l2?: number, scale?: number}} [options]
 */
function fitHead(embeddings, labels, numClasses, options = {}) {
  if (embeddings.length === 0) throw new Error('fitHead needs at least one example');
  const dim = embeddings[0].length;
  const scale = options.scale ?? 8;
  const mean = meanOf(embeddings, dim);
  const xs = embeddings.map((v) => prepare(v, mean, scale));
  const head = { dim, numClasses, mean, scale, weights: new Float64Array(numClasses * dim), bias: new Float64Array(numClasses) };
  initFromCentroids(head, xs, labels);
  const steps = options.steps ?? 200;
  let loss = NaN;
  for (let s = 0; s < steps; s++) {
    const prev = loss;
    loss = step(head, xs, labels, options.lr ?? 0.5, options.l2 ?? 1e-4);
    if (loss < 0.02 || Math.abs(prev - loss) < 1e-5) break;
  }
  head.finalLoss = loss;
  return head;
}

/** Class probabilities for one embedding. */
function predictHead(head, embedding) {
  return Array.from(softmaxInPlace(logits(head, prepare(embedding, head.mean, head.scale))));
}

module.exports = { fitHead, predictHead };
