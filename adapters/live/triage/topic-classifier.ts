import type { Recognition, Recognizer } from '../../../src/index';
import type { LiveFlow, LiveTopic } from '../live-flow';
import { containsAny, looksLikeQuestion } from './comment-features';

/** The model's answer for one text: its top intent, or none when the rules fallback runs. */
export interface IntentGuess {
  intent?: string;
  score: number;
}

/** What a batch classification says of one text. */
export interface TopicGuess {
  topic?: LiveTopic;
  buying: boolean;
  /** The model called it a greeting or a goodbye (dropped and counted like the early greetings). */
  greeting: boolean;
}

/** Options of {@link TopicClassifier}. */
export interface TopicClassifierOptions {
  flow: LiveFlow;
  /** The intent model (the student, batched in its worker pool); undefined: keywords of the live flow only. */
  recognizer?: Pick<Recognizer, 'recognize' | 'recognizeBatch'>;
  /** Texts whose model answer is remembered (rooms repeat the same words a lot). @defaultValue 20000 */
  cacheSize?: number;
}

const GREETING_INTENTS = new Set(['greeting', 'thanks_goodbye']);

/**
 * Classifies comments in batches: one `recognizeBatch` call for the texts of a micro-batch that the cache has not
 * seen, then the live flow's topics: a topic whose keywords match and that lists the model's intent wins, then any
 * keyword match, then the first topic listing the intent (above `min_confidence`, for question-like comments).
 * Without a model the keywords alone decide (the rules fallback).
 *
 * @example
 * const guesses = await classifier.classify(['包邮吗', '1号链接还有吗']);
 */
export class TopicClassifier {
  private readonly cache = new Map<string, IntentGuess>();
  /** Texts being classified by a batch in flight. */
  private readonly pending = new Map<string, Promise<IntentGuess>>();
  private readonly cacheSize: number;
  /** Texts sent to the model so far, and model calls (batches). */
  readonly stats = { modelTexts: 0, modelCalls: 0, cacheHits: 0 };

  constructor(private readonly options: TopicClassifierOptions) {
    this.cacheSize = options.cacheSize ?? 20_000;
  }

  /** Whether a model classifies (false: the keyword rules alone). */
  get usesModel(): boolean {
    return this.options.recognizer !== undefined;
  }

  /** Classify a micro-batch of texts (one model call for the uncached ones). */
  async classify(texts: readonly string[]): Promise<TopicGuess[]> {
    const guesses = await this.intents(texts);
    return texts.map((text, i) => this.decide(text, guesses[i]!));
  }

  /** Classify one text at a time through the model (the bench's baseline). */
  async classifyOne(text: string): Promise<TopicGuess> {
    const r = this.options.recognizer ? await this.options.recognizer.recognize(text) : undefined;
    return this.decide(text, r ? { intent: r.top.name, score: r.top.score } : { score: 0 });
  }

  private async intents(texts: readonly string[]): Promise<IntentGuess[]> {
    const recognizer = this.options.recognizer;
    if (!recognizer) return texts.map(() => ({ score: 0 }));
    // texts another batch is classifying right now are awaited, not sent again (batches run concurrently)
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t) && !this.pending.has(t)))];
    this.stats.cacheHits += texts.length - missing.length;
    if (missing.length > 0) {
      this.stats.modelTexts += missing.length;
      this.stats.modelCalls += 1;
      const call = recognizer.recognizeBatch
        ? recognizer.recognizeBatch(missing)
        : Promise.all(missing.map((t) => recognizer.recognize(t)));
      const guesses = call.then((results: Recognition[]) => results.map((r) => ({ intent: r.top.name, score: r.top.score })));
      missing.forEach((t, i) =>
        this.pending.set(
          t,
          guesses.then((g) => g[i]!),
        ),
      );
      try {
        (await guesses).forEach((g, i) => this.remember(missing[i]!, g));
      } finally {
        for (const t of missing) this.pending.delete(t);
      }
    }
    return Promise.all(texts.map(async (t) => this.cache.get(t) ?? (await this.pending.get(t)) ?? { score: 0 }));
  }

  private remember(text: string, guess: IntentGuess): void {
    this.cache.set(text, guess);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private decide(text: string, guess: IntentGuess): TopicGuess {
    const { flow } = this.options;
    const sure = guess.intent !== undefined && guess.score >= flow.minConfidence ? guess.intent : undefined;
    const byKeyword = flow.topics.filter((t) => containsAny(text, t.keywords));
    const topic =
      (sure ? byKeyword.find((t) => t.intents.includes(sure)) : undefined) ??
      byKeyword[0] ??
      (sure && looksLikeQuestion(text) ? flow.topics.find((t) => t.intents.includes(sure)) : undefined);
    const buying = containsAny(text, flow.buyingKeywords) || (sure !== undefined && flow.buyingIntents.includes(sure));
    const greeting = !topic && !buying && sure !== undefined && GREETING_INTENTS.has(sure);
    return { topic, buying, greeting };
  }
}
