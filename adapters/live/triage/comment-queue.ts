import type { LiveComment, ShedReason } from '../live-types';

/** Options of {@link CommentQueue}. */
export interface CommentQueueOptions {
  /** Most comments waiting for triage; above it low-value ones are shed first. @defaultValue 20000 */
  capacity?: number;
  /** A comment waiting longer than this is shed as stale when taken (bounds the lag). @defaultValue 2000 */
  maxAgeMs?: number;
  /** Called for each shed comment. */
  onShed(comment: LiveComment, reason: ShedReason): void;
}

/** A FIFO over an array with a moving head (no O(n) shift), compacted as it drains. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  peek(): T | undefined {
    return this.items[this.head];
  }
}

/**
 * The bounded queue between the sources and the classifier, in two lanes: questions and chatter. Past capacity it
 * sheds chatter before questions (the oldest first), and comments older than `maxAgeMs` are shed when taken, so
 * memory and comment-to-triage lag stay bounded however fast the room writes.
 *
 * @example
 * const queue = new CommentQueue({ capacity: 10_000, onShed: (c, why) => board.shed(why) });
 * queue.push(comment, looksLikeQuestion(comment.text));
 * const batch = queue.take(64, Date.now());
 */
export class CommentQueue {
  private readonly questions = new Fifo<LiveComment>();
  private readonly chatter = new Fifo<LiveComment>();
  private readonly capacity: number;
  private readonly maxAgeMs: number;

  constructor(private readonly options: CommentQueueOptions) {
    this.capacity = options.capacity ?? 20_000;
    this.maxAgeMs = options.maxAgeMs ?? 2000;
  }

  get size(): number {
    return this.questions.size + this.chatter.size;
  }

  /** Queue a comment; when full, chatter makes room first (incoming chatter is shed rather than a question). */
  push(comment: LiveComment, question: boolean): void {
    if (this.size >= this.capacity) {
      if (this.chatter.size > 0) this.options.onShed(this.chatter.shift()!, 'overload_chatter');
      else if (!question) return this.options.onShed(comment, 'overload_chatter');
      else this.options.onShed(this.questions.shift()!, 'overload_question');
    }
    (question ? this.questions : this.chatter).push(comment);
  }

  /** Up to `max` comments in arrival order per lane, questions first; stale ones are shed on the way. */
  take(max: number, now: number): LiveComment[] {
    const out: LiveComment[] = [];
    for (const lane of [this.questions, this.chatter])
      while (out.length < max && lane.size > 0) {
        const c = lane.shift()!;
        if (now - c.receivedAt > this.maxAgeMs) this.options.onShed(c, 'stale');
        else out.push(c);
      }
    return out;
  }
}
