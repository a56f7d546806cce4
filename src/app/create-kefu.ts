import path from 'node:path';
import type { DataSource } from 'typeorm';
import { Bot } from '../bot/bot';
import { BufferedTurnRecorder } from '../bot/buffered-turn-recorder';
import { CachedUserDirectory } from '../bot/cached-user-directory';
import { ChannelRouter } from '../bot/channel-router';
import type { CommerceGateway } from '../commerce/gateway';
import { createCommerce } from '../commerce/create-commerce';
import { miniProgramSettings } from '../config/mini-program-settings';
import type { KefuConfig } from '../config/schema';
import { createLogger, type Logger } from '../core/log';
import { connectRedis, type RedisConnection } from '../core/redis/connect-redis';
import type { UserDirectory } from '../core/user';
import { FlowEngine } from '../flows/engine';
import { createActionRegistry, type ServiceRecords, type Tickets } from '../flows/actions';
import { extractEntities } from '../nlu/entities';
import { normalizerFor } from '../nlu/normalize';
import type { Recognizer } from '../core/recognizer';
import {
  ConversationLog,
  createDataSource,
  RedisActionResults,
  RedisStateStore,
  StoreRunner,
  TypeormDemoShopStore,
  TypeormOrderLedger,
  TypeormServiceRecords,
  TypeormTickets,
  TypeormUserDirectory,
} from '../store';
import { createRecognizer, reloadRecognizerIntents } from './create-recognizer';
import { startStudioFlows } from './create-studio';
import { TypeormExposures } from '../experiments/exposure-store';
import type { VersionedFlows } from './versioned-flows';
import type { FlowStudio } from '../studio/flow-studio';
import { answeredInConsole, consoleAvailability, createAgentDesk, deskParts, type DeskParts } from './create-desk';
import type { AgentDesk } from '../desk/agent-desk';
import { recordingHandoffs } from '../desk/desk-recorder';
import { profileNeeded } from '../profiles/profile-needed';
import { createChannelDirectory } from './channel-directory';
import { createOutreachSender } from './outreach-sender';
import { ledgerRecorders } from './ledger-recorders';
import { recordingTouches } from './touch-recorder';
import { ChatAttribution } from '../outreach/attribution';
import { TypeormAttributionStore } from '../store/attribution-store';
import { ServiceKpis } from '../kpis/service-kpis';
import { startOutcomeLabelling } from '../kpis/outcome-labelling';
import { KpiRollup } from '../kpis/kpi-rollup';
import { startKpiRollup } from '../kpis/rollup-schedule';
import { recordingSessions } from '../kpis/session-recorder';
import { TypeormServiceSessions } from '../store/service-session-store';
import { TypeormSessionOutcomes } from '../store/session-outcome-store';
import { TypeormSurveyResponses } from '../store/survey-response-store';
import {
  compilePredictRules,
  compileTriggers,
  createOutreach,
  OutreachLog,
  unsubscribeLinks,
  type Outreach,
  type TriggerSpec,
  type UnsubscribeLinks,
  OutreachKeys,
  PredictionListener,
  predictionDueCheck,
  type PredictRule,
} from '../outreach';
import { randomBytes } from 'node:crypto';
import type { FlowBundle } from '../flows/types';
import { ShopIdentities } from '../identity/shop-identities';
import { withShopCustomerIds } from '../identity/shop-id-commerce';
import { OrderRefresher, withLifecycle, type EventHandler } from '../identity/lifecycle';
import { createProfiles, type ProfileParts } from './create-profiles';
import type { FeatureListener, FeatureReader } from '../profiles/features';
import { LateFeatureReader } from './late-feature-reader';
import { createBehaviour, type BehaviourParts } from './create-behaviour';
import { ChatBehaviour } from './chat-behaviour';

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
  /** The served flows: the published version from the database (flows/ imported when it changed), docs/studio.md. */
  flows: VersionedFlows;
  /** The flow studio (工作室): drafts, checks, simulator, publish and rollback (docs/studio.md). */
  studio: FlowStudio;
  /** Who saw which A/B variant, once per shopper and experiment (docs/studio.md 实验). */
  exposures: TypeormExposures;
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
  /** Signed one-click unsubscribe links (`{{ unsubscribe_url }}` in outreach templates). */
  links: UnsubscribeLinks;
  /** Invoice requests and complaints the flows took down for staff (in the database). */
  records: ServiceRecords;
  /** Messages shoppers left for staff when no human could answer (工单, `ticket.create`), in the database. */
  tickets: Tickets;
  /** Proactive outreach: queues, policy ledger, scheduler (workers start per role, see src/main.ts). */
  outreach: Outreach;
  /** Paid orders credited to chat touches and outreach, once each; `summary(from, to)` for the KPIs (docs/attribution.md). */
  attribution: ChatAttribution;
  /** Service sessions (一次咨询) as turns are logged; `noteReply(key, at)` for a human's reply (docs/kpis.md). */
  sessions: TypeormServiceSessions;
  /** Service KPIs from stored events: `report({ from, to, channel })` (docs/kpis.md). */
  kpis: ServiceKpis;
  /** Shop customer ids ↔ kefu users: signed web identities, WeChat openids, operator links, merges (docs/identity.md). */
  identities: ShopIdentities;
  /** The orders kefu knows per shopper (the customer lifecycle: user.isNew, user.orders, user.lifecycle). */
  orders: TypeormOrderLedger;
  /** What ingested events go to (POST /events, the Redis list, the commerce feed): order history, then outreach. */
  events: EventHandler;
  /** The agent inbox (docs/console.md): handoffs to the console, operators online, live updates. */
  desk: DeskParts & { inbox: AgentDesk };
  /** Profile tags (flows/profile-tags.yaml) and segments (flows/segments.yaml), docs/profiles.md. */
  profiles: ProfileParts;
  /**
   * Told after each batch of behaviour events (the event pipeline calls `onFeatures` on each): intent prediction's
   * listener is in it (the flows' `predict:` rules, docs/outreach.md).
   */
  featureListeners: FeatureListener[];
  /** Hand intent prediction the feature store its due-time re-check reads (call once the store exists). */
  useFeatureReader(reader: FeatureReader): void;
  /** Shoppers' behaviour features, hot in Redis (docs/profiles.md). */
  features: FeatureReader;
  /** Behaviour event streams, the feature store and its snapshots (consumers start per role in src/main.ts). */
  behaviour: BehaviourParts;
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
  const miniProgram = miniProgramSettings(config); // a half-set KEFU_MINIPROGRAM_* stops start-up before anything connects
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
    // Product and coupon cards a turn showed are kept as touches, for crediting later orders to the chat.
    const attributionStore = new TypeormAttributionStore(runner);
    const sessions = new TypeormServiceSessions(runner, config.timezone);
    // The agent inbox (docs/console.md): handoffs to the console are opened and closed as the turns are logged.
    const desk = deskParts(runner, redis.redis, config.redisPrefix);
    closers.push(() => desk.events.close());
    const recorder = new BufferedTurnRecorder(
      recordingHandoffs(recordingSessions(recordingTouches(conversations, attributionStore, logger), sessions, logger), {
        ...desk,
        answeredInConsole: answeredInConsole(() => flows),
        logger,
      }),
      { logger },
    );
    closers.push(() => recorder.close());
    // Finished sessions get their conversation-quality outcome (docs/kpis.md), off the turn's path.
    closers.push(startOutcomeLabelling(new TypeormSessionOutcomes(runner), { logger, ...(options.now ? { now: options.now } : {}) }));
    // Closed days' service KPIs are rolled up into small daily rows the reports read (docs/kpis.md, "Pre-aggregation").
    if (config.role !== 'web') {
      const rollup = new KpiRollup(dataSource, {
        timeZone: config.timezone,
        attributionWindowMs: config.attributionWindowHours * 3_600_000,
        ...(options.now ? { now: options.now } : {}),
      });
      closers.push(startKpiRollup(rollup, { redis: redis.redis, lockKey: `${config.redisPrefix}:kpi-rollup:lock`, logger }));
    }
    const state = new RedisStateStore(redis.redis, { prefix: config.redisPrefix });
    const recognizer = await createRecognizer(config, logger);
    closers.push(() => recognizer.close?.());
    // The demo shop keeps seeded/changed orders and issued coupons in the database (a restart continues them).
    const shopCommerce = options.commerce ?? createCommerce(config, { demoStore: new TypeormDemoShopStore(runner) });
    // The merchant API is asked about its own customer ids when kefu knows them (docs/identity.md).
    const commerce = config.commerce === 'http' ? withShopCustomerIds(shopCommerce, users) : shopCommerce;
    const records = new TypeormServiceRecords(runner, config.timezone);
    const tickets = new TypeormTickets(runner, config.timezone);
    const surveys = new TypeormSurveyResponses(runner, config.timezone); // survey.record: CSAT / NPS answers (docs/kpis.md)
    const actions = createActionRegistry({}, { records, tickets, surveys });
    // Proactive triggers live in the flow files; the array is refilled in place on every reload.
    const triggers: TriggerSpec[] = [];
    // Intent-prediction rules (`predict:`) are checked by the flow loader: a bad one keeps the last good bundle.
    const predictRules: PredictRule[] = [];
    const refreshTriggers = (bundle: FlowBundle): void => {
      predictRules.splice(0, predictRules.length, ...compilePredictRules(bundle.flows.values()));
      triggers.splice(0, triggers.length, ...compileTriggers([...bundle.flows.values()]));
    };
    const flowParts = { config, redis, runner, recognizer, actionNames: actions.names(), logger: logger.child({ name: 'flows' }) };
    const { flows, studio } = await startStudioFlows(flowParts, {
      watch: options.watchFlows ?? true,
      onReload: (bundle) => {
        try {
          refreshTriggers(bundle);
        } catch (err) {
          logger.warn({ err }, 'proactive triggers not reloaded: the previous ones stay active');
        }
        void reloadRecognizerIntents(recognizer, logger).catch((err) => logger.error({ err }, 'intent reload failed'));
      },
    });
    refreshTriggers(flows.current());
    normalizerFor(flows.current()); // reads the lexicon's pinyin now rather than on the first message
    closers.push(() => flows.stop());
    // Profile tags and segments: rules over attributes, orders, features and service history (docs/profiles.md).
    const profiles = await createProfiles({
      flowsDir: path.resolve(config.flowsDir),
      runner,
      users,
      timeZone: config.timezone,
      logger,
      watch: options.watchFlows ?? true,
      ...(options.now ? { now: options.now } : {}),
    });
    closers.push(() => profiles.rules.stop());
    const exposures = new TypeormExposures(runner, (err, note) =>
      logger.warn({ err, experiment: note.experimentId }, 'A/B exposure not recorded'),
    );
    closers.push(() => exposures.flush());
    const engine = new FlowEngine({
      bundle: () => flows.current(),
      onExposure: (note) => exposures.record(note), // A/B experiments: the shopper's first sight of a variant
      actions,
      actionResults: new RedisActionResults(redis.redis, config.redisPrefix), // a proactive start's actions run once per outreach job
      commerce,
      shop: { name: config.shopName, timezone: config.timezone },
      extractEntities: (text) => extractEntities(text, { timeZone: config.timezone }),
      // Each part of a message with several requests is understood on its own.
      recognize: (text) => recognizer.recognize(text),
      logger,
      availability: consoleAvailability(desk, () => flows, config.timezone),
      // profile.tags, features.* (cached briefly), read only when the served flows can ask about them
      profile: (user, now) =>
        profileNeeded(flows.current(), profiles.rules.current().catalogue) ? profiles.tags.ofUser(user, now) : Promise.resolve(undefined),
    });
    const router = new ChannelRouter([], { miniProgram });
    const links = unsubscribeLinks(config.publicUrl, config.linkSecret ?? (await sharedLinkSecret(redis, config.redisPrefix)));
    const attribution = new ChatAttribution({
      store: attributionStore,
      orders: commerce,
      windowMs: config.attributionWindowHours * 3_600_000,
    });
    const outreachKeys = new OutreachKeys(config.redisPrefix);
    const featureReader = new LateFeatureReader();
    const outreachLog = new OutreachLog(dataSource);
    const outreach = createOutreach({
      unsubscribeUrl: (userId) => links.url(userId),
      redis: redis.redis,
      connection: bullConnection(redis),
      prefix: config.redisPrefix,
      triggers,
      // predicted starts are judged again on fresh features at due time, and the holdout is kept out (docs/outreach.md)
      dueCheck: predictionDueCheck({ rules: () => predictRules, features: featureReader, redis: redis.redis, keys: outreachKeys, users }),
      users,
      directory: createChannelDirectory(conversations, router),
      sender: createOutreachSender(router, { startFlow: (request) => bot.startFlow(request) }), // `start:` triggers (bot is built below)
      log: outreachLog,
      // one window for both ledgers; on order_paid the outreach log is asked first, the chat's credit then counts it once
      conversionWindowMs: attribution.windowMs,
      attribution,
      shop: { name: config.shopName },
      policy: {
        quietHours: parseQuietHours(config.quietHours),
        caps: { perDay: config.capPerDay, perWeek: config.capPerWeek },
        defaultTimeZone: config.timezone,
      },
    });
    closers.push(() => outreach.close());
    const featureListeners: FeatureListener[] = [
      new PredictionListener({
        rules: () => predictRules,
        queues: outreach.queues,
        redis: redis.redis,
        keys: outreachKeys,
        users,
        log: outreachLog,
      }),
    ];
    // Behaviour events → hot features (docs/profiles.md); the listeners above hear each consumed batch.
    const behaviour = createBehaviour({
      redis: redis.redis,
      prefix: config.redisPrefix,
      dataSource,
      logger,
      listeners: featureListeners,
      ...(options.now ? { now: options.now } : {}),
    });
    featureReader.use(behaviour.store);
    profiles.tags.useFeatures(behaviour.store);
    const { activity, replyOutcomes } = ledgerRecorders(outreach.ledger, logger);
    // Each shopper message kefu handles also becomes a chat_message behaviour event (channels, chat_message_*), off the turn's path.
    const chatBehaviour = new ChatBehaviour({ streams: behaviour.streams, logger: logger.child({ name: 'features' }) });
    closers.push(() => chatBehaviour.close());
    const identities = new ShopIdentities({
      store: userStore,
      users,
      ledger: outreach.ledger,
      customerByOpenId: shopCommerce.customerByOpenId?.bind(shopCommerce),
      logger: logger.child({ name: 'identity' }),
    });
    const orders = new TypeormOrderLedger(runner);
    const events = withLifecycle(outreach.scheduler, orders, (userId) => users.forgetUser(userId));
    const purchases = { listOrders: (userId: string) => (commerce.purchases ? commerce.purchases(userId) : commerce.listOrders(userId)) };
    const orderRefresher = new OrderRefresher(purchases, orders, {
      now: options.now,
      onError: (err) => logger.warn({ err }, 'orders not refreshed from the shop; the stored ones are used'),
    });
    const bot = new Bot({
      store: state,
      users,
      recognizer,
      engine,
      recorder,
      sender: router,
      logger,
      maxMessageChars: config.maxMessageChars,
      now: options.now,
      activity: chatBehaviour.wrap(activity),
      replyOutcomes,
      normalize: (text) => normalizerFor(flows.current())(text), // one per bundle: follows hot reload
      identities,
      lifecycle: orderRefresher,
    });
    const agentDesk = createAgentDesk({
      parts: desk,
      runner,
      conversations,
      recorder,
      users,
      commerce,
      router,
      ledger: outreach.ledger,
      bot,
      sessions,
      flows,
      logger,
      redis: redis.redis,
      prefix: config.redisPrefix,
      ...(options.now ? { now: options.now } : {}),
    });
    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      for (const fn of closers.reverse()) await fn();
    };
    return {
      config,
      logger,
      bot,
      router,
      flows,
      studio,
      exposures,
      users,
      userStore,
      conversations,
      recorder,
      state,
      redis,
      dataSource,
      recognizer,
      commerce,
      outreach,
      attribution,
      sessions,
      kpis: new ServiceKpis(dataSource, config.timezone),
      identities,
      orders,
      events,
      desk: { ...desk, inbox: agentDesk },
      profiles,
      featureListeners,
      features: behaviour.store,
      behaviour,
      useFeatureReader: (reader) => {
        featureReader.use(reader);
        profiles.tags.useFeatures(reader); // profile tags read the same features
      },
      links,
      records,
      tickets,
      close,
    };
  } catch (error) {
    for (const fn of closers.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    throw error;
  }
}

/** BullMQ connection options for the same Redis server (BullMQ opens its own blocking connections). */
function bullConnection(redis: RedisConnection): { host: string; port: number; username?: string; password?: string; db?: number } {
  const o = redis.redis.options;
  return { host: o.host ?? '127.0.0.1', port: o.port ?? 6379, username: o.username, password: o.password, db: o.db };
}

/** `22:00-08:00` → minutes after local midnight; `off` → no quiet hours. */
function parseQuietHours(value: string): { startMinute: number; endMinute: number } {
  if (value === 'off') return { startMinute: 0, endMinute: 0 };
  const [start, end] = value.split('-').map((hm) => {
    const [h, m] = hm.split(':').map(Number);
    return h! * 60 + m!;
  });
  return { startMinute: start!, endMinute: end! };
}

/** One random link secret per shop, created by the first process and shared by all through Redis. */
async function sharedLinkSecret(redis: RedisConnection, prefix: string): Promise<string> {
  const key = `${prefix}:link-secret`;
  await redis.redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  return (await redis.redis.get(key))!;
}
