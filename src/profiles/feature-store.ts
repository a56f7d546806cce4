import type { Redis } from 'ioredis';
import type { KefuEvent } from '../events/event';
import { shopperProgram } from './apply-program';
import { APPLY_EVENTS_LUA } from './apply-script';
import { deriveFeatures, type DeriveOptions, type RawFeatures } from './derive-features';
import { FeatureKeys } from './feature-keys';
import type { Features, FeatureReader } from './features';

/** Options of {@link FeatureStore}. */
export interface FeatureStoreOptions {
  redis: Redis;
  /** Key prefix, e.g. `kefu` (keys: FeatureKeys). */
  prefix: string;
  /**
   * How long an applied event id is remembered at least (a redelivery or a producer's retry within it is not
   * counted twice; ids are kept in sets per quarter of this time, so at most 1.25 × as long). Costs about 60 bytes
   * of Redis memory per event. @defaultValue 86_400 (1 day)
   */
  dedupeTtlSeconds?: number;
  /** Prices (yuan, mean of viewed and carted prices) below `low` are `low`, from `high` on `high`. @defaultValue { low: 100, high: 500 } */
  priceBands?: { low: number; high: number };
  /** RFM thresholds (docs/profiles.md). @defaultValue { recentDays: 30, frequentOrders: 2, monetaryYuan: 500 } */
  rfm?: { recentDays: number; frequentOrders: number; monetaryYuan: number };
  now?: () => number;
}

type ApplyCommand = (numKeys: number, ...args: string[]) => Promise<string>;

/** Events per script call: bounds how long one call keeps Redis busy (about 10 ms). */
const EVENTS_PER_CALL = 1000;
/** How many dedupe periods an id is looked up in: the current one and the four before (each a quarter of the dedupe time). */
const DEDUPE_PERIODS = 5;

/**
 * The shoppers' behaviour features, hot in Redis (docs/profiles.md): {@link apply} adds a batch of events (combined
 * per shopper in Node, then one Lua script call per 1,000 events that dedupes and applies them atomically),
 * {@link features} reads one shopper's features and computes the derived ones (windows, repeat views, AOV, RFM …) at `now`.
 *
 * @example
 * const store = new FeatureStore({ redis, prefix: 'kefu' });
 * await store.apply([{ id: 'e1', type: 'product_view', userId: 'u1', at: Date.now(), payload: { productId: 'p1' } }]);
 * (await store.features('u1')).product_view_10m; // 1
 */
export class FeatureStore implements FeatureReader {
  readonly keys: FeatureKeys;
  private readonly now: () => number;

  constructor(private readonly options: FeatureStoreOptions) {
    this.keys = new FeatureKeys(options.prefix);
    this.now = options.now ?? Date.now;
    if (!(options.redis as unknown as Record<string, unknown>)['kefuApplyEvents'])
      options.redis.defineCommand('kefuApplyEvents', { lua: APPLY_EVENTS_LUA });
  }

  /** Price bands and RFM thresholds used when features are derived. */
  get deriveOptions(): DeriveOptions {
    return { priceBands: this.options.priceBands, rfm: this.options.rfm };
  }

  /** The Redis the features live in. */
  get redis(): Redis {
    return this.options.redis;
  }

  /**
   * Apply events (any order, duplicates allowed); returns, per event, whether it was new (false: a duplicate).
   * Each call of the script (up to 1,000 events) is atomic: its events are all applied and marked, or none.
   * `dedupe` replaces the dedupe sets (`<prefix>:pf:seen:<period>`, ids kept at least `dedupeTtlSeconds`), e.g. for a rebuild.
   */
  async apply(events: readonly KefuEvent[], dedupe?: { keyPrefix: string; ttlSeconds: number }): Promise<boolean[]> {
    const seen = dedupe ?? { keyPrefix: this.keys.seen(), ttlSeconds: this.options.dedupeTtlSeconds ?? 86_400 };
    const flags = events.map(() => false);
    const first = new Set<string>();
    const fresh: number[] = []; // the first event of each id in this call; later ones are duplicates
    for (const [i, e] of events.entries()) {
      if (first.has(e.id)) continue;
      first.add(e.id);
      fresh.push(i);
    }
    for (let from = 0; from < fresh.length; from += EVENTS_PER_CALL) {
      for (const i of await this.applyOnce(events, fresh.slice(from, from + EVENTS_PER_CALL), seen)) flags[i] = true;
    }
    return flags;
  }

