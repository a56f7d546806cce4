import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/log';
import { LuaScript } from '../core/redis/lua-script';
import type { RollupRun } from './kpi-rollup';

/** Deletes the lock only if it still holds our token. */
const RELEASE = new LuaScript('if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0');

/** Options of {@link startKpiRollup}. */
export interface KpiRollupScheduleOptions {
  redis: Redis;
  /** The Redis key of the lock all processes share, e.g. `<prefix>:kpi-rollup:lock`. */
  lockKey: string;
  /** How often to run. @defaultValue 5 min */
  everyMs?: number;
  /** The first run, after start. @defaultValue 10 s */
  firstAfterMs?: number;
  /** The lock expires after this if its holder dies. @defaultValue 15 min */
  lockTtlMs?: number;
  logger: Pick<Logger, 'warn' | 'info'>;
}

/**
 * Runs `rollup` every `everyMs` (the first time `firstAfterMs` after start), each run under a Redis lock so that
 * of several kefu processes only one rolls at a time; the others skip that run. Returns a stop function that
 * waits for a run in progress.
 *
 * @example
 * const stop = startKpiRollup(new KpiRollup(dataSource, { timeZone }), { redis, lockKey: 'kefu:kpi-rollup:lock', logger });
 */
export function startKpiRollup(rollup: { run(): Promise<RollupRun> }, options: KpiRollupScheduleOptions): () => Promise<void> {
  const { everyMs = 5 * 60_000, firstAfterMs = 10_000, logger } = options;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = async (): Promise<void> => {
    if (stopped) return;
    try {
      const result = await runLocked(options.redis, options.lockKey, options.lockTtlMs ?? 15 * 60_000, () => rollup.run());
      if (result && result.days.length > 1) logger.info({ days: result.days.length, ms: result.ms }, 'service KPI days rolled up');
    } catch (err) {
      logger.warn({ err }, 'service KPI days not rolled up this time: reports read those days raw until the next run');
    }
  };
  const tick = (): void => {
    running = running.then(run);
  };
  const first = setTimeout(tick, firstAfterMs);
  first.unref();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}

/**
 * Runs `fn` while holding the Redis lock `key` (`SET NX PX`, released by compare-and-delete); `undefined` without
 * running it when another holder has the lock.
 *
 * @example
 * await runLocked(redis, 'kefu:kpi-rollup:lock', 60_000, () => rollup.run());
 */
export async function runLocked<T>(redis: Redis, key: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const token = randomBytes(16).toString('hex');
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return undefined;
  try {
    return await fn();
  } finally {
    await RELEASE.run(redis, [key], [token]);
  }
}
