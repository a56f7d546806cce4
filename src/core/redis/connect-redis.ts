import { once } from 'node:events';
import Redis, { type RedisOptions } from 'ioredis';
import { DependencyError } from '../errors';
import { redisDurabilityWarnings } from './durability';
import { pingOnce } from './probe';
import { findExecutable, startRedisChild, type RedisChild } from './redis-child';

/** Minimal logger (pino-compatible). */
export interface RedisLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

/** Options for {@link connectRedis}. */
export interface ConnectRedisOptions {
  /** REDIS_URL; when set it is the only address tried. */
  redisUrl?: string;
  /** kefu's data folder; a private redis-server keeps its files in `<dataDir>/redis`. */
  dataDir: string;
  logger?: RedisLogger;
  /** Address probed when no URL is given. @defaultValue { host: '127.0.0.1', port: 6379 } */
  localAddress?: { host: string; port: number };
  /** PATH searched for `redis-server`. @defaultValue process.env.PATH */
  path?: string;
  /** Connect timeout for REDIS_URL and the local probe, in ms. @defaultValue 5000 (URL) / 300 (probe) */
  connectTimeoutMs?: number;
}

/** A connected Redis and how it was found. */
export interface RedisConnection {
  redis: Redis;
  /** The URL in use, password removed. */
  url: string;
  /** `env`: REDIS_URL; `local`: 127.0.0.1:6379; `child`: a private redis-server kefu started. */
  source: 'env' | 'local' | 'child';
  /** A new connection to the same server for BullMQ (`maxRetriesPerRequest: null`). */
  duplicate(): Redis;
  /** Closes the connection and stops the private server, if any. */
  close(): Promise<void>;
}

/** `redis://user:secret@host` → `redis://user:***@host`. */
export function redactRedisUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

/**
 * Finds Redis: REDIS_URL if set; else 127.0.0.1:6379; else a private `redis-server`
 * child (data in `<dataDir>/redis`) if the binary is installed; else a
 * {@link DependencyError} saying how to get one.
 *
 * @example
 * const conn = await connectRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir, logger });
 * const store = new RedisStateStore(conn.redis, { prefix: config.redisPrefix });
 * // … on shutdown:
 * await conn.close();
 */
export async function connectRedis(options: ConnectRedisOptions): Promise<RedisConnection> {
  if (options.redisUrl) return connectToUrl(options.redisUrl, 'env', options);
  const local = options.localAddress ?? { host: '127.0.0.1', port: 6379 };
  if (await pingOnce(local.host, local.port, options.connectTimeoutMs ?? 300)) {
    options.logger?.info(`Redis: using the local server at ${local.host}:${local.port}.`);
    return connectToUrl(`redis://${local.host}:${local.port}`, 'local', options);
  }
  const binary = findExecutable('redis-server', options.path ?? process.env.PATH);
  if (!binary) {
    throw new DependencyError(
      'Redis',
      `REDIS_URL is not set, nothing answers at ${local.host}:${local.port}, and no redis-server program is installed.`,
      'install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`; macOS: `brew install redis`) or set REDIS_URL=redis://host:6379 to use an existing server, then start kefu again.',
    );
  }
  options.logger?.warn(
    `Redis: nothing at ${local.host}:${local.port}; starting a private ${binary} with data in ${options.dataDir}/redis.`,
  );
  const child = await startRedisChild(binary, options.dataDir);
  try {
    return await connectToUrl(child.url, 'child', options, child);
  } catch (err) {
    await child.stop();
    throw err;
  }
}

async function connectToUrl(
  url: string,
  source: RedisConnection['source'],
  options: ConnectRedisOptions,
  child?: RedisChild,
): Promise<RedisConnection> {
  const base: RedisOptions = { lazyConnect: true, connectTimeout: options.connectTimeoutMs ?? 5000, maxRetriesPerRequest: 3 };
  const redis = new Redis(url, { ...base, retryStrategy: () => null });
  let lastError: Error | undefined;
  const onError = (err: Error): void => {
    lastError = err;
  };
  redis.on('error', onError);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    if (redis.status !== 'end') redis.disconnect();
    const reason = (lastError ?? (err as Error)).message;
    throw new DependencyError(
      'Redis',
      `cannot connect to ${redactRedisUrl(url)} (${reason}).`,
      source === 'env'
        ? 'check REDIS_URL (host, port, password) and that the Redis server is running, or unset REDIS_URL to let kefu use 127.0.0.1:6379 or start a private redis-server.'
        : 'check that Redis is running and accepts connections, or set REDIS_URL.',
      { cause: lastError ?? err },
    );
  }
  redis.off('error', onError);
  if (options.logger && source !== 'child')
    for (const warning of await redisDurabilityWarnings(redis)) options.logger.warn(`Redis: ${warning.message}`);
  // Later connection errors are reported by ioredis' own reconnect logic; keep them out of stderr noise.
  redis.on('error', options.logger ? (e: Error) => options.logger?.warn(`Redis: ${e.message}`) : () => undefined);
  // Connected: from now on reconnect with backoff instead of giving up.
  redis.options.retryStrategy = (times: number) => Math.min(times * 200, 2000);
  return {
    redis,
    url: redactRedisUrl(url),
    source,
    duplicate: () => redis.duplicate({ maxRetriesPerRequest: null, lazyConnect: false }),
    close: async () => {
      await closeClient(redis);
      await child?.stop();
    },
  };
}

async function closeClient(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  const ended = once(redis, 'end');
  await redis.quit().catch(() => redis.disconnect());
  await ended;
}
