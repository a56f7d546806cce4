import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { KefuError } from '../core/errors';
import { LuaScript } from '../core/redis/lua-script';
import type { ConversationStateStore } from '../core/state-store';
import { RedisMessageClaims } from './redis-message-claims';
import type { ConversationState } from '../core/conversation-state';

/** Options for {@link RedisStateStore}. */
export interface RedisStateStoreOptions {
  /** Key prefix (KEFU_REDIS_PREFIX). @defaultValue kefu */
  prefix?: string;
  /** Conversation state expiry, refreshed on every save. @defaultValue 30 days */
  ttlSeconds?: number;
  /** How long a lock lives if its holder dies; renewed while the holder runs. @defaultValue 30000 */
  lockTtlMs?: number;
  /** Default wait for a lock before giving up. @defaultValue 5000 */
  lockTimeoutMs?: number;
}

/** Deletes the lock only if it still holds our token. */
const RELEASE_SCRIPT = new LuaScript(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`);
/** Extends the lock only if it still holds our token. */
const RENEW_SCRIPT = new LuaScript(
  `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`,
);

const DAY = 24 * 60 * 60;

/**
 * {@link ConversationStateStore} on Redis, shared by every kefu process of a shop.
 *
 * Keys: `<prefix>:conv:<key>` (state JSON, with TTL), `<prefix>:lock:<key>` (turn lock,
 * `SET NX PX` with a random token, released by compare-and-delete), `<prefix>:seen:<id>`
 * (message claims) and `<prefix>:sent:<key>` (sent replies), see {@link RedisMessageClaims}.
 *
 * @example
 * const store = new RedisStateStore(redis, { prefix: 'kefu' });
 * await store.withLock(key, async () => {
 *   const state = (await store.load(key)) ?? emptyConversationState();
 *   await store.save(key, { ...state, turn: state.turn + 1 });
 * });
 */
export class RedisStateStore implements ConversationStateStore {
  private readonly prefix: string;
  private readonly ttlSeconds: number;
  private readonly lockTtlMs: number;
  private readonly lockTimeoutMs: number;
  readonly claims: RedisMessageClaims;

  constructor(
    private readonly redis: Redis,
    options: RedisStateStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? 'kefu';
    this.ttlSeconds = options.ttlSeconds ?? 30 * DAY;
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
    this.claims = new RedisMessageClaims(redis, this.prefix);
  }

  async load(key: string): Promise<ConversationState | undefined> {
    const raw = await this.redis.get(this.stateKey(key));
    return raw === null ? undefined : (JSON.parse(raw) as ConversationState);
  }

  async save(key: string, state: ConversationState): Promise<void> {
    await this.redis.set(this.stateKey(key), JSON.stringify(state), 'EX', this.ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.stateKey(key));
  }

  async withLock<T>(key: string, fn: () => Promise<T>, timeoutMs = this.lockTimeoutMs): Promise<T> {
    const lockKey = `${this.prefix}:lock:${key}`;
    const token = randomBytes(16).toString('hex');
    await this.acquire(lockKey, token, key, timeoutMs);
    const renew = setInterval(
      () => {
        RENEW_SCRIPT.run(this.redis, [lockKey], [token, this.lockTtlMs]).catch(() => undefined);
      },
      Math.max(10, Math.floor(this.lockTtlMs / 3)),
    );
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await RELEASE_SCRIPT.run(this.redis, [lockKey], [token]).catch(() => undefined);
    }
  }

  /** The Redis key holding a conversation's state. */
  stateKey(key: string): string {
    return `${this.prefix}:conv:${key}`;
  }

  private async acquire(lockKey: string, token: string, key: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 5;
    for (;;) {
      const ok = await this.redis.set(lockKey, token, 'PX', this.lockTtlMs, 'NX');
      if (ok === 'OK') return;
      const left = deadline - Date.now();
      if (left <= 0) throw lockTimeout(key, timeoutMs);
      await sleep(Math.min(left, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
  }
}

function lockTimeout(key: string, timeoutMs: number): KefuError {
  return new KefuError(
    'STATE_LOCK_TIMEOUT',
    `Conversation '${key}' is locked by another turn and was not released within ${timeoutMs} ms.`,
    'a turn in another kefu process is still running or hung; it expires on its own after the lock TTL. Retry the message, and check slow actions or commerce calls.',
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
