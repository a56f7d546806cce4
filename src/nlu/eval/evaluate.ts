/**
 * Running a recogniser over a labelled set: metrics, latency, labels the model does not know.
 */
import { performance } from 'node:perf_hooks';
import type { Recognizer } from '../../core/recognizer';
import type { LabelledExample } from './dataset';
import { classificationMetrics, percentile, type ClassificationMetrics } from './metrics';

/** The result of an evaluation. */
export interface EvalReport extends ClassificationMetrics {
  /** Single-message latency (each message awaited alone), ms. */
  latencyMs: { p50: number; p99: number; mean: number };
  /** Gold labels the model cannot predict, with their counts (they count as errors). */
  unknownLabels: Record<string, number>;
  examples: number;
}

/**
 * Evaluate `recognizer` on `examples`. `knownLabels` are the intents the model can output.
 *
 * @example
 * const report = await evaluate(nlu, await readJsonl('test.jsonl'), nlu.labels);
 */
export async function evaluate(recognizer: Recognizer, examples: LabelledExample[], knownLabels: string[]): Promise<EvalReport> {
  const known = new Set(knownLabels);
  const predicted: string[] = [];
  const latencies: number[] = [];
  for (const ex of examples) {
    const t0 = performance.now();
    const r = await recognizer.recognize(ex.text);
    latencies.push(performance.now() - t0);
    predicted.push(r.top.name);
  }
  const unknownLabels: Record<string, number> = {};
  for (const ex of examples) if (!known.has(ex.label)) unknownLabels[ex.label] = (unknownLabels[ex.label] ?? 0) + 1;
  const metrics = classificationMetrics(
    examples.map((e) => e.label),
    predicted,
  );
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    ...metrics,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), mean },
    unknownLabels,
    examples: examples.length,
  };
}
