import type { ConversationState } from './conversation-state';
import { MemoryMessageClaims, type MessageClaims } from './message-claims';

/**
 * Live conversation state, shared by every process serving a shop (Redis in production,
 * memory in unit tests). Turns of one conversation are serialised with {@link withLock},
 * so two processes can alternate turns of the same conversation safely. Message dedupe and
 * reply marks ({@link MessageClaims}) live beside it in the same backend, as `claims`.
 */
export interface ConversationStateStore {
  /** Message dedupe and sent-reply marks, kept where the state is. */
  readonly claims: MessageClaims;
  load(key: string): Promise<ConversationState | undefined>;
  save(key: string, state: ConversationState): Promise<void>;
  delete(key: string): Promise<void>;
  /** Run `fn` while holding the conversation's lock (waits for it; throws after `timeoutMs`). */
  withLock<T>(key: string, fn: () => Promise<T>, timeoutMs?: number): Promise<T>;
}

/** In-process implementation for unit tests and `kefu chat`. */
export class MemoryStateStore implements ConversationStateStore {
  private readonly states = new Map<string, string>();
  readonly claims: MessageClaims = new MemoryMessageClaims();
  private readonly locks = new Map<string, Promise<unknown>>();

  async load(key: string): Promise<ConversationState | undefined> {
    const raw = this.states.get(key);
    return raw === undefined ? undefined : (JSON.parse(raw) as ConversationState);
  }

  async save(key: string, state: ConversationState): Promise<void> {
    this.states.set(key, JSON.stringify(state));
  }

  async delete(key: string): Promise<void> {
    this.states.delete(key);
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    }
  }
}
