import type { ReplyContext } from './passive-reply';

/**
 * One push whose HTTP response is held open for a passive reply; settles exactly once.
 *
 * @example
 * const held = new HeldReply(ctx);
 * held.settle(passiveTextReply(ctx, '亲，在的～')); // true; a second settle() returns false
 */
export class HeldReply {
  private settledWith?: string;
  private resolveBody!: (body: string) => void;
  /** The body the push is answered with, once settled. */
  readonly body = new Promise<string>((resolve) => (this.resolveBody = resolve));

  constructor(readonly ctx: ReplyContext) {}

  /** Whether the response can still carry a reply. */
  get open(): boolean {
    return this.settledWith === undefined;
  }

  /** Answers with `body` if still open; false when it was already answered, timed out or the caller left. */
  settle(body: string): boolean {
    if (!this.open) return false;
    this.settledWith = body;
    this.resolveBody(body);
    return true;
  }
}

/**
 * The held pushes of this process by conversation (passive reply mode): the first send() into a conversation
 * during its turn answers the held push instead of using the customer-service API.
 *
 * @example
 * const held = replies.hold('wx1:oUser', ctx);
 * // … in send(): if (replies.get('wx1:oUser')?.settle(body)) return { passive: true };
 */
export class HeldReplies {
  private readonly byConversation = new Map<string, HeldReply>();

  /** Registers a held push for `key` (a newer push of the same conversation replaces an older one). */
  hold(key: string, ctx: ReplyContext): HeldReply {
    const held = new HeldReply(ctx);
    this.byConversation.set(key, held);
    void held.body.then(() => {
      if (this.byConversation.get(key) === held) this.byConversation.delete(key);
    });
    return held;
  }

  /** The open held push of a conversation, if any. */
  get(key: string): HeldReply | undefined {
    const held = this.byConversation.get(key);
    return held?.open ? held : undefined;
  }

  /** Settles every held push with `body` (on stop). */
  releaseAll(body: string): void {
    for (const held of this.byConversation.values()) held.settle(body);
  }
}
