import type { Command } from 'commander';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/load-config';
import type { KefuConfig } from '../config/schema';
import { BadInputError, DependencyError } from '../core/errors';
import { EventStreams } from '../events/event-streams';
import { FeatureSnapshots } from '../profiles/feature-snapshots';
import { FeatureStore } from '../profiles/feature-store';
import { rebuildFeatures } from '../profiles/rebuild-features';
import { createLogger } from '../core/log';
import { createDataSource, redactUrl } from '../store/data-source';
import { ShopperFeaturesEntity } from '../store/entities/shopper-features.entity';

/** Shoppers read from the snapshot table per page by `--all`. */
const PAGE = 500;

/** The Redis and database a features command works on, and how to close them. */
interface FeatureTools {
  redis: Redis;
  dataSource: DataSource;
  streams: EventStreams;
  store: FeatureStore;
  snapshots: FeatureSnapshots;
  close(): Promise<void>;
}

/**
 * The shop's Redis from REDIS_URL (or the local server on 127.0.0.1:6379). Never a private redis-server child:
 * the one `kefu start` runs without REDIS_URL is its own, and a second child on the same data would fork it.
 */
async function openTools(config: KefuConfig): Promise<FeatureTools> {
  const url = config.redisUrl ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, retryStrategy: () => null });
  try {
    await redis.connect();
  } catch {
    redis.disconnect();
    throw new DependencyError(
      'Redis',
      `nothing answered at ${redactUrl(url)}.`,
      'set REDIS_URL to the Redis kefu uses (the private Redis `kefu start` runs without REDIS_URL is reachable only by it: stop kefu first, then run `kefu start` with REDIS_URL=redis://127.0.0.1:6379 against a server you run).',
    );
  }
  const dataSource = await createDataSource(config.databaseUrl).catch((err: unknown) => {
    redis.disconnect();
    throw err;
  });
  const logger = createLogger({ level: 'warn', name: 'kefu-features' });
  const streams = new EventStreams({ redis, prefix: config.redisPrefix });
  const store = new FeatureStore({ redis, prefix: config.redisPrefix });
  const snapshots = new FeatureSnapshots({ store, dataSource, logger });
  return {
    redis,
    dataSource,
    streams,
    store,
    snapshots,
    async close() {
      redis.disconnect();
      await dataSource.destroy();
    },
  };
}

/** Every shopper with a snapshot, in pages (the durable list of shoppers who have features). */
async function* snapshotShoppers(dataSource: DataSource): AsyncGenerator<string[]> {
  const repo = dataSource.getRepository(ShopperFeaturesEntity);
  let after = '';
  for (;;) {
    const rows = await repo
      .createQueryBuilder('f')
      .select('f.userId', 'userId')
      .where('f.userId > :after', { after })
      .orderBy('f.userId', 'ASC')
      .limit(PAGE)
      .getRawMany<{ userId: string }>();
    if (rows.length === 0) return;
    yield rows.map((r) => r.userId);
    after = rows[rows.length - 1]!.userId;
  }
}

/**
 * Register `kefu features rebuild <userId…> | --all` and `kefu features show <userId>` (docs/profiles.md): repair the
 * hot behaviour features after Redis lost them (replay of the shopper's events still in the stream, merged with the
 * last database snapshot), and print what a shopper's features are now. Uses REDIS_URL, KEFU_REDIS_PREFIX and
 * DATABASE_URL as `kefu start` does.
 *
 * @example
 * registerFeaturesCommands(program); // then: kefu features rebuild --all
 */
export function registerFeaturesCommands(program: Command): Command {
  const features = program.command('features').description("shoppers' behaviour features (docs/profiles.md)");
  features
    .command('rebuild [userIds...]')
    .description("recompute shoppers' hot features from the event stream and the last database snapshot")
    .option('--all', 'every shopper who has a snapshot in the database (after Redis lost its data)')
    .action(async (userIds: string[], opts: { all?: boolean }) => {
      if (!opts.all && userIds.length === 0)
        throw new BadInputError('no shopper named.', 'name kefu user ids (`kefu features rebuild u1 u2`) or pass --all.');
      if (opts.all && userIds.length > 0) throw new BadInputError('both user ids and --all given.', 'pass either the user ids or --all.');
      const tools = await openTools(loadConfig(process.env));
      try {
        let shoppers = 0;
        let replayed = 0;
        let merged = 0;
        const rebuild = async (ids: readonly string[]) => {
          for (const id of ids) {
            const report = await rebuildFeatures({ store: tools.store, streams: tools.streams, snapshots: tools.snapshots }, id);
            shoppers += 1;
            replayed += report.replayed;
            if (report.fromSnapshot) merged += 1;
          }
        };
        if (opts.all) for await (const page of snapshotShoppers(tools.dataSource)) await rebuild(page);
        else await rebuild(userIds);
        process.stdout.write(
          `rebuilt ${shoppers} shopper(s): ${replayed} event(s) replayed from the stream, ${merged} database snapshot(s) merged\n`,
        );
      } finally {
        await tools.close();
      }
    });
  features
    .command('show <userId>')
    .description("print a shopper's behaviour features as JSON")
    .action(async (userId: string) => {
      const tools = await openTools(loadConfig(process.env));
      try {
        const [values] = await tools.store.featuresOf([userId]);
        process.stdout.write(`${JSON.stringify(values, null, 2)}\n`);
      } finally {
        await tools.close();
      }
    });
  return features;
}