  /** One script call for the events at `indices` (distinct ids); the ones applied before are dropped and the rest sent again. */
  private async applyOnce(
    events: readonly KefuEvent[],
    indices: number[],
    seen: { keyPrefix: string; ttlSeconds: number },
  ): Promise<number[]> {
    const apply = (this.options.redis as unknown as { kefuApplyEvents: ApplyCommand }).kefuApplyEvents;
    const periodMs = Math.max(1000, (seen.ttlSeconds * 1000) / (DEDUPE_PERIODS - 1));
    let todo = indices;
    while (todo.length > 0) {
      const period = Math.floor(Date.now() / periodMs);
      const expireAt = Math.ceil((period + 1) * periodMs + seen.ttlSeconds * 1000);
      const head = [`${this.options.prefix}:pf:`, seen.keyPrefix, String(period), String(DEDUPE_PERIODS), String(expireAt)];
      const batch = todo.map((i) => events[i]!);
      const reply = await apply.call(
        this.options.redis,
        0,
        ...head,
        JSON.stringify(batch.map((e) => e.id)),
        JSON.stringify(shopperProgram(batch)),
      );
      if (reply === '') return todo;
      todo = todo.filter((_, j) => reply[j] === '1');
    }
    return todo;
  }

  /** One shopper's features at `now` (all names present, null where unknown). */
  async features(userId: string, now = this.now()): Promise<Features> {
    return (await this.featuresOf([userId], now))[0]!;
  }

  /** Several shoppers' features at `now`, read in one pipeline. */
  async featuresOf(userIds: readonly string[], now = this.now()): Promise<Features[]> {
    const raws = await this.raw(userIds);
    return raws.map((raw) => deriveFeatures(raw, now, this.deriveOptions));
  }

  /** The stored aggregates of shoppers (what snapshots keep and rebuilds restore). */
  async raw(userIds: readonly string[]): Promise<RawFeatures[]> {
    const pipeline = this.options.redis.pipeline();
    for (const userId of userIds) {
      const k = this.keys.all(userId);
      pipeline.hgetall(k.b).hgetall(k.s).zrange(k.o, 0, -1, 'WITHSCORES').smembers(k.cu).smembers(k.ch);
    }
    const replies = (await pipeline.exec()) ?? [];
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
    const values = replies.map(([, v]) => v);
    return userIds.map((userId, i) => {
      const [b, s, o, cu, ch] = values.slice(i * 5, i * 5 + 5) as [
        Record<string, string>,
        Record<string, string>,
        string[],
        string[],
        string[],
      ];
      const orders: Record<string, number> = Object.create(null) as Record<string, number>; // order ids such as `__proto__` or `constructor` are plain keys
      for (let j = 0; j < o.length; j += 2) orders[o[j]!] = Number(o[j + 1]);
      return { userId, buckets: splitBuckets(b), state: s, orders, couponOrders: cu, channels: ch };
    });
  }

  /** Delete a shopper's hot features (before a rebuild). Dedupe marks stay. */
  async forget(userId: string): Promise<void> {
    await this.options.redis.unlink(...Object.values(this.keys.all(userId)));
  }
}

/** The bucket hash's fields `<resolution>:<field>` by resolution (the RawFeatures shape). */
function splitBuckets(hash: Record<string, string>): RawFeatures['buckets'] {
  const out: RawFeatures['buckets'] = { m: {}, f: {}, h: {}, d: {} };
  for (const [field, value] of Object.entries(hash)) {
    const r = out[field[0] as keyof RawFeatures['buckets']];
    if (r && field[1] === ':') r[field.slice(2)] = value;
  }
  return out;
}
