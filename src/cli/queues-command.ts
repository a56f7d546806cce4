import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadConfig } from '../config/load-config';
import { DependencyError } from '../core/errors';
import { collectQueueCounts, formatQueueCounts } from '../outreach/queue-counts';

/**
 * Register `kefu queues [--json]`: waiting, active, delayed, completed and failed jobs per BullMQ queue
 * under `<KEFU_REDIS_PREFIX>:bull`. `--json` prints exactly one JSON object keyed by queue name.
 *
 * @example
 * registerQueuesCommands(program); // then: kefu queues --json
 */
export function registerQueuesCommands(program: Command): Command {
  return program
    .command('queues')
    .description('show job counts of the outreach queues (waiting, active, delayed, completed, failed)')
    .option('--json', 'print one JSON object keyed by queue name')
    .option('--redis-url <url>', 'Redis URL (default: REDIS_URL or redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'kefu Redis prefix (default: KEFU_REDIS_PREFIX or kefu)')
    .action(async (opts: { json?: boolean; redisUrl?: string; prefix?: string }) => {
      const config = loadConfig(process.env);
      const url = opts.redisUrl ?? config.redisUrl ?? 'redis://127.0.0.1:6379';
      const prefix = opts.prefix ?? config.redisPrefix;
      const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: true });
      try {
        await redis.connect().catch((err: unknown) => {
          throw new DependencyError(
            'redis',
            `cannot connect to ${url.replace(/\/\/[^@]*@/, '//***@')}.`,
            'start Redis or pass --redis-url / set REDIS_URL.',
            { cause: err },
          );
        });
        const counts = await collectQueueCounts(redis, redisConnection(url), `${prefix}:bull`);
        process.stdout.write(`${opts.json ? JSON.stringify(counts) : formatQueueCounts(counts)}\n`);
      } finally {
        redis.disconnect();
      }
    });
}

function redisConnection(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}
