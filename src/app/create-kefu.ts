import path from 'node:path';
import type { DataSource } from 'typeorm';
import { Bot } from '../bot/bot';
import { BufferedTurnRecorder } from '../bot/buffered-turn-recorder';
import { CachedUserDirectory } from '../bot/cached-user-directory';
import { ChannelRouter } from '../bot/channel-router';
import type { CommerceGateway } from '../commerce/gateway';
import { createCommerce } from '../commerce/create-commerce';
import type { KefuConfig } from '../config/schema';
import { createLogger, type Logger } from '../core/log';
import { connectRedis, type RedisConnection } from '../core/redis/connect-redis';
import type { UserDirectory } from '../core/user';
import { FlowEngine } from '../flows/engine';
import { createActionRegistry } from '../flows/actions';
import { extractEntities } from '../nlu/entities';
import type { Recognizer } from '../nlu/recognizer';
import { ConversationLog, createDataSource, RedisStateStore, StoreRunner, TypeormUserDirectory } from '../store';
import { createRecognizer, reloadRecognizerIntents } from './create-recognizer';
import { startFlows, type FlowsRuntime } from './flows-runtime';

/** Options of {@link createKefuCore}. */
export interface CoreOptions {
  logger?: Logger;
  /** An existing Redis connection (tests); otherwise found with connectRedis. */
  redis?: RedisConnection;
  /** Watch flows/ for changes. @defaultValue true */
  watchFlows?: boolean;
  /** Override the commerce backend (tests). */
  commerce?: CommerceGateway;
  now?: () => number;
}

/** The channel-agnostic core, wired: everything but the channel adapters and the HTTP server. */
export interface KefuCore {
  config: KefuConfig;
  logger: Logger;
  bot: Bot;
  router: ChannelRouter;
  flows: FlowsRuntime;
  /** Users, with a short in-process cache in front of the database. */
  users: UserDirectory;
  /** The database's user directory itself (linking and merging identities). */
  userStore: TypeormUserDirectory;
  conversations: ConversationLog;
  /** Write-behind buffer of the conversation log: `flush()` before reading the log back. */
  recorder: BufferedTurnRecorder;
  state: RedisStateStore;
  redis: RedisConnection;
  dataSource: DataSource;
  recognizer: Recognizer;
  commerce: CommerceGateway;
  /** Stop watchers, close the recogniser, the database and Redis. Idempotent. */
  close(): Promise<void>;
}

/**
 * Build the core from configuration: Redis (state, dedupe, locks), the database (users, conversation
 * log), flows (hot-reloaded), the recogniser, commerce, actions and the Bot.
 *
 * @example
 * const core = await createKefuCore(loadConfig());
 * core.router.add(webAdapter);
 * await webAdapter.start((m) => core.bot.handle(m).then(() => undefined));
 */
export async function createKefuCore(config: KefuConfig, options: CoreOptions = {}): Promise<KefuCore> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'kefu' });
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const redis = options.redis ?? (await connectRedis({ redisUrl: config.redisUrl, dataDir: config.dataDir, logger }));
    if (!options.redis) closers.push(() => redis.close());
    const dataSource = await createDataSource(config.databaseUrl);
    closers.push(() => dataSource.destroy());
    const runner = new StoreRunner(dataSource);
    const userStore = new TypeormUserDirectory(runner);
    const users = new CachedUserDirectory(userStore);
    const conversations = new ConversationLog(runner);
    const recorder = new BufferedTurnRecorder(conversations, { logger });
    closers.push(() => recorder.close());
    const state = new RedisStateStore(redis.redis, { prefix: config.redisPrefix });
    const recognizer = await createRecognizer(config, logger);
    closers.push(() => recognizer.close?.());
    const commerce = options.commerce ?? createCommerce(config);
    const actions = createActionRegistry();
    const flows = await startFlows(path.resolve(config.flowsDir), actions.names(), logger.child({ name: 'flows' }), {
      watch: options.watchFlows ?? true,
      onReload: () => void reloadRecognizerIntents(recognizer, logger).catch((err) => logger.error({ err }, 'intent reload failed')),
    });
    closers.push(() => flows.stop());
    const engine = new FlowEngine({
      bundle: () => flows.current(),
      actions,
      commerce,
      shop: { name: config.shopName, timezone: config.timezone },
      extractEntities: (text) => extractEntities(text),
      logger,
    });
    const router = new ChannelRouter();
    const bot = new Bot({ store: state, users, recognizer, engine, recorder, sender: router, logger, maxMessageChars: config.maxMessageChars, now: options.now });
    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      for (const fn of closers.reverse()) await fn();
    };
    return { config, logger, bot, router, flows, users, userStore, conversations, recorder, state, redis, dataSource, recognizer, commerce, close };
  } catch (error) {
    for (const fn of closers.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    throw error;
  }
}
