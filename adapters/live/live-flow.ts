import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../../src/index';

const topicSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case, e.g. free_shipping'),
    title: z.string().min(1),
    intents: z.array(z.string()).default([]),
    keywords: z.array(z.string().min(1)).default([]),
    answer: z.string().min(1),
    /** Answers for one product (by product id), overriding `answer`. */
    products: z.record(z.string(), z.string().min(1)).default({}),
  })
  .strict();

const flowSchema = z
  .object({
    answer_every: z
      .string()
      .regex(/^\d+(ms|s|m)$/, 'must be a duration such as 20s')
      .default('20s'),
    room_rate: z
      .string()
      .regex(/^\d+\/(s|min)$/, 'must be a rate such as 6/min')
      .default('6/min'),
    max_askers: z.number().int().min(1).max(10).default(3),
    /** Model confidence below which a comment's intent is not used (keywords still are). */
    min_confidence: z.number().min(0).max(1).default(0.5),
    topics: z.array(topicSchema).min(1),
    buying: z.object({ keywords: z.array(z.string().min(1)).min(1), intents: z.array(z.string()).default([]) }).strict(),
    greetings: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** One kind of question a room asks (包邮, 尺码 …) and its public answer. */
export type LiveTopic = z.infer<typeof topicSchema>;

/** A live flow file: topics with answers, buying-intent words, greetings, answer pacing. */
export interface LiveFlow {
  topics: LiveTopic[];
  buyingKeywords: string[];
  buyingIntents: string[];
  greetings: string[];
  /** At most one public answer per question group per this many ms. */
  answerEveryMs: number;
  /** At most this many public answers per room per minute. */
  answersPerMinute: number;
  maxAskers: number;
  minConfidence: number;
}

function ms(duration: string): number {
  const [, n, unit] = /^(\d+)(ms|s|m)$/.exec(duration)!;
  return Number(n) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
}

function perMinute(rate: string): number {
  const [, n, unit] = /^(\d+)\/(s|min)$/.exec(rate)!;
  return unit === 's' ? Number(n) * 60 : Number(n);
}

/**
 * Parse a live flow file's YAML text; ConfigError names every bad key with the file.
 *
 * @example
 * const flow = parseLiveFlow(readFileSync('flows/live/answers.yaml', 'utf8'), 'flows/live/answers.yaml');
 */
export function parseLiveFlow(text: string, file: string): LiveFlow {
  const parsed = flowSchema.safeParse(parse(text));
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(file)'}: ${i.message}. Fix: see adapters/live/README.md.`),
    );
  const f = parsed.data;
  const ids = new Set<string>();
  for (const topic of f.topics) {
    if (ids.has(topic.id)) throw new ConfigError([`${file}: topic ${topic.id} appears twice. Fix: give each topic its own id.`]);
    ids.add(topic.id);
  }
  return {
    topics: f.topics,
    buyingKeywords: f.buying.keywords,
    buyingIntents: f.buying.intents,
    greetings: f.greetings,
    answerEveryMs: ms(f.answer_every),
    answersPerMinute: perMinute(f.room_rate),
    maxAskers: f.max_askers,
    minConfidence: f.min_confidence,
  };
}

/** Read and parse a live flow file. */
export function loadLiveFlow(file: string): LiveFlow {
  return parseLiveFlow(readFileSync(file, 'utf8'), file);
}
