import type { DataSource } from 'typeorm';
import type { ChannelAdapter } from '../core/channel-adapter';
import type { RedisConnection } from '../core/redis/connect-redis';
import type { ReadinessCheck } from '../server/health-routes';
import type { FlowsRuntime } from './flows-runtime';

/** What {@link kefuReadiness} looks at. */
export interface ReadinessSources {
  redis: Pick<RedisConnection, 'redis'>;
  dataSource: DataSource;
  flows: Pick<FlowsRuntime, 'status'>;
  /** The channels this process opened; those with `health()` (durable inboxes) become checks `channel:<name>`. */
  adapters: readonly ChannelAdapter[];
}

/**
 * `/readyz` means "able to serve": Redis answers, the database answers, and every channel that reports its
 * health (a durable inbox this process reads) can be served. A flows edit that failed to load is a warning,
 * not a failure: the last good version keeps serving.
 *
 * @example
 * const app = await buildServer({ config, logger, adapters, readiness: kefuReadiness({ ...core, adapters }) });
 */
export function kefuReadiness(sources: ReadinessSources): ReadinessCheck {
  return async () => {
    const { redis, dataSource, flows, adapters } = sources;
    const [redisOk, databaseOk] = await Promise.all([
      redis.redis.ping().then(
        (pong) => pong === 'PONG',
        () => false,
      ),
      dataSource.isInitialized &&
        dataSource.query('SELECT 1').then(
          () => true,
          () => false,
        ),
    ]);
    const channels = adapters.flatMap((adapter) => {
      const health = adapter.health?.();
      return health ? [[`channel:${adapter.name}`, health.ok || (health.detail ?? 'not able to serve')] as const] : [];
    });
    return { redis: redisOk, database: databaseOk, ...Object.fromEntries(channels), flows: flowsCheck(flows.status()) };
  };
}

/** Flows that failed to reload: a warning naming the first error (the last good version serves). */
function flowsCheck(status: ReturnType<FlowsRuntime['status']>): true | { warning: string } {
  if (status.ok) return true;
  const first = status.errors[0] ?? 'unknown error';
  const more = status.errors.length > 1 ? ` (+${status.errors.length - 1} more)` : '';
  return {
    warning: `flows did not reload; serving the version loaded at ${status.loadedAt ?? 'start'}. ${first}${more}. See /admin/api/flows/status`,
  };
}
