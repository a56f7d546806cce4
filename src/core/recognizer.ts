/**
 * The Recognizer port (after botbuilder's RecognizerResult): what the shopper wants, how sure we
 * are, and the entities in the message.
 */

/** One entity found in a message, with its character span. */
export interface Entity {
  /** e.g. `order_id`, `phone`, `size`, `color`, `quantity`, `price`, `date`, `datetime`, `height`, `weight`. */
  type: string;
  /** Normalised value, e.g. `XL`, `2`, `2026-06-18`, `2026-06-18T15:00+08:00`, `170` (cm), `75` (kg). */
  value: string;
  /** The text as written. */
  text: string;
  start: number;
  end: number;
}

/** The result of recognising one message. */
export interface Recognition {
  text: string;
  /** Scores per intent name, 0..1. May be empty when no model is loaded. */
  intents: Record<string, number>;
  /** The best intent; `{ name: 'none', score: 0 }` when nothing is known. */
  top: { name: string; score: number };
  entities: Entity[];
}

/**
 * Anything that turns text into a {@link Recognition}.
 *
 * @example
 * const r = await recognizer.recognize('我的快递到哪了');
 * r.top; // { name: 'shipping_logistics', score: 0.97 }
 */
export interface Recognizer {
  recognize(text: string): Promise<Recognition>;
  /** Optional batch form; implementations that micro-batch should provide it. */
  recognizeBatch?(texts: string[]): Promise<Recognition[]>;
  /** Release worker threads etc. */
  close?(): Promise<void>;
}

/** The intent name used when nothing was recognised. */
export const NO_INTENT = 'none';

/** Build a Recognition from scores (picks the top). */
export function recognitionFromScores(text: string, intents: Record<string, number>, entities: Entity[] = []): Recognition {
  let top = { name: NO_INTENT, score: 0 };
  for (const [name, score] of Object.entries(intents)) {
    if (score > top.score) top = { name, score };
  }
  return { text, intents, top, entities };
}
