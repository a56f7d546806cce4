import path from 'node:path';
import type { KefuConfig } from '../config/schema';
import type { Logger } from '../core/log';
import type { Recognizer } from '../core/recognizer';
import type { RedisConnection } from '../core/redis/connect-redis';
import type { FlowBundle } from '../flows/types';
import type { StoreRunner } from '../store';
import { TypeormFlowVersions } from '../store/flow-version-store';
import { FlowStudio } from '../studio/flow-studio';
import { withRedisLock } from '../studio/redis-lock';
import { SwitchNotices } from '../studio/switch-notices';
import { startVersionedFlows, type VersionedFlows } from './versioned-flows';

/** The served flows (from the published version) and the studio that edits and publishes them. */
export interface StudioFlows {
  flows: VersionedFlows;
  studio: FlowStudio;
}

/** What {@link startStudioFlows} needs of the core being built. */
export interface StudioFlowsParts {
  config: KefuConfig;
  redis: RedisConnection;
  runner: StoreRunner;
  recognizer: Recognizer;
  actionNames: string[];
  logger: Logger;
}

/**
 * Start the served flows from the database's published version (flows/ imported when it changed) and the flow studio
 * (docs/studio.md). Versions in `kefu_flow_version`; processes switch on `<prefix>:studio:published`; imports and
 * publishes take `<prefix>:studio:lock`.
 *
 * @example
 * const { flows, studio } = await startStudioFlows(parts, { watch: true, onReload: (b) => refreshTriggers(b) });
 */
export async function startStudioFlows(
  parts: StudioFlowsParts,
  options: { watch: boolean; onReload?(bundle: FlowBundle): void },
): Promise<StudioFlows> {
  const { config, redis, logger } = parts;
  const dir = path.resolve(config.flowsDir);
  const store = new TypeormFlowVersions(parts.runner);
  const notices = new SwitchNotices(redis.redis, config.redisPrefix);
  const lock = <T>(fn: () => Promise<T>): Promise<T> => withRedisLock(redis.redis, `${config.redisPrefix}:studio:lock`, fn);
  const flows = await startVersionedFlows({
    dir,
    actionNames: parts.actionNames,
    logger,
    watch: options.watch,
    onReload: options.onReload,
    store,
    notices,
    lock,
  });
  const studio = new FlowStudio({
    store,
    dir,
    actionNames: parts.actionNames,
    lock,
    switchTo: async (version, bundle) => {
      await flows.serve(version, bundle);
      await notices.publish(version.id);
    },
    recognize: (text) => parts.recognizer.recognize(text),
    shop: { name: config.shopName, timezone: config.timezone },
    logger,
  });
  return { flows, studio };
}
