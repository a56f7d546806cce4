import type { LiveFlow } from '../../adapters/live/live-flow';
import { Prefilter } from '../../adapters/live/triage/prefilter';
import { TopicClassifier, type TopicClassifierOptions } from '../../adapters/live/triage/topic-classifier';
import { commentMix } from './comment-mix';

/** What one saturated classifier run did. */
export interface CapacityRun {
  /** Comments classified per second (by the model or its text cache). */
  commentsPerSec: number;
  /** Texts the model itself classified per second (cache misses). */
  modelTextsPerSec: number;
  /** Share of comments answered by the text cache. */
  cacheHitRate: number;
  modelCalls: number;
  comments: number;
}

/** How the comments reach the classifier: the room's micro-batches, or one comment per call. */
export type CapacityMode = { kind: 'batched'; batchSize: number; concurrency: number } | { kind: 'one-at-a-time' };

/**
 * The texts a room's classifier sees: the comment mix at `rate` comments per second after the early drop
 * (greetings, emoji spam, a viewer's repeats), endless and the same for a seed.
 */
export function keptTexts(seed: number, flow: LiveFlow, rate: number): () => string {
  const next = commentMix(seed);
  const prefilter = new Prefilter({ greetings: flow.greetings });
  let i = 0;
  return () => {
    for (;;) {
      const c = next();
      const receivedAt = (i++ * 1000) / rate;
      if (!prefilter.check({ room: 'bench', uid: String(c.uid), name: c.name, text: c.text, receivedAt })) return c.text;
    }
  };
}

/**
 * Classify the kept comments of the mix as fast as the classifier goes for `seconds`, with a fresh
 * {@link TopicClassifier} (its default text cache, as in a room): micro-batched like a room, or one comment per call
 * (the baseline). Both modes read the same text sequence, so their cache sees the same repeats.
 */
export async function measureCapacity(options: {
  flow: LiveFlow;
  recognizer: NonNullable<TopicClassifierOptions['recognizer']>;
  seed: number;
  rate: number;
  seconds: number;
  mode: CapacityMode;
}): Promise<CapacityRun> {
  const classifier = new TopicClassifier({ flow: options.flow, recognizer: options.recognizer });
  const next = keptTexts(options.seed, options.flow, options.rate);
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  let comments = 0;
  if (options.mode.kind === 'one-at-a-time') {
    while (Date.now() < deadline) {
      await classifier.classify([next()]);
      comments += 1;
    }
  } else {
    const { batchSize, concurrency } = options.mode;
    const lane = async (): Promise<void> => {
      while (Date.now() < deadline) {
        const batch = Array.from({ length: batchSize }, next);
        await classifier.classify(batch);
        comments += batch.length;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  }
  const elapsed = (Date.now() - started) / 1000;
  const { modelTexts, modelCalls, cacheHits } = classifier.stats;
  return {
    commentsPerSec: Math.round(comments / elapsed),
    modelTextsPerSec: Math.round(modelTexts / elapsed),
    cacheHitRate: comments ? cacheHits / comments : 0,
    modelCalls,
    comments,
  };
}
