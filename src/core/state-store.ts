import type { ConversationState } from './conversation-state';

/**
 * Live conversation state, shared by every process serving a shop (Redis in production,
 * memory in unit tests). Turns of one conversation are serialised with {@link withLock},
 * so two processes can alternate turns of the same conversation safely.
 */
export interface ConversationStateStore {
  load(key: string): Promise<ConversationState | undefined>;
  save(key: string, state: ConversationState): Promise<void>;
  delete(key: string): Promise<void>;
  /** Run `fn` while holding the conversation's lock (waits for it; throws after `timeoutMs`). */
  withLock<T>(key: string, fn: () => Promise<T>, timeoutMs?: number): Promise<T>;
  /** Returns true the first time `id` is seen within `ttlSeconds` (dedupe of platform retries). */
  firstSeen(id: string, ttlSeconds: number): Promise<boolean>;
}

/** In-process implementation for unit tests and `kefu chat`. */
export class MemoryStateStore implements ConversationStateStore {
  private readonly states = new Map<string, string>();
  private readonly seen = new Map<string, number>();
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

  async firstSeen(id: string, ttlSeconds: number): Promise<boolean> {
    const now = Date.now();
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.set(id, now + ttlSeconds * 1000);
    return true;
  }
}
