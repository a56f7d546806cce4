import type { LiveComment, ShedReason } from '../live-types';

/** Only emoji, bracketed sticker codes ([笑哭]), punctuation, digits like 666/111, or one character repeated. */
const NOISE = /^(?:[\p{Extended_Pictographic}\p{Emoji_Component}\p{P}\p{S}\s]|\[[^\]]{1,6}\])*$/u;
const REPEATED_CHAR = /^(.)\1{2,}$/u;
const CHEER = /^(?:6+|1+|8+|2+|哈+|啊+|嗯+|h+|w+|赞|好看|支持|打卡|来了|冲冲冲|加油)[!！~～。.]*$/iu;

/** Options of {@link Prefilter}. */
export interface PrefilterOptions {
  /** Greeting phrases from the live flow file (主播好, 晚上好 …). */
  greetings: readonly string[];
  /** How long the same text from the same viewer counts as a repeat, ms. @defaultValue 30000 */
  repeatWindowMs?: number;
  /** Most viewer+text pairs remembered (oldest forgotten first: memory stays bounded). @defaultValue 50000 */
  maxRemembered?: number;
}

/**
 * The early drop: greetings, emoji spam and a viewer's exact repeats leave before the queue and the model, each
 * counted by reason. Cheap and synchronous: it runs on every comment, also under overload.
 *
 * @example
 * const pre = new Prefilter({ greetings: ['主播好'] });
 * pre.check(comment); // 'greeting' | 'emoji' | 'repeat' | undefined (keep)
 */
export class Prefilter {
  private readonly seen = new Map<string, number>();
  private readonly greetings: readonly string[];
  private readonly windowMs: number;
  private readonly max: number;

  constructor(options: PrefilterOptions) {
    this.greetings = options.greetings;
    this.windowMs = options.repeatWindowMs ?? 30_000;
    this.max = options.maxRemembered ?? 50_000;
  }

  /** Why `comment` is dropped, or undefined when it goes on to triage. */
  check(comment: LiveComment): Extract<ShedReason, 'greeting' | 'emoji' | 'repeat'> | undefined {
    const text = comment.text.trim();
    if (text === '' || NOISE.test(text) || REPEATED_CHAR.test(text) || CHEER.test(text)) return 'emoji';
    if (text.length <= 12 && this.greetings.some((g) => text.includes(g))) return 'greeting';
    if (!comment.uid) return undefined; // masked viewers cannot be told apart: never a "repeat"
    const key = `${comment.uid}\u0000${text}`;
    const last = this.seen.get(key);
    this.seen.delete(key);
    this.seen.set(key, comment.receivedAt);
    if (this.seen.size > this.max) this.seen.delete(this.seen.keys().next().value!);
    return last !== undefined && comment.receivedAt - last < this.windowMs ? 'repeat' : undefined;
  }
}
