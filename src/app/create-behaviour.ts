import type { DataSource } from 'typeorm';
import type { Logger } from '../core/log';
import { EventStreams } from '../events/event-streams';
import type { IngestDeps } from '../events/ingest';
import { FeatureConsumer } from '../profiles/feature-consumer';
import { FeatureListeners } from '../profiles/feature-listeners';
import { FeatureSnapshots } from '../profiles/feature-snapshots';
import { FeatureStore } from '../profiles/feature-store';
import type { FeatureListener } from '../profiles/features';
import type { Redis } from 'ioredis';

/** The behaviour event pipeline's parts (docs/profiles.md). */
export interface BehaviourParts {
  /** The partition streams `POST /events` and direct producers XADD to. */
  streams: EventStreams;
  /** The hot features (also `core.features`). */
  store: FeatureStore;
  /** Periodic snapshots into `kefu_shopper_features` (started by {@link startBehaviourConsumers}). */
  snapshots: FeatureSnapshots;
  /** The live list of feature listeners told after each batch. */
  listeners: FeatureListener[];
}

/**
 * Build the behaviour pipeline's parts on the shop's Redis and database.
 *
 * @example
 * const behaviour = createBehaviour({ redis, prefix: 'kefu', dataSource, logger, listeners: core.featureListeners });
 */
export function createBehaviour(deps: {
  redis: Redis;
  prefix: string;
  dataSource: DataSource;
  logger: Logger;
  listeners: FeatureListener[];
  now?: () => number;
}): BehaviourParts {
  const streams = new EventStreams({ redis: deps.redis, prefix: deps.prefix });
  const store = new FeatureStore({ redis: deps.redis, prefix: deps.prefix, ...(deps.now ? { now: deps.now } : {}) });
  const snapshots = new FeatureSnapshots({ store, dataSource: deps.dataSource, logger: deps.logger.child({ name: 'features' }) });
  return { streams, store, snapshots, listeners: deps.listeners };
}

/**
 * Start this process's share of the work (worker / all roles): one stream consumer (direct producers' events also
 * go to `outreach`) and the snapshots. Returns the stopper.
 */
export async function startBehaviourConsumers(parts: BehaviourParts, outreach: IngestDeps, logger: Logger): Promise<() => Promise<void>> {
  const consumer = new FeatureConsumer({
    streams: parts.streams,
    store: parts.store,
    logger: logger.child({ name: 'features' }),
    outreach,
    listener: new FeatureListeners(parts.listeners),
  });
  await consumer.start();
  parts.snapshots.start();
  return async () => {
    await consumer.stop();
    await parts.snapshots.stop();
  };
}
