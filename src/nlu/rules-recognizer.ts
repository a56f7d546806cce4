/**
 * The default recogniser: entities only, no intents (keyword/regex triggers live in the flow engine).
 */
import { extractEntities, type ExtractOptions } from './entities';
import { recognitionFromScores, type Recognition, type Recognizer } from '../core/recognizer';

/**
 * A {@link Recognizer} that extracts rule-based entities and leaves `intents` empty
 * (`top` is `{ name: 'none', score: 0 }`).
 *
 * @example
 * const r = await new RulesRecognizer({ timeZone: 'Asia/Shanghai' }).recognize('买两件XL');
 * r.entities; // quantity 2, size XL
 */
export class RulesRecognizer implements Recognizer {
  constructor(private readonly options: { now?: () => Date; timeZone?: string } = {}) {}

  private extractOptions(): ExtractOptions {
    return { now: this.options.now?.(), timeZone: this.options.timeZone };
  }

  /** Recognise one message (entities only). */
  async recognize(text: string): Promise<Recognition> {
    return recognitionFromScores(text, {}, extractEntities(text, this.extractOptions()));
  }

  /** Recognise several messages. */
  async recognizeBatch(texts: string[]): Promise<Recognition[]> {
    const options = this.extractOptions();
    return texts.map((t) => recognitionFromScores(t, {}, extractEntities(t, options)));
  }

  /** Nothing to release. */
  async close(): Promise<void> {}
}
