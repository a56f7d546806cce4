import type { Redis } from 'ioredis';
import { DependencyError } from '../../../index';
import type { TokenHealth } from './token-health';

/** What a token endpoint returned: WeChat's `access_token` and `expires_in` (seconds). */
export interface FetchedToken {
  accessToken: string;
  expiresInSec: number;
}

/** Options of {@link AccessTokenCache}. */
export interface AccessTokenCacheOptions {
  /** Unique per app (e.g. `wechat-official:wx123` or `wecom:ww123:kf`); names the Redis keys. */
  key: string;
  /** Calls the platform's token endpoint. Called from one place only (single-flight, across processes with Redis). */
  fetch: () => Promise<FetchedToken>;
  /** Shares the token between processes; without it the cache is per process. */
  redis?: Redis;
  /** Redis key prefix. @defaultValue `kefu` */
  prefix?: string;
  /**
   * Refresh this long before the platform's expiry (a new fetch leaves the old token valid for 5 minutes,
   * so refreshing early never breaks a call in flight). @defaultValue 300_000
   */
  marginMs?: number;
  /** How long a process waits for another process's refresh before fetching itself. @defaultValue 10_000 */
  lockMs?: number;
  /** Clock, for tests. @defaultValue Date.now */
  now?: () => number;
  /** Told of every token fetched or taken from Redis, and of failed fetches (the console's channel page). */
  health?: TokenHealth;
}

// KEYS: token key. ARGV: stale token. Deletes the key only if it still holds the stale token.
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * An access_token per app, refreshed from one place (WeChat: a new fetch invalidates the previous token
 * after 5 minutes, so processes that each fetched would break each other). In-process calls share one
 * fetch in flight; with Redis, processes share the token and one lock so only one of them fetches.
 *
 * @example
 * const tokens = new AccessTokenCache({ key: 'wechat-official:wx1', redis, fetch: () => api.fetchToken() });
 * const result = await withAccessToken(tokens, (token) => api.post('/cgi-bin/message/custom/send', token, body));
 */
export class AccessTokenCache {
  private local?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;
  private readonly margin: number;
  private readonly lockMs: number;
  private readonly now: () => number;
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(private readonly options: AccessTokenCacheOptions) {
    this.margin = options.marginMs ?? 300_000;
    this.lockMs = options.lockMs ?? 10_000;
    this.now = options.now ?? Date.now;
    const prefix = options.prefix ?? 'kefu';
    this.tokenKey = `${prefix}:access-token:${options.key}`;
    this.lockKey = `${this.tokenKey}:lock`;
  }

  /** A valid token: cached, or fetched once for every concurrent caller. */
  async get(): Promise<string> {
    if (this.local && this.now() < this.local.expiresAt) return this.local.token;
    this.inflight ??= this.load().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /**
   * The platform said `token` is invalid or expired (40001, 42001, 40014): drop it so the next `get()`
   * fetches. A token already replaced by another caller is left alone (no refresh storm).
   */
  async invalidate(token: string): Promise<void> {
    if (this.local?.token === token) this.local = undefined;
    if (this.options.redis) await this.options.redis.eval(COMPARE_AND_DELETE, 1, this.tokenKey, token);
  }

  private async load(): Promise<string> {
    const redis = this.options.redis;
    if (!redis) return this.fetchAndKeep();
    const deadline = this.now() + this.lockMs;
    for (;;) {
      const [shared, ttl] = await redis
        .multi()
        .get(this.tokenKey)
        .pttl(this.tokenKey)
        .exec()
        .then((r) => (r ?? []).map((x) => x[1]));
      if (typeof shared === 'string' && typeof ttl === 'number' && ttl > 0) {
        this.local = { token: shared, expiresAt: this.now() + ttl };
        this.options.health?.fetched(this.now() + ttl + this.margin);
        return shared;
      }
      if ((await redis.set(this.lockKey, '1', 'PX', this.lockMs, 'NX')) === 'OK') {
        try {
          return await this.fetchAndKeep();
        } finally {
          await redis.del(this.lockKey);
        }
      }
      if (this.now() > deadline) return this.fetchAndKeep();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async fetchAndKeep(): Promise<string> {
    let fetched: FetchedToken;
    try {
      fetched = await this.options.fetch();
    } catch (err) {
      this.options.health?.failed(errcodeOf(err));
      throw new DependencyError(
        `access_token of ${this.options.key}`,
        `could not fetch an access_token: ${(err as Error).message}`,
        'check the app id and secret (from env), the API base URL and that the server IP is on the platform IP allowlist.',
        { cause: err },
      );
    }
    const lifeMs = Math.max(1_000, fetched.expiresInSec * 1000 - this.margin);
    this.options.health?.fetched(this.now() + fetched.expiresInSec * 1000);
    this.local = { token: fetched.accessToken, expiresAt: this.now() + lifeMs };
    if (this.options.redis) await this.options.redis.set(this.tokenKey, fetched.accessToken, 'PX', lifeMs);
    return fetched.accessToken;
  }
}

/** The platform errcode a failed token fetch carried (`platformCode` or `errcode`), undefined when there was no answer. */
function errcodeOf(err: unknown): number | undefined {
  const e = err as { platformCode?: unknown; errcode?: unknown } | undefined;
  const code = e?.platformCode ?? e?.errcode;
  return typeof code === 'number' ? code : undefined;
}

/** WeChat error codes that mean "this access_token is invalid or expired: refresh and retry once". */
export const ACCESS_TOKEN_ERRORS: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/**
 * Run one API call with a cached token; when the platform answers with an expired/invalid-token errcode,
 * invalidate that token and retry once with a fresh one.
 *
 * @example
 * const body = await withAccessToken(tokens, (token) => postJson(`${base}/cgi-bin/message/custom/send?access_token=${token}`, msg));
 */
export async function withAccessToken<T extends { errcode?: number }>(
  cache: AccessTokenCache,
  call: (token: string) => Promise<T>,
): Promise<T> {
  const token = await cache.get();
  const first = await call(token);
  if (first.errcode === undefined || !ACCESS_TOKEN_ERRORS.has(first.errcode)) return first;
  await cache.invalidate(token);
  return call(await cache.get());
}
